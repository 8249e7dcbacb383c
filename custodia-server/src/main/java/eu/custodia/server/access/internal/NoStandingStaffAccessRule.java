package eu.custodia.server.access.internal;

import eu.custodia.server.access.Decision;
import java.util.Optional;

/**
 * No standing staff access to tenant data (commitment 5): a platform-side caller (a staff account, a key
 * owned by one, a platform service account or a platform key: anything not bound to a tenant) is denied
 * every {@linkplain eu.custodia.server.access.Permission#tenantData() tenant-data} permission on a tenant,
 * whatever its roles grant. It runs before the role table, so no role, present or future, can carry such
 * access. The just-in-time access grants of the elevation module are the only exception, one tenant,
 * scope and time window at a time: {@link ElevationGrantRule}, just before this rule, allows what an active
 * grant covers and abstains otherwise. Everything else passes to the next rule.
 */
final class NoStandingStaffAccessRule implements AccessRule {

    static final String NAME = "no-standing-staff-access";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Decision> evaluate(AccessRequest request) {
        if (request.caller().tenant() == null && request.tenant() != null && request.permission().tenantData()) {
            return Optional.of(Decision.deny(NAME, "provider staff and platform credentials hold no standing access"
                    + " to the data of tenant " + request.tenant() + " (" + request.permission().code()
                    + "): only a time-boxed, approved access grant gives it"));
        }
        return Optional.empty();
    }
}
