package eu.custodia.server.notices.internal;

import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.platform.StandardWebhooks;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.vault.KmsUnavailableException;
import eu.custodia.server.vault.TenantShreddedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the outbox ({@code notice_deliveries}) to the tenants' webhook endpoints, signed per
 * <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>: headers {@code webhook-id} (the delivery's
 * id, the same on every retry), {@code webhook-timestamp} (unix seconds of the attempt) and
 * {@code webhook-signature} ({@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} under the endpoint's secret),
 * a JSON body {@code {"type": "access.request.<kind>", "timestamp", "data": {…}}}. A 2xx answer delivers it;
 * anything else (another status, a redirect, a timeout, no connection, an address now refused, the tenant's keys
 * out of reach) is kept as that attempt's outcome and retried after {@code custodia.notices.retry-delays} (30 s,
 * 2 min, 10 min, 1 h, 6 h), then marked {@code failed}.
 *
 * <p>All state is in the database, so deliveries survive restarts. Nodes sharing the database each claim a due
 * row with a conditional {@code UPDATE} (pending and due, or a claim whose lease ran out because its node
 * stopped mid-send) before sending it, so one node sends each attempt; a node that dies after sending and before
 * recording makes the row due again once its lease ends (at least once: receivers deduplicate on
 * {@code webhook-id}). The worker runs every {@code custodia.notices.delivery-interval} against the injected
 * clock, on a thread of its own so a slow endpoint never holds up the application's other scheduled work.
 * Neither the secret nor the body is ever logged: ids and outcomes only.
 */
