package eu.custodia.server.identity;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import org.springframework.test.web.servlet.ResultMatcher;

/** Assertions shared by the identity and access tests: security headers and problem shapes. */
public final class SecurityAssertions {

    private SecurityAssertions() {
    }

    private static ResultMatcher all(ResultMatcher... matchers) {
        return result -> {
            for (ResultMatcher matcher : matchers) {
                matcher.match(result);
            }
        };
    }

    /** The headers every response carries (strict CSP: not the API docs). */
    public static ResultMatcher securityHeaders() {
        return all(
                header().string("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
                header().string("Content-Security-Policy",
                        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
                header().string("X-Content-Type-Options", "nosniff"),
                header().string("Referrer-Policy", "no-referrer"));
    }

    /** An RFC 9457 problem of this slug and status. */
    public static ResultMatcher problem(String slug, int status) {
        return all(
                header().string("Content-Type", org.hamcrest.Matchers.startsWith("application/problem+json")),
                jsonPath("$.type").value("urn:custodia:problem:" + slug),
                jsonPath("$.status").value(status),
                jsonPath("$.title").isNotEmpty(),
                jsonPath("$.detail").isNotEmpty());
    }

    /** The 401 every bad credential gets, identical whatever was wrong. */
    public static ResultMatcher unauthenticated() {
        return all(problem("unauthenticated", 401),
                header().string("WWW-Authenticate", "Bearer"));
    }
}
