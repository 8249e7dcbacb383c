package eu.custodia.server.access.internal;

import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.SetupStatus;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.platform.ProblemType;
import java.util.Optional;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Resolves {@code Authorization: Bearer cst_...} to a {@link eu.custodia.server.identity.Caller}. A request
 * without the header goes on unauthenticated (and is refused later unless its endpoint is open); one
 * with any other value, or a key that is malformed, unknown, tampered with or revoked, is refused at once
 * with the same 401 problem. The setup endpoint reads its own (setup) token and is skipped.
 */
final class BearerAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    /** A one-time code of the key owner's second factor: a step-up for this one request. */
    static final String OTP_HEADER = "X-Custodia-OTP";

    private final AuthenticationManager authentication;
    private final Accounts accounts;
    private final ProblemResponses problems;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    BearerAuthenticationFilter(AuthenticationManager authentication, Accounts accounts, ProblemResponses problems) {
        this.authentication = authentication;
        this.accounts = accounts;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || SetupStatus.SETUP_PATH.equals(request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        String token = header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).trim() : "";
        Authentication result;
        try {
            result = authentication.authenticate(new BearerToken(token));
        } catch (AuthenticationException e) {
            contexts.clearContext();
            problems.commence(request, response, new BadCredentialsException("invalid bearer credential"));
            return;
        }
        String otp = request.getHeader(OTP_HEADER);
        if (otp != null) {
            Caller caller = (Caller) result.getPrincipal();
            Optional<VerifiedFactor> factor = accounts.verifySecondFactor(caller.owner(), otp);
            if (factor.isEmpty()) {
                contexts.clearContext();
                problems.write(request, response, ProblemType.STEP_UP_REQUIRED, "The one-time code in " + OTP_HEADER
                        + " is wrong, already used, or the key's owner has no second factor: send the current code"
                        + " of the owner's authenticator (or an unused recovery code).");
                return;
            }
            result = new CallerAuthentication(caller.withFactor(factor.get()));
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(result);
        contexts.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }
}
