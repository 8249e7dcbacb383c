package eu.custodia.tlog.tiles;

import eu.custodia.tlog.VerificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Tile arithmetic of <a href="https://c2sp.org/tlog-tiles">c2sp.org/tlog-tiles</a>: tiles have height 8,
 * so a tile at level {@code L} holds up to 256 Merkle tree hashes of level {@code 8 * L}; the {@code n}-th
 * full tile at level {@code l} spans entries {@code [n * 256^(l+1), (n+1) * 256^(l+1))}; the partial tile at
 * level {@code l} of a tree of size {@code s} has {@code floor(s / 256^l) mod 256} hashes.
 */
public final class TileMath {

    /** Tile height in Merkle levels. */
    public static final int TILE_HEIGHT = 8;

    /** Hashes per full tile. */
    public static final int TILE_WIDTH = TileId.FULL_WIDTH;

    /** Tile levels a tree with a 63-bit size can have ({@code 0..7}). */
    public static final int MAX_TILE_LEVELS = 8;

    private TileMath() {
    }

    /** Returns how many complete subtrees of Merkle level {@code merkleLevel} a tree of this size has. */
    public static long hashCount(int merkleLevel, long treeSize) {
        checkSize(treeSize);
        return merkleLevel >= Long.SIZE ? 0 : treeSize >>> merkleLevel;
    }

    /** Returns the number of full tiles at {@code tileLevel}: {@code floor(s / 256^(L+1))}. */
    public static long fullTileCount(int tileLevel, long treeSize) {
        return hashCount(TILE_HEIGHT * (tileLevel + 1), treeSize);
    }

    /** Returns the width of the partial tile at {@code tileLevel}, {@code 0..255}; 0 if there is none. */
    public static int partialTileWidth(int tileLevel, long treeSize) {
        return (int) (hashCount(TILE_HEIGHT * tileLevel, treeSize) & (TILE_WIDTH - 1));
    }

    /** Returns how many tile levels hold at least one hash (0 for the empty tree). */
    public static int tileLevelCount(long treeSize) {
        int levels = 0;
        while (levels < MAX_TILE_LEVELS && hashCount(TILE_HEIGHT * levels, treeSize) > 0) {
            levels++;
        }
        return levels;
    }

    /**
     * Returns the width tile {@code (tileLevel, tileIndex)} has in a tree of this size: 256 when full,
     * {@code 1..255} when partial, 0 when the tree has no such tile.
     */
    public static int tileWidth(int tileLevel, long tileIndex, long treeSize) {
        long hashes = hashCount(TILE_HEIGHT * tileLevel, treeSize);
        if (tileIndex < 0 || tileIndex > (hashes >>> TILE_HEIGHT)) {
            return 0;
        }
        return (int) Math.min(TILE_WIDTH, hashes - (tileIndex << TILE_HEIGHT));
    }

    /** Returns, for each tile level of the tree, its rightmost tile (full or partial), lowest level first. */
    public static List<TileId> rightmostTiles(long treeSize) {
        List<TileId> tiles = new ArrayList<>();
        for (int level = 0; level < tileLevelCount(treeSize); level++) {
            long hashes = hashCount(TILE_HEIGHT * level, treeSize);
            long index = (hashes - 1) >>> TILE_HEIGHT;
            tiles.add(TileId.hashTile(level, index, tileWidth(level, index, treeSize)));
        }
        return tiles;
    }

    /** Returns the partial tiles of the tree, lowest level first (none when every level is full). */
    public static List<TileId> partialTiles(long treeSize) {
        List<TileId> tiles = new ArrayList<>();
        for (int level = 0; level < tileLevelCount(treeSize); level++) {
            int width = partialTileWidth(level, treeSize);
            if (width > 0) {
                tiles.add(TileId.hashTile(level, fullTileCount(level, treeSize), width));
            }
        }
        return tiles;
    }

    /** Returns every hash tile (full and partial) of the tree, by level, then index. Lazily generated. */
    public static Stream<TileId> tiles(long treeSize) {
        return Stream.iterate(0, l -> l < tileLevelCount(treeSize), l -> l + 1)
                .flatMap(level -> tilesAtLevel(level, treeSize));
    }

    /** Returns every entry bundle (full and partial) of the tree, by index. Lazily generated. */
    public static Stream<TileId> entryBundles(long treeSize) {
        return tilesAtLevel(0, treeSize).map(t -> TileId.entryBundle(t.index(), t.width()));
    }

    private static Stream<TileId> tilesAtLevel(int level, long treeSize) {
        long full = fullTileCount(level, treeSize);
        int partial = partialTileWidth(level, treeSize);
        Stream<TileId> fulls = LongStream.range(0, full).mapToObj(n -> TileId.hashTile(level, n, TILE_WIDTH));
        return partial == 0 ? fulls : Stream.concat(fulls, Stream.of(TileId.hashTile(level, full, partial)));
    }

    /**
     * Returns where the hash of the complete subtree {@code (level, index)} lives: the tile at level
     * {@code floor(level / 8)} (with its width in this tree) and the {@code 2^(level mod 8)} hashes in it
     * that hash up to the subtree hash.
     *
     * @throws VerificationException if the subtree is not complete within {@code treeSize}
     */
    public static TileRange locate(int level, long index, long treeSize) throws VerificationException {
        checkSize(treeSize);
        if (level < 0 || level > TileId.MAX_LEVEL || index < 0 || index >= hashCount(level, treeSize)) {
            throw new VerificationException("hash (level " + level + ", index " + index
                    + ") is not a complete subtree of a tree of size " + treeSize);
        }
        int tileLevel = level / TILE_HEIGHT;
        int k = level % TILE_HEIGHT;
        long first = index << k;
        long tileIndex = first >>> TILE_HEIGHT;
        TileId tile = TileId.hashTile(tileLevel, tileIndex, tileWidth(tileLevel, tileIndex, treeSize));
        return new TileRange(tile, (int) (first & (TILE_WIDTH - 1)), 1 << k);
    }

    private static void checkSize(long treeSize) {
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size " + treeSize + " is negative");
        }
    }
}
