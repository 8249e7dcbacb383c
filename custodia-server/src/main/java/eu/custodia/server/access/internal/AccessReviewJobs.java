package eu.custodia.server.access.internal;

import eu.custodia.server.access.AccessReviews;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The access reviews' scheduled work, every {@code custodia.access.reviews.check-interval} (1 hour; first run one
 * interval after start): enforce the deadlines of open campaigns (always), then open the quarter's campaign
 * when it is due ({@code custodia.access.reviews.quarterly}, true by default; false leaves campaigns to be opened
 * on demand). Both are idempotent, so a run that fails or is interrupted is simply finished by the next one, and
 * several nodes may run them at once.
 */
@Component
final class AccessReviewJobs {

    private static final Logger LOG = LoggerFactory.getLogger(AccessReviewJobs.class);

    private final AccessReviews reviews;
    private final boolean quarterly;

    AccessReviewJobs(AccessReviews reviews, @Value("${custodia.access.reviews.quarterly:true}") boolean quarterly) {
        this.reviews = reviews;
        this.quarterly = quarterly;
    }

    @Scheduled(fixedDelayString = "${custodia.access.reviews.check-interval:PT1H}",
            initialDelayString = "${custodia.access.reviews.check-interval:PT1H}")
    void run() {
        try {
            reviews.enforceDeadlines();
        } catch (RuntimeException e) {
            LOG.error("access reviews: enforcing deadlines failed; the next run resumes", e);
        }
        if (quarterly) {
            try {
                reviews.openQuarterlyIfDue().ifPresent(c -> LOG.info("access review {} opened for {}, deadline {}",
                        c.id(), c.quarter(), c.deadline()));
            } catch (RuntimeException e) {
                LOG.error("access reviews: opening the quarter's campaign failed; the next run tries again", e);
            }
        }
    }
}
