package eu.custodia.tlog.tiles;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.merkle.HashReader;
import eu.custodia.tlog.merkle.Rfc9162;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link HashReader} over the hash tiles of a tree of a given size in a {@link TileStore}
 * (<a href="https://c2sp.org/tlog-tiles">c2sp.org/tlog-tiles</a>). A hash at a level that is a multiple of
 * 8 is read from its tile; any other level {@code 8L+k} is computed from the {@code 2^k} hashes of the tile
 * at level {@code L} that lie under it. Every tile read is checked to be exactly {@code 32 * width} bytes
 * for the width it has in this tree size. If a partial tile is gone, the full tile at the same coordinates
 * is used instead, as the specification allows. Recently used tiles are cached. Tiles above level 0 are
 * few (one per 65,536 entries) and are on every proof's path, so they are also kept expanded (every
 * in-tile subtree hash computed once, at most 16 KiB each), which makes a proof cost about one level-0
 * tile of hashing. Level-0 tiles are many (one per 256 entries); for them a bounded cache keeps only the
 * in-tile levels 4 to 7 (30 hashes, under 1 KiB per tile, {@value #DEFAULT_LEVEL0_SUMMARIES} tiles by
 * default), so a proof through a tile seen before hashes at most 11 nodes, and one through a new tile
 * hashes the tile once. Thread-safe.
 */
public final class TileHashReader implements HashReader {

    /** Default number of tiles cached (at most 8 KiB each). */
    public static final int DEFAULT_CACHE_TILES = 64;

    /** Number of expanded tiles above level 0 kept (at most 16 KiB each); enough for 67 million entries. */
    public static final int EXPANDED_UPPER_TILES = 1024;

    /** Default number of level-0 tile summaries kept (under 1 KiB each: 64 MiB covers 16.7 million entries). */
    public static final int DEFAULT_LEVEL0_SUMMARIES = 65_536;

    /** Level-0 subtrees this many levels or more above the leaves come from the summary cache. */
    private static final int SUMMARY_FROM_LEVEL = 4;

    private static final int H = Rfc9162.HASH_SIZE;

    private final TileStore store;
    private final long treeSize;
    private final Map<TileId, byte[]> cache;
    private final Map<TileId, byte[]> expanded = lru(EXPANDED_UPPER_TILES);
    private final Map<TileId, byte[]> summaries;

    /** Reads hashes of the tree of {@code treeSize} entries from {@code store}, caching 64 tiles. */
    public TileHashReader(TileStore store, long treeSize) {
        this(store, treeSize, DEFAULT_CACHE_TILES);
    }

    /** Reads hashes of the tree of {@code treeSize} entries, caching up to {@code cacheTiles} tiles. */
    public TileHashReader(TileStore store, long treeSize, int cacheTiles) {
        if (treeSize < 0 || cacheTiles < 0) {
            throw new IllegalArgumentException("tree size " + treeSize + " and cache size " + cacheTiles
                    + " must not be negative");
        }
        this.store = store;
        this.treeSize = treeSize;
        this.cache = lru(cacheTiles);
        this.summaries = lru(DEFAULT_LEVEL0_SUMMARIES);
    }

    private static Map<TileId, byte[]> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<TileId, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Returns the tree size this reader serves. */
    public long treeSize() {
        return treeSize;
    }

    @Override
    public byte[] hash(int level, long index) throws VerificationException {
        TileRange range = TileMath.locate(level, index, treeSize);
        byte[] tile = tile(range.tile());
        byte[] out = new byte[H];
        if (range.count() == 1) {
            System.arraycopy(tile, range.start() * H, out, 0, H);
        } else if (range.tile().level() > 0) {
            byte[] all = expanded(range.tile(), tile);
            int k = Integer.numberOfTrailingZeros(range.count());
            int at = TileHasher.expandedOffset(range.tile().width(), k) + range.start() / range.count();
            System.arraycopy(all, at * H, out, 0, H);
        } else if (range.count() >= 1 << SUMMARY_FROM_LEVEL) {
            int k = Integer.numberOfTrailingZeros(range.count());
            int width = range.tile().width();
            int at = TileHasher.expandedOffset(width, k) - TileHasher.expandedOffset(width, SUMMARY_FROM_LEVEL)
                    + range.start() / range.count();
            System.arraycopy(summary(range.tile(), tile), at * H, out, 0, H);
        } else {
            TileHasher.local().subtreeHash(tile, range.start() * H, range.count(), out, 0);
        }
        return out;
    }

    /** The in-tile levels {@value #SUMMARY_FROM_LEVEL} and up of a level-0 tile, computed once. */
    private byte[] summary(TileId id, byte[] tile) {
        synchronized (summaries) {
            byte[] cached = summaries.get(id);
            if (cached != null) {
                return cached;
            }
        }
        byte[] all = TileHasher.local().expand(tile, id.width());
        int from = TileHasher.expandedOffset(id.width(), SUMMARY_FROM_LEVEL) * H;
        byte[] upper = java.util.Arrays.copyOfRange(all, from, all.length);
        synchronized (summaries) {
            summaries.put(id, upper);
        }
        return upper;
    }

    private byte[] expanded(TileId id, byte[] tile) {
        synchronized (expanded) {
            byte[] cached = expanded.get(id);
            if (cached != null) {
                return cached;
            }
        }
        byte[] all = TileHasher.local().expand(tile, id.width());
        synchronized (expanded) {
            expanded.put(id, all);
        }
        return all;
    }

    /**
     * Returns the validated bytes of hash tile {@code id}; the array must not be modified.
     *
     * @throws VerificationException if the tile is missing, unreadable or has the wrong length
     */
    byte[] tile(TileId id) throws VerificationException {
        synchronized (cache) {
            byte[] cached = cache.get(id);
            if (cached != null) {
                return cached;
            }
        }
        byte[] data = read(id);
        if (data != null) {
            data = checkLength(id, data);
        } else if (id.isPartial()) {
            byte[] full = read(id.full());
            if (full != null) {
                data = Arrays.copyOf(checkLength(id.full(), full), id.hashBytes());
            }
        }
        if (data == null) {
            throw new VerificationException("tile " + id + " is missing"
                    + (id.isPartial() ? " (and so is the full tile " + id.full() + ")" : ""));
        }
        synchronized (cache) {
            cache.put(id, data);
        }
        return data;
    }

    private byte[] read(TileId id) throws VerificationException {
        try {
            Optional<byte[]> data = store.read(id);
            return data.orElse(null);
        } catch (IOException e) {
            throw new VerificationException("tile " + id + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static byte[] checkLength(TileId id, byte[] data) throws VerificationException {
        if (data.length != id.hashBytes()) {
            throw new VerificationException("tile " + id + " is " + data.length + " bytes, expected "
                    + id.hashBytes() + " (" + id.width() + " hashes of 32 bytes)");
        }
        return data;
    }
}
