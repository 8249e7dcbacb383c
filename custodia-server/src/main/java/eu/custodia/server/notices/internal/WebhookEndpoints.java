package eu.custodia.server.notices.internal;

import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.platform.StandardWebhooks;
import com.google.crypto.tink.Aead;
import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.vault.TenantKeysets;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tenant's webhook endpoints (table {@code notice_webhook_endpoints}) and the status of their deliveries.
 * The tenant's administrators add and remove them ({@code notices:admin}); whoever reads the tenant's access
 * requests ({@code elevation:read}) lists them and their deliveries. Each endpoint gets its own signing secret
 * (32 random bytes, {@code whsec_<base64>} per Standard Webhooks), shown once when it is added and stored only
 * encrypted under the tenant's own records AEAD (the vault), with associated data binding tenant and endpoint
 * id, so a sealed secret moved to another row or tenant does not open. Adding and removing are ledgered in the
 * tenant's log ({@code notices.endpoint-added}, {@code notices.endpoint-removed}) with the URL's host only.
 */
@Component
final class WebhookEndpoints {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SqlInstants instants;
    private final TenantRowScope scope;
    private final DecisionPoint decisions;
    private final TenantKeysets keysets;
    private final Ledger ledger;
    private final Clock clock;
    private final EndpointUrls urls;
    private final NoticesProperties properties;

    WebhookEndpoints(JdbcClient jdbc, TransactionTemplate tx, SqlInstants instants, TenantRowScope scope,
            DecisionPoint decisions, TenantKeysets keysets, Ledger ledger, Clock clock, CustodiaProperties custodia,
            NoticesProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.instants = instants;
        this.scope = scope;
        this.decisions = decisions;
        this.keysets = keysets;
        this.ledger = ledger;
        this.clock = clock;
        this.urls = new EndpointUrls(custodia.mode());
        this.properties = properties;
    }

    /** An endpoint as shown: never its secret. */
    record Endpoint(String id, String url, Instant createdAt) {
    }

    /** A newly added endpoint and its secret, shown this once. */
    record Created(String id, String url, Instant createdAt, String secret) {
    }

    /** One delivery of a notice to an endpoint, with every attempt's outcome. */
    record Delivery(String id, String noticeId, String state, int attempts, Instant nextAttemptAt,
            Instant deliveredAt, List<Attempt> history) {
    }

    /**
     * One attempt.
     *
     * @param status the HTTP status answered, or null when none came back
     * @param outcome {@code delivered}, {@code http-<status>}, {@code timeout}, {@code connection-failed},
     *     {@code address-refused}, {@code kms-unavailable}, {@code secret-unreadable} or {@code request-refused}
     */
    record Attempt(int attempt, Instant at, Integer status, String outcome) {
    }

    /** Adds an endpoint for {@code tenant}; the answer holds its secret, which is never shown again. */
    Created add(Caller caller, TenantId tenant, String url) {
        decisions.require(caller, Permission.NOTICES_ADMIN, tenant);
        URI uri = urls.check(url);
        String id = Ids.endpoint();
        byte[] key = Ids.bytes(StandardWebhooks.KEY_BYTES);
        byte[] sealed;
        try {
            sealed = keysets.recordsAead(tenant).encrypt(key, associatedData(tenant, id));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a webhook secret", e);
        }
        Instant now = clock.instant();
        String stored = uri.toString();
        scope.inTransactionWithoutResult(tx, tenant, s -> {
            Integer count = jdbc.sql("SELECT COUNT(*) FROM notice_webhook_endpoints WHERE tenant_id = ?")
                    .param(tenant.value()).query(Integer.class).single();
            if (count >= properties.maxEndpoints()) {
                throw BilingualProblem.of(ProblemType.CONFLICT, "The tenant already has " + count
                        + " webhook endpoints, the most allowed; remove one first.", "Il tenant ha già " + count
                        + " endpoint webhook, il massimo consentito; rimuovetene prima uno.");
            }
            jdbc.sql("INSERT INTO notice_webhook_endpoints (id, tenant_id, url, secret, created_at, created_by)"
                    + " VALUES (?, ?, ?, ?, ?, ?)").params(id, tenant.value(), stored, sealed, instants.bind(now),
                    caller.id()).update();
            ledger.record(new LedgerEvent(now, tenant, caller.ledgerActor(), "notices.endpoint-added",
                    "webhook-endpoint/" + id, "success", "host " + uri.getHost(), null));
        });
        String secret = StandardWebhooks.secret(key);
        Arrays.fill(key, (byte) 0);
        return new Created(id, stored, now, secret);
    }

