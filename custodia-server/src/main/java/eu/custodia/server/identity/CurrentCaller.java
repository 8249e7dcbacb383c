package eu.custodia.server.identity;

import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The authenticated caller of the current request, as the authentication filter established it. Handlers
 * pass it to the decision point: {@code decisionPoint.require(CurrentCaller.get(), permission, tenant)}.
 */
public final class CurrentCaller {

    private CurrentCaller() {
    }

    /**
     * Returns the current request's caller.
     *
     * @throws ProblemException an {@code unauthenticated} (401) problem when the request has none
     */
    public static Caller get() {
        return find().orElseThrow(() -> new ProblemException(ProblemType.UNAUTHENTICATED,
                "Send an API key as 'Authorization: Bearer cst_...'."));
    }

    /** Returns the current request's caller, or empty when the request is not authenticated. */
    public static Optional<Caller> find() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated()
                && authentication.getPrincipal() instanceof Caller caller) {
            return Optional.of(caller);
        }
        return Optional.empty();
    }
}
