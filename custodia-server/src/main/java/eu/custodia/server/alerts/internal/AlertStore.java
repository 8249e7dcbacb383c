package eu.custodia.server.alerts.internal;

import eu.custodia.server.alerts.Severity;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Table {@code security_alerts}: insert, read, and the one change an alert ever gets, its acknowledgement
 * (conditional, so of two at once exactly one succeeds). There is no delete, here or anywhere: the database
 * refuses it (migration V51).
 */
@Component
final class AlertStore {

    /** Which alerts to list. */
    enum State {
        ALL, OPEN, ACKNOWLEDGED
    }

    private static final String COLUMNS = "seq, id, kind, severity, raised_at, subject, tenant_id, detail,"
            + " trigger_action, trigger_request_id, acknowledged_at, acknowledged_by, note";

    private final JdbcClient jdbc;
    private final SqlInstants instants;

    AlertStore(JdbcClient jdbc, SqlInstants instants) {
        this.jdbc = jdbc;
        this.instants = instants;
    }

    /** Writes a new alert; in the caller's transaction. */
    void insert(String id, String kind, Severity severity, Instant raisedAt, String subject, TenantId tenant,
            String detail, String triggerAction, String triggerRequestId) {
        jdbc.sql("INSERT INTO security_alerts (id, kind, severity, raised_at, subject, tenant_id, detail,"
                + " trigger_action, trigger_request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, kind, severity.code(), instants.bind(raisedAt), subject,
                        tenant == null ? null : tenant.value(), detail, triggerAction, triggerRequestId)
                .update();
    }

    Optional<Alert> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM security_alerts WHERE id = ?").param(id).query(this::row)
                .optional();
    }

    /** Up to {@code limit} alerts in {@code state} written before position {@code before}, newest first. */
    List<Alert> page(State state, long before, int limit) {
        String where = switch (state) {
            case ALL -> "";
            case OPEN -> " AND acknowledged_at IS NULL";
            case ACKNOWLEDGED -> " AND acknowledged_at IS NOT NULL";
        };
        return jdbc.sql("SELECT " + COLUMNS + " FROM security_alerts WHERE seq < ?" + where
                + " ORDER BY seq DESC LIMIT ?").params(before, limit).query(this::row).list();
    }

    /** Acknowledges an open alert; returns false when it is not open (unknown, or acknowledged already). */
    boolean acknowledge(String id, Instant at, String by, String note) {
        return jdbc.sql("UPDATE security_alerts SET acknowledged_at = ?, acknowledged_by = ?, note = ?"
                + " WHERE id = ? AND acknowledged_at IS NULL").params(instants.bind(at), by, note, id).update() == 1;
    }

    private Alert row(ResultSet rs, int n) throws SQLException {
        String tenant = rs.getString("tenant_id");
        return new Alert(rs.getLong("seq"), rs.getString("id"), rs.getString("kind"),
                Severity.ofCode(rs.getString("severity")), instants.read(rs, "raised_at"), rs.getString("subject"),
                tenant == null ? null : new TenantId(tenant), rs.getString("detail"), rs.getString("trigger_action"),
                rs.getString("trigger_request_id"), instants.read(rs, "acknowledged_at"),
                rs.getString("acknowledged_by"), rs.getString("note"));
    }
}
