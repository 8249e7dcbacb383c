package eu.custodia.server.tenancy.internal;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The caller of the current request, as the identity module authenticated it: the {@link Caller} that is
 * the principal of the request's security context. Anything else (anonymous, another principal type) is
 * unauthenticated: a 401 problem, never a default caller. This is the one place the tenancy module learns
 * who is calling, so it can switch to the identity module's own accessor without touching the handlers.
 */
@Component
final class CurrentCallerAdapter {

    Caller get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated()
                && authentication.getPrincipal() instanceof Caller caller) {
            return caller;
        }
        throw new ProblemException(ProblemType.UNAUTHENTICATED, "Authentication is required.");
    }
}
