package eu.custodia.server.access.internal;

import eu.custodia.server.access.Decision;
import eu.custodia.server.access.Permission;
import java.util.Optional;

/**
 * Every account may manage its own second factors ({@link Permission#ACCOUNT_SELF}), whatever its roles;
 * a credential that belongs to no account (a system actor) may not. The handlers act only on the caller's
 * own account, never on one named in the request.
 */
final class SelfServiceRule implements AccessRule {

    static final String NAME = "self-service";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Decision> evaluate(AccessRequest request) {
        if (request.permission() != Permission.ACCOUNT_SELF) {
            return Optional.empty();
        }
        if (request.caller().owner() == null) {
            return Optional.of(Decision.deny(NAME, "this credential belongs to no account"));
        }
        return Optional.of(Decision.allow(NAME, "an account manages its own second factors"));
    }
}
