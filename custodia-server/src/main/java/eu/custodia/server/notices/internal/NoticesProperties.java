package eu.custodia.server.notices.internal;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the notices' webhook deliveries ({@code custodia.notices.*}).
 *
 * @param deliveryInterval how often the worker looks for due deliveries (default 5 seconds)
 * @param timeout how long one attempt may take, connecting and waiting for the answer (default 10 seconds)
 * @param retryDelays the waits after each failed attempt; when they are used up the delivery is {@code failed}
 *     (default 30 s, 2 min, 10 min, 1 h, 6 h: six attempts in all)
 * @param maxEndpoints how many webhook endpoints a tenant may register (default 10)
 * @param retention how long a notice is kept, with its deliveries and their attempts (default 400 days: a year's
 *     audit and its follow-up); the access events themselves stay in the tenant's ledger for good
 * @param retentionCheck how often notices past their retention are deleted (default 1 hour)
 */
@ConfigurationProperties("custodia.notices")
record NoticesProperties(@DefaultValue("PT5S") Duration deliveryInterval, @DefaultValue("PT10S") Duration timeout,
        @DefaultValue({"PT30S", "PT2M", "PT10M", "PT1H", "PT6H"}) List<Duration> retryDelays,
        @DefaultValue("10") int maxEndpoints, @DefaultValue("P400D") Duration retention,
        @DefaultValue("PT1H") Duration retentionCheck) {

    NoticesProperties {
        if (deliveryInterval.isNegative() || deliveryInterval.isZero()) {
            throw new IllegalArgumentException("custodia.notices.delivery-interval must be positive");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("custodia.notices.timeout must be positive");
        }
        retryDelays = List.copyOf(retryDelays);
        if (retryDelays.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("custodia.notices.retry-delays must not be negative");
        }
        if (maxEndpoints < 1) {
            throw new IllegalArgumentException("custodia.notices.max-endpoints must be at least 1");
        }
        Duration longestRetry = retryDelays.stream().reduce(Duration.ZERO, Duration::plus);
        if (retention.compareTo(Duration.ofDays(1).plus(longestRetry)) < 0) {
            throw new IllegalArgumentException("custodia.notices.retention must be at least one day longer than"
                    + " all custodia.notices.retry-delays together (" + longestRetry + "), so no notice goes while"
                    + " it is still being delivered");
        }
        if (retentionCheck.isNegative() || retentionCheck.isZero()) {
            throw new IllegalArgumentException("custodia.notices.retention-check must be positive");
        }
    }

    /** How many attempts a delivery gets in all. */
    int maxAttempts() {
        return retryDelays.size() + 1;
    }
}
