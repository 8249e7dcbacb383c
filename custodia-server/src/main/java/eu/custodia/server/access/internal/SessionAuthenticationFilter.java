package eu.custodia.server.access.internal;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.SignIns;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Resolves a signed-in session (cookie {@code __Host-custodia-session}, server-side in the database) to
 * its {@link Caller}, on every request: the account's current roles and state with the factors the session
 * verified. A session past its absolute lifetime, or of an account that is no longer active, ends here (the
 * request goes on unauthenticated). Requests already authenticated by a bearer key are left alone.
 */
final class SessionAuthenticationFilter extends OncePerRequestFilter {

    private final SignIns signIns;
    private final Clock clock;
    private final Duration absoluteLifetime;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    SessionAuthenticationFilter(SignIns signIns, Clock clock, Duration absoluteLifetime) {
        this.signIns = signIns;
        this.clock = clock;
        this.absoluteLifetime = absoluteLifetime;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (contexts.getContext().getAuthentication() != null) {
            chain.doFilter(request, response);
            return;
        }
        HttpSession session = request.getSession(false);
        SessionState state = session == null ? null : (SessionState) session.getAttribute(SessionState.ATTRIBUTE);
        if (state == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Caller> caller = clock.instant().isAfter(state.signedInAt().plus(absoluteLifetime))
                ? Optional.empty() : signIns.sessionCaller(state.accountId(), state.verifiedFactors());
        if (caller.isEmpty()) {
            session.invalidate();
            chain.doFilter(request, response);
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new CallerAuthentication(caller.get()));
        contexts.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }
}
