package eu.custodia.server.notices.internal;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.RequestIds;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tenants' notices and the outbox of their webhook deliveries (tables {@code notices} and
 * {@code notice_deliveries}). Every method runs in the caller's transaction, in the tenant's row scope.
 */
@Component
final class NoticeStore {

    static final String TARGET_PREFIX = "access-request/";

    private final JdbcClient jdbc;
    private final SqlInstants instants;
    private final TenantRowScope scope;
    private final Clock clock;
    private final Ledger ledger;

    NoticeStore(JdbcClient jdbc, SqlInstants instants, TenantRowScope scope, Clock clock, Ledger ledger) {
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.instants = instants;
        this.scope = scope;
        this.clock = clock;
    }

    /**
     * Writes the notice reporting {@code event}, and one pending delivery for each of the tenant's webhook
     * endpoints, in the caller's (the change's) transaction.
     *
     * @return the notice's id
     */
    String record(NoticeKind kind, LedgerEvent event) {
        TenantId tenant = event.tenant();
        String requestId = event.target().startsWith(TARGET_PREFIX)
                ? event.target().substring(TARGET_PREFIX.length()) : null;
        Instant now = clock.instant();
        String id = Ids.notice();
        return scope.within(tenant, () -> {
            jdbc.sql("INSERT INTO notices (id, tenant_id, kind, action, request_id, actor, reason, ledger_request_id,"
                    + " occurred_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(id, tenant.value(), kind.code(), event.action(), requestId, event.actor().id(),
                            event.reason(), event.requestId(), instants.bind(event.time()), instants.bind(now))
                    .update();
            List<String> endpoints = jdbc.sql("SELECT id FROM notice_webhook_endpoints WHERE tenant_id = ?"
                    + " ORDER BY created_at, id").param(tenant.value()).query(String.class).list();
            for (String endpoint : endpoints) {
                jdbc.sql("INSERT INTO notice_deliveries (id, tenant_id, endpoint_id, notice_id, state, attempts,"
                        + " next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)")
                        .params(Ids.message(), tenant.value(), endpoint, id, instants.bind(now), instants.bind(now))
                        .update();
            }
            return id;
        });
    }

    /** The tenant's notices, newest first; only unread ones when {@code unreadOnly}. */
    List<Notice> list(TenantId tenant, boolean unreadOnly, int limit) {
        return scope.within(tenant, () -> jdbc.sql("SELECT * FROM notices WHERE tenant_id = ?"
                + (unreadOnly ? " AND read_at IS NULL" : "") + " ORDER BY seq DESC LIMIT ?")
                .params(tenant.value(), limit).query(this::notice).list());
    }

    /** One of the tenant's notices. */
    Optional<Notice> find(TenantId tenant, String id) {
        return scope.within(tenant, () -> jdbc.sql("SELECT * FROM notices WHERE tenant_id = ? AND id = ?")
                .params(tenant.value(), id).query(this::notice).optional());
    }

    /**
     * Marks the notice read by {@code by} unless it already was, ledgering the change ({@code notices.read}) in
     * the caller's transaction; empty when the tenant has no such notice.
     */
    Optional<Notice> markRead(TenantId tenant, String id, Caller by) {
        Instant now = clock.instant();
        return scope.within(tenant, () -> {
            if (jdbc.sql("UPDATE notices SET read_at = ?, read_by = ? WHERE tenant_id = ? AND id = ? AND read_at IS"
                    + " NULL").params(instants.bind(now), by.id(), tenant.value(), id).update() == 1) {
                ledger.record(new LedgerEvent(now, tenant, by.ledgerActor(), "notices.read", "notice/" + id,
                        "success", "notice marked read", RequestIds.current()));
            }
            return jdbc.sql("SELECT * FROM notices WHERE tenant_id = ? AND id = ?").params(tenant.value(), id)
                    .query(this::notice).optional();
        });
    }

    Notice notice(ResultSet rs, int row) throws SQLException {
        return new Notice(rs.getString("id"), new TenantId(rs.getString("tenant_id")),
                NoticeKind.ofCode(rs.getString("kind")), rs.getString("action"), rs.getString("request_id"),
                rs.getString("actor"), rs.getString("reason"), rs.getString("ledger_request_id"),
                instants.read(rs, "occurred_at"), instants.read(rs, "read_at"), rs.getString("read_by"));
    }
}
