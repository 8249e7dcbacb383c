package eu.custodia.tlog.tiles;

import static eu.custodia.tlog.tiles.TileMath.MAX_TILE_LEVELS;
import static eu.custodia.tlog.tiles.TileMath.TILE_HEIGHT;
import static eu.custodia.tlog.tiles.TileMath.TILE_WIDTH;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.merkle.Rfc9162;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Appends entries to a Merkle tree kept as C2SP tlog-tiles (<a href="https://c2sp.org/tlog-tiles">
 * c2sp.org/tlog-tiles</a>). Each batch hashes every new entry once (RFC 9162 leaf hash) and, whenever a
 * tile fills, the 255 interior nodes that turn its 256 hashes into one hash of the tile level above.
 * Nothing already stored is rehashed: the builder keeps only the rightmost (partial) tile of each level
 * and the partial entry bundle. Not thread-safe.
 */
public final class TreeBuilder {

    private static final int H = Rfc9162.HASH_SIZE;
    private static final int TILE_BYTES = TILE_WIDTH * H;

    private final TileHasher hasher = new TileHasher();
    private final byte[][] levelHashes = new byte[MAX_TILE_LEVELS][];
    private final int[] levelCount = new int[MAX_TILE_LEVELS];
    private final PartialBundle bundle;
    private long size;

    private TreeBuilder(long size, PartialBundle bundle) {
        this.size = size;
        this.bundle = bundle;
        for (int l = 0; l < MAX_TILE_LEVELS; l++) {
            levelHashes[l] = new byte[TILE_BYTES];
        }
    }

    /** Returns a builder for an empty tree. */
    public static TreeBuilder empty() {
        return new TreeBuilder(0, new PartialBundle(new byte[0], 0));
    }

    /**
     * Returns a builder that continues the tree of {@code treeSize} entries held in {@code store}, reading
     * its partial tiles and partial entry bundle and checking each bundled entry against its leaf hash.
     *
     * @throws VerificationException if a needed resource is missing or malformed
     * @throws IOException if the store cannot be read
     */
    public static TreeBuilder resume(TileStore store, long treeSize) throws VerificationException, IOException {
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size " + treeSize + " is negative");
        }
        int width0 = TileMath.partialTileWidth(0, treeSize);
        byte[] bundleBytes = new byte[0];
        if (width0 > 0) {
            TileId id = TileId.entryBundle(TileMath.fullTileCount(0, treeSize), width0);
            bundleBytes = store.read(id).orElseThrow(() -> new VerificationException("entry bundle " + id
                    + " of tree size " + treeSize + " is missing"));
        }
        TreeBuilder b = new TreeBuilder(treeSize, new PartialBundle(bundleBytes, width0));
        for (TileId id : TileMath.partialTiles(treeSize)) {
            byte[] data = store.read(id).orElseThrow(() -> new VerificationException("tile " + id
                    + " of tree size " + treeSize + " is missing"));
            if (data.length != id.hashBytes()) {
                throw new VerificationException("tile " + id + " is " + data.length + " bytes, expected "
                        + id.hashBytes() + " (" + id.width() + " hashes)");
            }
            System.arraycopy(data, 0, b.levelHashes[id.level()], 0, data.length);
            b.levelCount[id.level()] = id.width();
        }
        if (width0 > 0) {
            b.checkBundleAgainstLeaves(bundleBytes, width0);
        }
        return b;
    }

    private void checkBundleAgainstLeaves(byte[] bundleBytes, int width) throws VerificationException {
        TileId bundleId = TileId.entryBundle(TileMath.fullTileCount(0, size), width);
        List<byte[]> entries = EntryBundle.decode(bundleBytes, width);
        byte[] leaf = new byte[H];
        for (int i = 0; i < width; i++) {
            hasher.leafHash(entries.get(i), leaf, 0);
            if (!Arrays.equals(leaf, 0, H, levelHashes[0], i * H, (i + 1) * H)) {
                throw new VerificationException("entry " + i + " of entry bundle " + bundleId
                        + " does not match its leaf hash in tile " + TileId.hashTile(0, bundleId.index(), width));
            }
        }
    }

    /** Returns the current tree size. */
    public long size() {
        return size;
    }

    /**
     * Appends {@code entries} in order and returns the tiles and entry bundles that changed. The batch is
     * checked before anything changes: on an exception the builder is as it was.
     *
     * @throws VerificationException if an entry is larger than 65,535 bytes (the entry bundle limit) or the
     *     tree would exceed {@code 2^63 - 1} entries
     */
    public AppendResult append(List<byte[]> entries) throws VerificationException {
        for (int i = 0; i < entries.size(); i++) {
            EntryBundle.checkEntry(entries.get(i), size + i);
        }
        if (entries.size() > Long.MAX_VALUE - size) {
            throw new VerificationException("appending " + entries.size() + " entries to a tree of size " + size
                    + " overflows the tree size");
        }
        long previous = size;
        List<Tile> tiles = new ArrayList<>();
        List<Tile> bundles = new ArrayList<>();
        boolean[] touched = new boolean[MAX_TILE_LEVELS];
        for (byte[] entry : entries) {
            hasher.leafHash(entry, levelHashes[0], levelCount[0] * H);
            bundle.add(entry);
            size++;
            touched[0] = true;
            if (++levelCount[0] == TILE_WIDTH) {
                bundles.add(new Tile(TileId.entryBundle((size >>> TILE_HEIGHT) - 1, TILE_WIDTH), bundle.take()));
                carry(tiles, touched);
            }
        }
        LazyTileList allTiles = new LazyTileList(tiles);
        for (int l = 0; l < MAX_TILE_LEVELS; l++) {
            if (touched[l] && levelCount[l] > 0) {
                TileId id = TileId.hashTile(l, TileMath.fullTileCount(l, size), levelCount[l]);
                allTiles.addPartial(id, levelHashes[l], id.hashBytes());
            }
        }
        LazyTileList allBundles = new LazyTileList(bundles);
        if (touched[0] && levelCount[0] > 0) {
            allBundles.addPartial(TileId.entryBundle(size >>> TILE_HEIGHT, levelCount[0]), bundle.buffer(),
                    bundle.length());
        }
        return new AppendResult(previous, size, allTiles, allBundles);
    }

    /** Emits each full tile, starting at level 0, and carries its subtree hash into the level above. */
    private void carry(List<Tile> tiles, boolean[] touched) {
        for (int l = 0; l < MAX_TILE_LEVELS - 1 && levelCount[l] == TILE_WIDTH; l++) {
            byte[] full = levelHashes[l];
            long index = TileMath.fullTileCount(l, size) - 1;
            tiles.add(new Tile(TileId.hashTile(l, index, TILE_WIDTH), full));
            hasher.subtreeHash(full, 0, TILE_WIDTH, levelHashes[l + 1], levelCount[l + 1] * H);
            levelHashes[l] = new byte[TILE_BYTES];
            levelCount[l] = 0;
            levelCount[l + 1]++;
            touched[l + 1] = true;
        }
    }
}
