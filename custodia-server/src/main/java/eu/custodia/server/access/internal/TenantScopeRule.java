package eu.custodia.server.access.internal;

import eu.custodia.server.access.Decision;
import java.util.Optional;

/**
 * A tenant-bound caller acts only on its own tenant: it is denied any platform-wide action and any action
 * on another tenant. Platform callers and in-scope requests pass to the next rule.
 */
final class TenantScopeRule implements AccessRule {

    static final String NAME = "tenant-scope";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Decision> evaluate(AccessRequest request) {
        if (request.caller().tenant() == null) {
            return Optional.empty();
        }
        if (request.tenant() == null) {
            return Optional.of(Decision.deny(NAME, "a caller bound to tenant " + request.caller().tenant()
                    + " may not act on the platform"));
        }
        if (!request.tenant().equals(request.caller().tenant())) {
            return Optional.of(Decision.deny(NAME, "a caller bound to tenant " + request.caller().tenant()
                    + " may not act on tenant " + request.tenant()));
        }
        return Optional.empty();
    }
}
