package eu.custodia.tlog.tiles;

/**
 * The coordinates of one C2SP tlog-tiles resource: a Merkle tree tile {@code tile/<L>/<N>[.p/<W>]} or an
 * entry bundle {@code tile/entries/<N>[.p/<W>]} (<a href="https://c2sp.org/tlog-tiles">c2sp.org/tlog-tiles</a>).
 *
 * <p>{@code level} is the tile level {@code L} in {@code 0..63}, or {@link #ENTRIES} for an entry bundle;
 * {@code index} is {@code N}; {@code width} is the number of hashes (or entries) in the tile: 256 for a full
 * tile, {@code 1..255} for a partial tile. A hash tile at level {@code L} holds Merkle tree hashes of level
 * {@code 8 * L}.
 *
 * @param level tile level, or {@link #ENTRIES}
 * @param index tile index within its level, non-negative
 * @param width number of hashes or entries, {@code 1..256}
 */
public record TileId(int level, long index, int width) {

    /** The pseudo-level of entry bundles, {@code tile/entries/...}. */
    public static final int ENTRIES = -1;

    /** Highest tile level a path may name. */
    public static final int MAX_LEVEL = 63;

    /** Number of hashes (or entries) in a full tile. */
    public static final int FULL_WIDTH = 256;

    /**
     * @throws IllegalArgumentException if a component is out of range
     */
    public TileId {
        if (level < ENTRIES || level > MAX_LEVEL) {
            throw new IllegalArgumentException("tile level " + level + " is outside -1..63");
        }
        if (index < 0) {
            throw new IllegalArgumentException("tile index " + index + " is negative");
        }
        if (width < 1 || width > FULL_WIDTH) {
            throw new IllegalArgumentException("tile width " + width + " is outside 1..256");
        }
    }

    /** Returns the hash tile at {@code level}, {@code index} with the given width. */
    public static TileId hashTile(int level, long index, int width) {
        if (level < 0) {
            throw new IllegalArgumentException("hash tile level " + level + " is negative");
        }
        return new TileId(level, index, width);
    }

    /** Returns the entry bundle {@code index} holding {@code width} entries. */
    public static TileId entryBundle(long index, int width) {
        return new TileId(ENTRIES, index, width);
    }

    /** Whether this names an entry bundle rather than a hash tile. */
    public boolean isEntryBundle() {
        return level == ENTRIES;
    }

    /** Whether this is a partial tile (width below 256). */
    public boolean isPartial() {
        return width < FULL_WIDTH;
    }

    /** Returns the same coordinates with width 256. */
    public TileId full() {
        return new TileId(level, index, FULL_WIDTH);
    }

    /** Returns the byte length of a hash tile of this width ({@code 32 * width}). */
    public int hashBytes() {
        return width * 32;
    }

    /** Returns the tile's path relative to the log prefix, as {@link TilePath#encode(TileId)}. */
    public String path() {
        return TilePath.encode(this);
    }

    @Override
    public String toString() {
        return path();
    }
}
