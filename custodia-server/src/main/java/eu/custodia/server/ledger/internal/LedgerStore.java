package eu.custodia.server.ledger.internal;

import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads of the ledger tables shared by the integrator and the HTTP API, and vendor differences. */
@Component
public final class LedgerStore {

    private final JdbcClient jdbc;
    private final boolean postgres;
    private final String origin;
    private final SqlInstants instants;

    public LedgerStore(JdbcClient jdbc, CustodiaProperties properties, SqlInstants instants) {
        this.jdbc = jdbc;
        this.postgres = !properties.db().embedded();
        this.origin = properties.origin();
        this.instants = instants;
    }

    /**
     * A log's current state.
     *
     * @param log the log
     * @param size its tree size (at least 1)
     * @param checkpoint its latest signed checkpoint note
     */
    public record Head(LogRef log, long size, byte[] checkpoint) {
    }

    boolean postgres() {
        return postgres;
    }

    String baseOrigin() {
        return origin;
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    /** Returns a timestamp parameter for this vendor's timestamp columns. */
    Object timestamp(Instant instant) {
        return instants.bind(instant);
    }

    /** Returns the current head of {@code log}, or empty if nothing was integrated into it yet. */
    public Optional<Head> head(LogRef log) {
        return jdbc.sql("SELECT size, checkpoint FROM ledger_logs WHERE log_id = ?").param(log.logId())
                .query((rs, n) -> new Head(log, rs.getLong(1), rs.getBytes(2))).optional();
    }

    /** Returns every log's head, by log id. */
    public List<Head> heads() {
        return jdbc.sql("SELECT log_id, tenant_id, size, checkpoint FROM ledger_logs ORDER BY log_id")
                .query((rs, n) -> {
                    String tenant = rs.getString(2);
                    LogRef log = LogRef.of(tenant == null ? null : new TenantId(tenant), origin);
                    return new Head(log, rs.getLong(3), rs.getBytes(4));
                }).list();
    }

    /** Returns a read-only tile store over {@code log}'s tiles. */
    JdbcTileStore tiles(LogRef log) {
        return new JdbcTileStore(jdbc, log.logId());
    }
}
