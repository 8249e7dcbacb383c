package eu.custodia.server.access.internal;

import eu.custodia.server.access.Decision;
import java.util.Optional;

/** The last rule: whatever no earlier rule allowed is denied. */
final class DefaultDenyRule implements AccessRule {

    static final String NAME = "default-deny";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Decision> evaluate(AccessRequest request) {
        return Optional.of(Decision.deny(NAME, "no role of the caller grants " + request.permission().code()
                + (request.tenant() == null ? " on the platform" : " on tenant " + request.tenant())));
    }
}
