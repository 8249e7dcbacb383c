package eu.custodia.server.alerts.internal;

import eu.custodia.server.alerts.Severity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code break-glass-review-overdue}: an emergency break-glass grant was not reviewed by a security officer by its
 * due time (an {@code elevation.break-glass-review-overdue} event in the tenant's log, which the elevation module
 * ledgers once per grant). High. The subject is the grant ({@code access-request/elv-…}), the tenant its tenant.
 */
@Component
final class BreakGlassReviewOverdueRule extends LedgerActionRule {

    static final String KIND = "break-glass-review-overdue";
    /** The elevation module's ledger action, matched by name so that this module does not depend on it. */
    static final String ACTION = "elevation.break-glass-review-overdue";

    BreakGlassReviewOverdueRule(@Value("${custodia.alerts.break-glass-review-overdue.enabled:true}") boolean enabled) {
        super(KIND, ACTION, null, Severity.HIGH, "break-glass review overdue", enabled);
    }
}
