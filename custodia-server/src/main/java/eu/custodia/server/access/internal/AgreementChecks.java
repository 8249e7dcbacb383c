package eu.custodia.server.access.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The agreements' scheduled work, every {@code custodia.access.agreements.check-interval} (ISO-8601, default one
 * minute) on the injected clock: suspends the production roles of staff whose agreements have all lapsed, and
 * sends each agreement's expiry notice once, {@code custodia.access.agreements.notice-days} (30) days before
 * it expires. Both are idempotent, so several nodes may run them.
 */
@Component
final class AgreementChecks {

    private static final Logger LOG = LoggerFactory.getLogger(AgreementChecks.class);

    private final JdbcAgreements agreements;

    AgreementChecks(JdbcAgreements agreements) {
        this.agreements = agreements;
    }

    /** Runs both checks; returns the roles suspended and the notices sent. */
    @Scheduled(fixedDelayString = "${custodia.access.agreements.check-interval:PT1M}",
            initialDelayString = "${custodia.access.agreements.check-interval:PT1M}")
    Result run() {
        int suspended = agreements.suspendLapsed();
        int notices = agreements.sendNotices();
        if (suspended > 0 || notices > 0) {
            LOG.info("confidentiality agreements: {} roles suspended, {} expiry notices sent", suspended, notices);
        }
        return new Result(suspended, notices);
    }

    /** What one run did. */
    record Result(int suspended, int notices) {
    }
}