    /** The tenant's endpoints, oldest first, without secrets. */
    List<Endpoint> list(Caller caller, TenantId tenant) {
        decisions.require(caller, Permission.ELEVATION_READ, tenant);
        return scope.inTransaction(tx, tenant, s -> jdbc.sql("SELECT id, url, created_at FROM"
                + " notice_webhook_endpoints WHERE tenant_id = ? ORDER BY created_at, id").param(tenant.value())
                .query((rs, n) -> new Endpoint(rs.getString("id"), rs.getString("url"),
                        instants.read(rs, "created_at"))).list());
    }

    /** Removes an endpoint; its deliveries not yet sent are cancelled. 404 when the tenant has no such endpoint. */
    void remove(Caller caller, TenantId tenant, String endpointId) {
        decisions.require(caller, Permission.NOTICES_ADMIN, tenant);
        Instant now = clock.instant();
        scope.inTransactionWithoutResult(tx, tenant, s -> {
            List<String> found = jdbc.sql("SELECT url FROM notice_webhook_endpoints WHERE tenant_id = ? AND id = ?")
                    .params(tenant.value(), endpointId).query(String.class).list();
            if (found.isEmpty()) {
                throw notFound();
            }
            jdbc.sql("DELETE FROM notice_webhook_endpoints WHERE tenant_id = ? AND id = ?")
                    .params(tenant.value(), endpointId).update();
            jdbc.sql("UPDATE notice_deliveries SET state = 'cancelled' WHERE tenant_id = ? AND endpoint_id = ? AND"
                    + " state = 'pending'").params(tenant.value(), endpointId).update();
            ledger.record(new LedgerEvent(now, tenant, caller.ledgerActor(), "notices.endpoint-removed",
                    "webhook-endpoint/" + endpointId, "success", "host " + URI.create(found.get(0)).getHost(), null));
        });
    }

    /** The endpoint's deliveries, newest first, at most {@code limit}, each with its attempts. */
    List<Delivery> deliveries(Caller caller, TenantId tenant, String endpointId, int limit) {
        decisions.require(caller, Permission.ELEVATION_READ, tenant);
        return scope.inTransaction(tx, tenant, s -> {
            if (jdbc.sql("SELECT COUNT(*) FROM notice_webhook_endpoints WHERE tenant_id = ? AND id = ?")
                    .params(tenant.value(), endpointId).query(Integer.class).single() == 0) {
                throw notFound();
            }
            List<Delivery> rows = jdbc.sql("SELECT id, notice_id, state, attempts, next_attempt_at, delivered_at FROM"
                    + " notice_deliveries WHERE tenant_id = ? AND endpoint_id = ? ORDER BY seq DESC"
                    + " LIMIT ?").params(tenant.value(), endpointId, limit)
                    .query((rs, n) -> new Delivery(rs.getString("id"), rs.getString("notice_id"),
                            rs.getString("state"), rs.getInt("attempts"), instants.read(rs, "next_attempt_at"),
                            instants.read(rs, "delivered_at"), List.of())).list();
            if (rows.isEmpty()) {
                return rows;
            }
            String marks = rows.stream().map(r -> "?").collect(Collectors.joining(", "));
            Map<String, List<Attempt>> attempts = jdbc.sql("SELECT delivery_id, attempt, at, status, outcome FROM"
                    + " notice_delivery_attempts WHERE delivery_id IN (" + marks + ") ORDER BY delivery_id, attempt")
                    .params(rows.stream().map(Delivery::id).toList())
                    .query((rs, n) -> Map.entry(rs.getString("delivery_id"), new Attempt(rs.getInt("attempt"),
                            instants.read(rs, "at"), status(rs), rs.getString("outcome")))).list().stream()
                    .collect(Collectors.groupingBy(Map.Entry::getKey,
                            Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
            return rows.stream().map(d -> new Delivery(d.id(), d.noticeId(), d.state(), d.attempts(),
                    d.nextAttemptAt(), d.deliveredAt(), attempts.getOrDefault(d.id(), List.of()))).toList();
        });
    }

    private static Integer status(java.sql.ResultSet rs) throws java.sql.SQLException {
        int status = rs.getInt("status");
        return rs.wasNull() ? null : status;
    }

    /** Opens a stored secret with the tenant's AEAD (the worker, sending a delivery). */
    byte[] open(TenantId tenant, String endpointId, byte[] sealed) throws GeneralSecurityException {
        Aead aead = keysets.recordsAead(tenant);
        return aead.decrypt(sealed, associatedData(tenant, endpointId));
    }

    /** Binds a sealed secret to its tenant and endpoint. */
    static byte[] associatedData(TenantId tenant, String endpointId) {
        return ("custodia/notices/webhook-secret/" + tenant.value() + "/" + Objects.requireNonNull(endpointId))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The URL checker of the configured mode (also for the worker). */
    EndpointUrls urls() {
        return urls;
    }

    static eu.custodia.server.platform.ProblemException notFound() {
        return BilingualProblem.of(ProblemType.NOT_FOUND, "The tenant has no such webhook endpoint.",
                "Il tenant non ha questo endpoint webhook.");
    }
}
