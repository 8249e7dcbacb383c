package eu.custodia.tlog.tiles;

import java.io.IOException;
import java.util.Collection;
import java.util.Optional;

/**
 * Storage for the static resources of a tiled transparency log
 * (<a href="https://c2sp.org/tlog-tiles">c2sp.org/tlog-tiles</a>): hash tiles and entry bundles, addressed
 * by {@link TileId}. Implementations must make each write atomic: a reader sees the old bytes or the new
 * bytes, never a mix. Full tiles are immutable once written; partial tiles are rewritten as the tree grows.
 */
public interface TileStore {

    /**
     * Returns the bytes stored for {@code id}, or empty if there are none. The bytes are not validated:
     * callers check their length against the tile width. The returned array belongs to the caller.
     *
     * @throws IOException if the store cannot be read
     */
    Optional<byte[]> read(TileId id) throws IOException;

    /**
     * Stores {@code data} for {@code id}, replacing earlier bytes atomically. The store may keep the array;
     * the caller must not modify it afterwards.
     *
     * @throws IOException if the store cannot be written
     */
    void write(TileId id, byte[] data) throws IOException;

    /**
     * Stores every tile in order.
     *
     * @throws IOException if the store cannot be written
     */
    default void writeAll(Collection<Tile> tiles) throws IOException {
        for (Tile t : tiles) {
            write(t.id(), t.data());
        }
    }
}
