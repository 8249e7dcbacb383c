package eu.custodia.server.alerts.internal;

import eu.custodia.server.alerts.SecurityAlerts;
import eu.custodia.server.alerts.Severity;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.RequestIds;
import eu.custodia.server.platform.TenantId;
import jakarta.annotation.PreDestroy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes alerts: each one's row and its {@code alert.raised} event in the platform log, in one transaction of
 * its own. The rules' alerts, and those raised inside another transaction, are written by one background
 * thread (SQLite has one writer, held by the committing request's connection until it is released; and the
 * request's thread should not wait for it); at most {@code custodia.alerts.queue-capacity} wait, and an alert
 * beyond that is dropped and logged as an error rather than exhausting memory.
 */
@Service
final class AlertWriter implements SecurityAlerts {

    private static final Logger LOG = LoggerFactory.getLogger(AlertWriter.class);
    static final String RAISED = "alert.raised";
    static final int MAX_DETAIL = 300;
    private static final int MAX_REASON = 500;
    private static final int ATTEMPTS = 3;
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)+|[a-z][a-z0-9]+");
    private static final Pattern IDENTIFIER = Pattern.compile("[\\x21-\\x7e]{1,256}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AlertStore store;
    private final Ledger ledger;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final ThreadPoolExecutor writer;
    private final AtomicLong dropped = new AtomicLong();

    AlertWriter(AlertStore store, Ledger ledger, Clock clock, PlatformTransactionManager transactions,
            AlertsProperties properties) {
        this.store = store;
        this.ledger = ledger;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(properties.queueCapacity()), r -> {
                    Thread thread = new Thread(r, "security-alerts");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** An alert about to be written. */
    record Pending(String id, String kind, Severity severity, Instant raisedAt, String subject, TenantId tenant,
            String detail, String triggerAction, String triggerRequestId) {
    }

    @Override
    public String raise(String kind, Severity severity, String subject, TenantId tenant, String detail) {
        if (kind == null || kind.length() < 2 || kind.length() > 64 || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("alert kind must be 2 to 64 lower-case letters and digits in words"
                    + " joined by '-'");
        }
        Objects.requireNonNull(severity, "severity");
        if (subject == null || !IDENTIFIER.matcher(subject).matches()) {
            throw new IllegalArgumentException("alert subject must be an identifier: 1 to 256 printable ASCII"
                    + " characters without spaces");
        }
        if (detail == null || detail.isBlank() || detail.length() > MAX_DETAIL
                || detail.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("alert detail must be 1 to " + MAX_DETAIL + " printable characters");
        }
        Pending alert = new Pending(newId(), kind, severity, clock.instant(), subject, tenant, detail, null,
                RequestIds.current());
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            write(alert);
        } else if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    submit(alert);
                }
            });
        } else {
            submit(alert);
        }
        return alert.id();
    }

    /** Raises, in the background, the alert a rule found in a committed ledger event. */
    void raise(Finding finding, LedgerEvent trigger) {
        submit(new Pending(newId(), finding.kind(), finding.severity(), clock.instant(), finding.subject(),
                finding.tenant(), printable(finding.detail(), MAX_DETAIL), trigger.action(), trigger.requestId()));
    }

    private void submit(Pending alert) {
        try {
            writer.execute(() -> writeLogged(alert));
        } catch (RejectedExecutionException e) {
            LOG.error("security alert {} ({}, subject {}) dropped: {} alerts are already waiting to be written"
                    + " ({} dropped so far)", alert.id(), alert.kind(), alert.subject(), writer.getQueue().size(),
                    dropped.incrementAndGet());
        }
    }

    private void writeLogged(Pending alert) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                write(alert);
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    LOG.error("could not write security alert {} ({}, subject {})", alert.id(), alert.kind(),
                            alert.subject(), e);
                    return;
                }
                LOG.warn("could not write security alert {} (attempt {} of {}), trying again", alert.id(), attempt,
                        ATTEMPTS, e);
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The alert's row and its {@code alert.raised} event, in one transaction of its own. */
    private void write(Pending a) {
        tx.executeWithoutResult(status -> {
            store.insert(a.id(), a.kind(), a.severity(), a.raisedAt(), a.subject(), a.tenant(), a.detail(),
                    a.triggerAction(), a.triggerRequestId());
            ledger.record(new LedgerEvent(a.raisedAt(), null, LedgerEvent.Actor.SYSTEM, RAISED, "alert/" + a.id(),
                    "success", reason(a), a.triggerRequestId()));
        });
        LOG.info("security alert {} raised: {} ({}), subject {}", a.id(), a.kind(), a.severity().code(), a.subject());
    }

    /** The ledger's reason: what, how urgent, about whom, what raised it. Ids and rule names only. */
    private static String reason(Pending a) {
        String reason = a.kind() + " (" + a.severity().code() + "), subject " + a.subject()
                + (a.tenant() == null ? "" : ", tenant " + a.tenant().value())
                + (a.triggerAction() == null ? "" : ", raised by " + a.triggerAction()) + ": " + a.detail();
        return printable(reason, MAX_REASON);
    }

    /** {@code text} without control characters, cut to {@code max} characters. */
    private static String printable(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (out.length() == max && text.length() > max) {
            out.setCharAt(max - 1, '…');
        }
        return out.toString();
    }

    private static String newId() {
        byte[] bits = new byte[10];
        RANDOM.nextBytes(bits);
        return "alr-" + HexFormat.of().formatHex(bits);
    }

    /** Waits until every alert submitted so far is written (for tests and orderly shutdown). */
    void flush(long timeoutMillis) throws InterruptedException, TimeoutException {
        try {
            writer.submit(() -> { }).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Alerts dropped because the queue was full, since the start. */
    long dropped() {
        return dropped.get();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        writer.shutdown();
        if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.error("{} security alerts were not written before shutdown", writer.getQueue().size());
        }
    }
}
