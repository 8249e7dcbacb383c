package eu.custodia.server.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.access.AccessReviews;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The scheduled job: deadlines are always enforced, the quarter's campaign is opened only while
 * {@code custodia.access.reviews.quarterly} is on, and a failure of one does not stop the other.
 */
class AccessReviewJobsTest {

    /** Records the calls the job makes; fails enforcing when asked to. */
    private static final class Calls implements AccessReviews {

        final List<String> made = new ArrayList<>();
        final boolean failEnforcing;

        Calls(boolean failEnforcing) {
            this.failEnforcing = failEnforcing;
        }

        @Override
        public DeadlineRun enforceDeadlines() {
            made.add("enforce");
            if (failEnforcing) {
                throw new IllegalStateException("database away");
            }
            return new DeadlineRun(0, 0, 0, 0);
        }

        @Override
        public Optional<Campaign> openQuarterlyIfDue() {
            made.add("quarterly");
            return Optional.empty();
        }

        @Override
        public Campaign open(Caller actor, Duration runFor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Campaign> list(TenantId tenant) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Campaign> find(String id, TenantId tenant) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Item> items(String campaignId, TenantId tenant, String decision) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Item decide(Caller actor, String campaignId, String itemId, TenantId tenant, String decision,
                String note) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Report report(String campaignId, TenantId tenant) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void runWhenQuarterlyOnThenDeadlinesFirstThenTheQuarter() {
        Calls calls = new Calls(false);
        new AccessReviewJobs(calls, true).run();
        assertThat(calls.made).containsExactly("enforce", "quarterly");
    }

    @Test
    void runWhenQuarterlyOffThenDeadlinesOnly() {
        Calls calls = new Calls(false);
        new AccessReviewJobs(calls, false).run();
        assertThat(calls.made).containsExactly("enforce");
    }

    @Test
    void runWhenEnforcingFailsThenTheQuarterIsStillChecked() {
        Calls calls = new Calls(true);
        new AccessReviewJobs(calls, true).run();
        assertThat(calls.made).containsExactly("enforce", "quarterly");
    }
}