@Component
final class NoticeDelivery implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(NoticeDelivery.class);
    private static final int BATCH = 50;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SqlInstants instants;
    private final TenantRowScope scope;
    private final NoticeStore notices;
    private final WebhookEndpoints endpoints;
    private final Clock clock;
    private final NoticesProperties properties;
    private final JsonMapper json;
    private final WebhookClient http;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "notice-delivery");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean running = new AtomicBoolean();

    NoticeDelivery(JdbcClient jdbc, TransactionTemplate tx, SqlInstants instants, TenantRowScope scope,
            NoticeStore notices, WebhookEndpoints endpoints, Clock clock, NoticesProperties properties,
            JsonMapper json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.instants = instants;
        this.scope = scope;
        this.notices = notices;
        this.endpoints = endpoints;
        this.clock = clock;
        this.properties = properties;
        this.json = json;
        this.http = new WebhookClient(endpoints.urls(), properties.timeout());
    }

    /** Hands a round of deliveries to the worker's thread unless one is still running. */
    @Scheduled(fixedDelayString = "${custodia.notices.delivery-interval:PT5S}",
            initialDelayString = "${custodia.notices.delivery-interval:PT5S}")
    void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    deliverDue();
                } catch (RuntimeException e) {
                    LOG.warn("notice deliveries stopped this round: {}", e.getClass().getSimpleName());
                } finally {
                    running.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            running.set(false);
        }
    }

    /** Sends every due delivery (up to a batch), on the calling thread. Returns how many attempts were made. */
    int deliverDue() {
        Instant now = clock.instant();
        List<String> due = jdbc.sql("SELECT id FROM notice_deliveries WHERE (state = 'pending' AND next_attempt_at"
                + " <= ?) OR (state = 'sending' AND claimed_until <= ?) ORDER BY next_attempt_at, seq LIMIT ?")
                .params(instants.bind(now), instants.bind(now), BATCH).query(String.class).list();
        int attempts = 0;
        for (String id : due) {
            if (claim(id, now)) {
                attempt(id);
                attempts++;
            }
        }
        return attempts;
    }

    /** Claims the delivery for this node: true when this node's conditional update won it. */
    private boolean claim(String id, Instant now) {
        Instant lease = now.plus(properties.timeout().multipliedBy(2)).plusSeconds(60);
        return jdbc.sql("UPDATE notice_deliveries SET state = 'sending', claimed_until = ? WHERE id = ? AND ((state ="
                + " 'pending' AND next_attempt_at <= ?) OR (state = 'sending' AND claimed_until <= ?))")
                .params(instants.bind(lease), id, instants.bind(now), instants.bind(now)).update() == 1;
    }

    /** What one delivery sends: the endpoint's URL and sealed secret, and the notice. */
    private record Target(String url, byte[] sealed, Notice notice) {
    }

    private record Claimed(TenantId tenant, String endpointId, String noticeId, int attempts) {
    }

    private void attempt(String id) {
        Claimed claimed = jdbc.sql("SELECT tenant_id, endpoint_id, notice_id, attempts FROM notice_deliveries"
                + " WHERE id = ?").param(id).query((rs, n) -> new Claimed(new TenantId(rs.getString("tenant_id")),
                        rs.getString("endpoint_id"), rs.getString("notice_id"), rs.getInt("attempts"))).single();
        Optional<Target> target = scope.inTransaction(tx, claimed.tenant(), s -> {
            List<Target> found = jdbc.sql("SELECT url, secret FROM notice_webhook_endpoints WHERE tenant_id = ? AND"
                    + " id = ?").params(claimed.tenant().value(), claimed.endpointId())
                    .query((rs, n) -> new Target(rs.getString("url"), rs.getBytes("secret"), null)).list();
            Optional<Notice> notice = notices.find(claimed.tenant(), claimed.noticeId());
            return found.isEmpty() || notice.isEmpty() ? Optional.<Target>empty()
                    : Optional.of(new Target(found.get(0).url(), found.get(0).sealed(), notice.get()));
        });
        if (target.isEmpty()) {
            jdbc.sql("UPDATE notice_deliveries SET state = 'cancelled', claimed_until = NULL WHERE id = ? AND"
                    + " state = 'sending'").param(id).update();
            LOG.info("notice delivery {} cancelled: its endpoint was removed", id);
            return;
        }
        int attempt = claimed.attempts() + 1;
        Instant at = clock.instant();
        Integer status = null;
        String outcome;
        byte[] key = null;
        try {
            URI uri = endpoints.urls().check(target.get().url());
            key = endpoints.open(claimed.tenant(), claimed.endpointId(), target.get().sealed());
            byte[] body = body(target.get().notice());
            String timestamp = Long.toString(at.getEpochSecond());
            status = http.post(uri, Map.of("webhook-id", id, "webhook-timestamp", timestamp, "webhook-signature",
                    StandardWebhooks.header(key, id, timestamp, body)), body);
            outcome = status / 100 == 2 ? "delivered" : "http-" + status;
        } catch (ProblemException | WebhookClient.RefusedAddressException e) {
            outcome = "address-refused";
        } catch (KmsUnavailableException | TenantShreddedException e) {
            // the tenant's keys cannot be used now: try again later (a shredded tenant's secret never opens again)
            outcome = "kms-unavailable";
        } catch (GeneralSecurityException e) {
            outcome = "secret-unreadable";
        } catch (IllegalArgumentException e) {
            // the client refuses the request itself (e.g. a URL it cannot send to)
            outcome = "request-refused";
        } catch (InterruptedIOException e) {
            outcome = Thread.currentThread().isInterrupted() ? "connection-failed" : "timeout";
        } catch (IOException e) {
            outcome = "connection-failed";
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
        record(id, claimed.attempts(), at, status, outcome);
    }

    /** Keeps the attempt and moves the delivery on: delivered, pending again after its backoff, or failed. */
    private void record(String id, int previousAttempts, Instant at, Integer status, String outcome) {
        int attempt = previousAttempts + 1;
        boolean delivered = "delivered".equals(outcome);
        String state = delivered ? "delivered" : attempt >= properties.maxAttempts() ? "failed" : "pending";
        Instant next = delivered || "failed".equals(state) ? at : at.plus(properties.retryDelays().get(attempt - 1));
        tx.executeWithoutResult(s -> {
            int updated = jdbc.sql("UPDATE notice_deliveries SET state = ?, attempts = ?, next_attempt_at = ?,"
                    + " claimed_until = NULL, delivered_at = ? WHERE id = ? AND state = 'sending' AND attempts = ?")
                    .params(state, attempt, instants.bind(next), delivered ? instants.bind(at) : null, id,
                            previousAttempts).update();
            if (updated != 1) {
                s.setRollbackOnly(); // another node took it over after this one's lease ran out
                return;
            }
            jdbc.sql("INSERT INTO notice_delivery_attempts (delivery_id, attempt, at, status, outcome) VALUES"
                    + " (?, ?, ?, ?, ?)").params(id, attempt, instants.bind(at), status, outcome).update();
        });
        LOG.info("notice delivery {} attempt {}: {}, now {}", id, attempt, outcome, state);
    }

    /** The JSON body of a notice's delivery. */
    byte[] body(Notice notice) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("noticeId", notice.id());
        data.put("tenant", notice.tenant().value());
        data.put("requestId", notice.requestId());
        data.put("kind", notice.kind().code());
        data.put("action", notice.action());
        data.put("actor", notice.actor());
        data.put("reason", notice.reason());
        data.put("ledgerRequestId", notice.ledgerRequestId());
        data.put("title", Map.of("en", notice.kind().title(NoticeKind.Language.EN), "it",
                notice.kind().title(NoticeKind.Language.IT)));
        data.put("summary", Map.of("en", notice.kind().summary(NoticeKind.Language.EN, notice.requestId()), "it",
                notice.kind().summary(NoticeKind.Language.IT, notice.requestId())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", notice.kind().type());
        body.put("timestamp", notice.occurredAt().toString());
        body.put("data", data);
        return json.writeValueAsBytes(body);
    }

    @Override
    public void destroy() throws IOException {
        worker.shutdownNow();
        http.close();
    }
}
