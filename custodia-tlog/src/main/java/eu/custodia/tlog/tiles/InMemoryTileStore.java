package eu.custodia.tlog.tiles;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TileStore} held in memory, for tests, benchmarks and short-lived logs
 * (<a href="https://c2sp.org/tlog-tiles">c2sp.org/tlog-tiles</a> resources keyed by {@link TileId}).
 * Thread-safe. Written arrays are kept without copying; reads return copies.
 *
 * <p>Writing a full tile deletes the partial tiles (or bundles) at the same coordinates, as the
 * specification permits once the full tile is available; {@link TileHashReader} then serves older tree
 * sizes from the full tile. This bounds memory when every small batch publishes a partial tile.
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
        if (!id.isPartial()) {
            for (int w = 1; w < TileId.FULL_WIDTH; w++) {
                tiles.remove(new TileId(id.level(), id.index(), w));
            }
        }
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
