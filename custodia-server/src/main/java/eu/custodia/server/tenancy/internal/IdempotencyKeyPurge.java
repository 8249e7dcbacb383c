package eu.custodia.server.tenancy.internal;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets the {@code Idempotency-Key}s of tenant creation once their window has passed
 * ({@code custodia.tenancy.idempotency-window}, 24 h): after it a retry with the same key is a new request,
 * so the stored first responses, which hold the contract and its contacts' personal data, are no longer
 * needed and are not kept (GDPR Art. 5(1)(c) and (e)). Runs every hour; lookups ignore expired keys in the
 * meantime. Keys are a retry aid, not register state, so forgetting them is not ledgered.
 */
@Component
final class IdempotencyKeyPurge {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyKeyPurge.class);

    private final TenantRepository repository;
    private final Clock clock;
    private final Duration window;

    IdempotencyKeyPurge(TenantRepository repository, Clock clock,
            @Value("${custodia.tenancy.idempotency-window:PT24H}") Duration window) {
        this.repository = repository;
        this.clock = clock;
        this.window = window;
    }

    /** Deletes every key older than the window; returns how many. */
    @Scheduled(fixedDelayString = "${custodia.tenancy.idempotency-purge-interval-ms:3600000}",
            initialDelayString = "${custodia.tenancy.idempotency-purge-interval-ms:3600000}")
    int purge() {
        int deleted = repository.deleteExpiredIdempotencyKeys(clock.instant().minus(window));
        if (deleted > 0) {
            LOG.info("forgot {} expired idempotency keys", deleted);
        }
        return deleted;
    }
}
