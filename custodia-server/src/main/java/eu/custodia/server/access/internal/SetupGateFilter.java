package eu.custodia.server.access.internal;

import eu.custodia.server.identity.SetupStatus;
import eu.custodia.server.platform.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Until the first platform administrator exists, refuses every request except the health check and the
 * setup endpoint with a 503 {@code setup-required} problem that says what to do.
 */
final class SetupGateFilter extends OncePerRequestFilter {

    static final String DETAIL = "Custodia has no administrator yet. Send POST " + SetupStatus.SETUP_PATH
            + " with 'Authorization: Bearer <setup token>', using the one-time token printed on the server's"
            + " console at startup (restart the server to print a new one).";

    private final SetupStatus setup;
    private final ProblemResponses problems;

    SetupGateFilter(SetupStatus setup, ProblemResponses problems) {
        this.setup = setup;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (exempt(request) || !setup.required()) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Retry-After", "60");
        problems.write(request, response, ProblemType.SETUP_REQUIRED, DETAIL);
    }

    private static boolean exempt(HttpServletRequest request) {
        String path = request.getRequestURI();
        String method = request.getMethod();
        return ("GET".equals(method) && "/actuator/health".equals(path))
                || ("POST".equals(method) && SetupStatus.SETUP_PATH.equals(path));
    }
}
