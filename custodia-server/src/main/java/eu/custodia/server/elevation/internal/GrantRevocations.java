package eu.custodia.server.elevation.internal;

import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.RequestIds;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The end of a grant, on every node, with explicit states and never a silent gap.
 *
 * <ol>
 *   <li>{@link #begin} — in the transaction that ends an active grant (conclusion, revocation, closed ticket):
 *       the grants' version incremented (every node polls it), and the request's
 *       revocation {@code revoking}.</li>
 *   <li>{@link #propagate} — after the commit: this node drops the grant, reloads, reports the version applied,
 *       and waits (at most {@code custodia.elevation.revocation.deadline}) until every live node in
 *       {@code elevation_nodes} has reported it (or a later one) too: then {@code revoked}, ledgered as
 *       {@code elevation.revocation-confirmed} with how many nodes and how long it took.</li>
 *   <li>{@link #sweep} — every poll: confirms what is confirmed; a revocation still unconfirmed past the deadline
 *       becomes {@code revocation-failed}, ledgered once as {@code elevation.revocation-failed} (outcome
 *       failure, naming the lagging nodes), which raises a critical alert. It stays watched: a late confirmation
 *       still turns it {@code revoked}.</li>
 * </ol>
 *
 * Whatever the confirmation says, no node honours an ended grant for longer than
 * {@code custodia.elevation.revocation.max-staleness} ({@link GrantIndex} fails closed); the confirmation is the
 * evidence of it.
 */
@Component
final class GrantRevocations {

    static final String REVOKING = "revoking";
    static final String REVOKED = "revoked";
    static final String FAILED = "revocation-failed";

    private static final Logger LOG = LoggerFactory.getLogger(GrantRevocations.class);
    private static final long WAIT_STEP_MILLIS = 20;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SqlInstants instants;
    private final Ledger ledger;
    private final Clock clock;
    private final GrantIndex index;
    private final RevocationProperties properties;

    GrantRevocations(JdbcClient jdbc, TransactionTemplate tx, SqlInstants instants, Ledger ledger, Clock clock,
            GrantIndex index, RevocationProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.instants = instants;
        this.ledger = ledger;
        this.clock = clock;
        this.index = index;
        this.properties = properties;
    }

    /** In the activating transaction, or an expiry's: tells every node the grants in force changed. */
    void changed() {
        bump();
    }

    /** In the transaction that ends an active grant: the version to wait for, and the state {@code revoking}. */
    void begin(String requestId, Instant now) {
        long version = bump();
        jdbc.sql("UPDATE elevation_requests SET revocation_state = ?, revocation_version = ?,"
                + " revocation_started_at = ? WHERE id = ?").params(REVOKING, version, instants.bind(now), requestId)
                .update();
    }

    /**
     * After the commit of {@link #begin}: drops the grant here, reports it, and waits for every live node to
     * confirm, at most until the deadline (the sweep takes over after that).
     */
    void propagate(String requestId, String principal, TenantId tenant) {
        index.remove(requestId, principal, tenant);
        long until = System.nanoTime() + properties.deadline().toNanos();
        try {
            index.poll(true);
            while (!confirm(requestId) && System.nanoTime() < until) {
                Thread.sleep(WAIT_STEP_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("access grants: confirming the end of {} failed here ({}); the sweep retries",
                    requestId, e.getClass().getSimpleName());
        }
    }

    /**
     * Confirms every revocation that all live nodes have applied, and marks failed (once) those still unconfirmed
     * past the deadline. Returns how many were confirmed.
     */
    @Scheduled(fixedDelayString = "${custodia.elevation.revocation.poll:PT0.25S}")
    int sweep() {
        int confirmed = 0;
        try {
            List<String> open = jdbc.sql("SELECT id FROM elevation_requests WHERE revocation_state IN (?, ?) ORDER BY"
                    + " revocation_started_at, id").params(REVOKING, FAILED).query(String.class).list();
            for (String id : open) {
                if (confirm(id)) {
                    confirmed++;
                } else {
                    failIfLate(id);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("access grants: revocation sweep failed ({}); it runs again", e.getClass().getSimpleName());
        }
        return confirmed;
    }

    /** Where a revocation stands. */
    private record Pending(String id, String tenant, String state, long version, Instant startedAt) {
    }

    /** Marks the revocation confirmed when every live node has applied its version; true when it is (now) so. */
    boolean confirm(String requestId) {
        Pending p = pending(requestId);
        if (p == null) {
            return true;
        }
        if (REVOKED.equals(p.state())) {
            return true;
        }
        Instant now = clock.instant();
        List<String> lagging = lagging(p.version(), now);
        if (!lagging.isEmpty()) {
            return false;
        }
        long nodes = jdbc.sql("SELECT COUNT(*) FROM elevation_nodes WHERE seen_at >= ?")
                .param(instants.bind(now.minus(properties.liveness()))).query(Long.class).single();
        Duration took = Duration.between(p.startedAt(), now);
        tx.executeWithoutResult(s -> {
            if (jdbc.sql("UPDATE elevation_requests SET revocation_state = ?, revocation_confirmed_at = ? WHERE id = ?"
                    + " AND revocation_state = ?").params(REVOKED, instants.bind(now), requestId, p.state())
                    .update() == 1) {
                ledger.record(new LedgerEvent(now, new TenantId(p.tenant()), LedgerEvent.Actor.SYSTEM,
                        "elevation.revocation-confirmed", "access-request/" + requestId, "success", "grant ended on"
                                + " every live node (" + nodes + ") " + took.toMillis() + " ms after it was ended"
                                + (FAILED.equals(p.state()) ? ", after the deadline of " + properties.deadline() : ""),
                        RequestIds.current()));
            }
        });
        return true;
    }

    private void failIfLate(String requestId) {
        Pending p = pending(requestId);
        Instant now = clock.instant();
        if (p == null || !REVOKING.equals(p.state()) || now.isBefore(p.startedAt().plus(properties.deadline()))) {
            return;
        }
        List<String> lagging = lagging(p.version(), now);
        tx.executeWithoutResult(s -> {
            if (jdbc.sql("UPDATE elevation_requests SET revocation_state = ?, revocation_failed_at = ? WHERE id = ?"
                    + " AND revocation_state = ?").params(FAILED, instants.bind(now), requestId, REVOKING)
                    .update() == 1) {
                ledger.record(new LedgerEvent(now, new TenantId(p.tenant()), LedgerEvent.Actor.SYSTEM,
                        "elevation.revocation-failed", "access-request/" + requestId, "failure", "grant end not"
                                + " confirmed within " + properties.deadline() + " by node(s) " + String.join(", ",
                                lagging) + "; each refuses every grant once its view is older than "
                                + properties.maxStaleness(), RequestIds.current()));
            }
        });
    }

    /** The live nodes (heard from within the liveness window) that have not applied version {@code version}. */
    private List<String> lagging(long version, Instant now) {
        return jdbc.sql("SELECT node_id FROM elevation_nodes WHERE seen_at >= ? AND applied_version < ? ORDER BY node_id")
                .params(instants.bind(now.minus(properties.liveness())), version).query(String.class).list();
    }

    private Pending pending(String requestId) {
        return jdbc.sql("SELECT id, tenant_id, revocation_state, revocation_version, revocation_started_at FROM"
                + " elevation_requests WHERE id = ? AND revocation_state IS NOT NULL").param(requestId)
                .query((rs, n) -> new Pending(rs.getString("id"), rs.getString("tenant_id"),
                        rs.getString("revocation_state"), rs.getLong("revocation_version"),
                        instants.read(rs, "revocation_started_at")))
                .optional().orElse(null);
    }

    /** Increments the version, holding its row lock until the commit; returns the new version. */
    private long bump() {
        jdbc.sql("UPDATE elevation_grant_version SET version = version + 1 WHERE id = 1").update();
        return jdbc.sql("SELECT version FROM elevation_grant_version WHERE id = 1").query(Long.class).single();
    }
}
