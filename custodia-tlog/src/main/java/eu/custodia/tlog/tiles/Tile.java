package eu.custodia.tlog.tiles;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One C2SP tlog-tiles resource with its content: a hash tile (its hashes concatenated, 32 bytes each) or an
 * entry bundle (see {@link EntryBundle}), as served at {@link TileId#path()}
 * (<a href="https://c2sp.org/tlog-tiles">c2sp.org/tlog-tiles</a>).
 *
 * <p>The array is not copied; whoever builds a {@code Tile} hands it over and must not modify it.
 *
 * @param id the tile coordinates
 * @param data the tile bytes
 */
public record Tile(TileId id, byte[] data) {

    /**
     * @throws IllegalArgumentException if a hash tile's length is not {@code 32 * width}
     */
    public Tile {
        if (!id.isEntryBundle() && data.length != id.hashBytes()) {
            throw new IllegalArgumentException("tile " + id + " must be " + id.hashBytes() + " bytes, not "
                    + data.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tile t && id.equals(t.id) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * id.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        String head = HexFormat.of().formatHex(data, 0, Math.min(8, data.length));
        return "Tile[" + id + ", " + data.length + " bytes, " + head + (data.length > 8 ? "...]" : "]");
    }
}
