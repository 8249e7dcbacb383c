package eu.custodia.server.alerts.internal;

import eu.custodia.server.alerts.Severity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code revocation-failed}: the end of a just-in-time access grant (conclusion, revocation, ticket closed) was
 * not confirmed by every live node within {@code custodia.elevation.revocation.deadline} (an
 * {@code elevation.revocation-failed} event in the tenant's log, which the elevation module ledgers once per
 * grant). Critical: a node may still be serving the grant, so someone must look now. The subject is the grant
 * ({@code access-request/elv-…}), the tenant its tenant.
 */
@Component
final class RevocationFailedRule extends LedgerActionRule {

    static final String KIND = "revocation-failed";
    /** The elevation module's ledger action, matched by name so that this module does not depend on it. */
    static final String ACTION = "elevation.revocation-failed";

    RevocationFailedRule(@Value("${custodia.alerts.revocation-failed.enabled:true}") boolean enabled) {
        super(KIND, ACTION, null, Severity.CRITICAL, "grant revocation not confirmed on every node", enabled);
    }
}
