package eu.custodia.tlog.tiles;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TileStore} held in memory, for tests, benchmarks and short-lived logs
 * (<a href="https://c2sp.org/tlog-tiles">c2sp.org/tlog-tiles</a> resources keyed by {@link TileId}).
 * Thread-safe. Written arrays are kept without copying; reads return copies.
 */
public final class InMemoryTileStore implements TileStore {

    private final Map<TileId, byte[]> tiles = new ConcurrentHashMap<>();

    @Override
    public Optional<byte[]> read(TileId id) {
        byte[] data = tiles.get(id);
        return data == null ? Optional.empty() : Optional.of(data.clone());
    }

    @Override
    public void write(TileId id, byte[] data) {
        tiles.put(id, data);
    }

    /** Removes the bytes stored for {@code id}, if any. */
    public void delete(TileId id) {
        tiles.remove(id);
    }

    /** Returns how many resources the store holds. */
    public int size() {
        return tiles.size();
    }
}
