package eu.custodia.server.access.internal;

import eu.custodia.server.access.Decision;
import eu.custodia.server.identity.Caller;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A key narrowed to scopes acts only within them: a request for any other permission is denied, whatever
 * its roles would allow. Its effective authority is what its roles allow on its scopes (the later rules
 * still decide those). A credential without scopes (an unscoped key, a session) passes to the next rule.
 */
final class KeyScopeRule implements AccessRule {

    static final String NAME = "key-scope";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Decision> evaluate(AccessRequest request) {
        Caller caller = request.caller();
        if (!caller.scoped() || caller.scopes().contains(request.permission().code())) {
            return Optional.empty();
        }
        return Optional.of(Decision.deny(NAME, "the key is scoped to " + String.join(", ", new TreeSet<>(caller.scopes()))
                + ", which does not include " + request.permission().code()));
    }
}
