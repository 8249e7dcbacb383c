package eu.custodia.server.alerts.internal;

import eu.custodia.server.alerts.Severity;
import eu.custodia.server.platform.LedgerEvent;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code break-glass-review-overdue}: an emergency break-glass grant was not reviewed by a security officer by its
 * due time (an {@code elevation.break-glass-review-overdue} event in the tenant's log, which the elevation module
 * ledgers once per grant). High. The subject is the grant ({@code access-request/elv-…}), the tenant its tenant.
 */
@Component
final class BreakGlassReviewOverdueRule implements AlertRule {

    static final String KIND = "break-glass-review-overdue";
    /** The elevation module's ledger action, matched by name so that this module does not depend on it. */
    static final String ACTION = "elevation.break-glass-review-overdue";
    private static final int MAX_DETAIL = 300;

    private final boolean enabled;

    BreakGlassReviewOverdueRule(@Value("${custodia.alerts.break-glass-review-overdue.enabled:true}") boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public Optional<Finding> evaluate(LedgerEvent event) {
        if (!ACTION.equals(event.action())) {
            return Optional.empty();
        }
        String detail = "break-glass review overdue: " + (event.reason() == null ? "no reason given" : event.reason());
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL - 3) + "...";
        }
        return Optional.of(new Finding(KIND, Severity.HIGH, event.target(), event.tenant(), detail));
    }
}
