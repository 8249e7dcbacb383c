package eu.custodia.server.ledger.internal;

import eu.custodia.tlog.tiles.AppendResult;
import eu.custodia.tlog.tiles.Tile;
import eu.custodia.tlog.tiles.TileId;
import eu.custodia.tlog.tiles.TileStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The tiles and entry bundles of one log in table {@code ledger_tiles}, keyed by log id and tile
 * coordinates (level {@code -1} for entry bundles). Writes join the caller's transaction, so a batch of
 * tiles becomes visible together with its checkpoint, or not at all. Tiles written through this instance
 * are kept in memory too, so that computing the new root does not read them back. Not thread-safe: one
 * instance per transaction or per request.
 */
final class JdbcTileStore implements TileStore {

    private static final String UPSERT = "INSERT INTO ledger_tiles (log_id, level, idx, width, data)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (log_id, level, idx, width) DO UPDATE SET data = excluded.data";
    private static final String DELETE_PARTIALS = "DELETE FROM ledger_tiles"
            + " WHERE log_id = ? AND level = ? AND idx = ? AND width < 256";

    private final JdbcClient jdbc;
    private final String logId;
    private final Map<TileId, byte[]> written = new HashMap<>();

    JdbcTileStore(JdbcClient jdbc, String logId) {
        this.jdbc = jdbc;
        this.logId = logId;
    }

    @Override
    public Optional<byte[]> read(TileId id) {
        byte[] mine = written.get(id);
        if (mine != null) {
            return Optional.of(mine.clone());
        }
        return jdbc.sql("SELECT data FROM ledger_tiles WHERE log_id = ? AND level = ? AND idx = ? AND width = ?")
                .params(logId, id.level(), id.index(), id.width())
                .query((rs, n) -> rs.getBytes(1)).optional();
    }

    @Override
    public void write(TileId id, byte[] data) {
        jdbc.sql(UPSERT).params(logId, id.level(), id.index(), id.width(), data).update();
        written.put(id, data);
    }

    /**
     * Stores every tile and bundle of {@code result} in two JDBC batches, and deletes the partial tiles that
     * the new full tiles replace (tlog-tiles, "Partial Tiles": clients fall back to the full tile).
     */
    void writeAll(AppendResult result, JdbcTemplate batch) {
        List<Object[]> rows = new ArrayList<>(result.tiles().size() + result.entryBundles().size());
        List<Object[]> superseded = new ArrayList<>();
        for (List<Tile> tiles : List.of(result.entryBundles(), result.tiles())) {
            for (Tile t : tiles) {
                TileId id = t.id();
                rows.add(new Object[] {logId, id.level(), id.index(), id.width(), t.data()});
                written.put(id, t.data());
                if (!id.isPartial()) {
                    superseded.add(new Object[] {logId, id.level(), id.index()});
                }
            }
        }
        if (!superseded.isEmpty()) {
            batch.batchUpdate(DELETE_PARTIALS, superseded);
        }
        batch.batchUpdate(UPSERT, rows);
    }
}
