package eu.custodia.server.access.internal;

import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.SetupStatus;
import eu.custodia.server.identity.SignIns;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP security: bearer API keys, or a signed-in session (server-side, in the database, cookie
 * {@code __Host-custodia-session}); no form login, no HTTP basic. CSRF tokens guard state changes carried by
 * the session cookie. Every endpoint needs an authenticated caller except the health check, the API docs
 * and the endpoints that carry their own secret (setup, sign-in, invitation acceptance, a ticket system's
 * signed webhook); what the caller may
 * do is decided in each handler by the {@link eu.custodia.server.access.DecisionPoint}
 * ({@code require(CurrentCaller.get(), permission, tenant)}). Security headers on every response; a strict
 * CSP, relaxed to {@code 'self'} only for the API docs UI and the static account pages under {@code /account/}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    /** On every response, plain HTTP included (the dev server may run without TLS behind a proxy). */
    static final String HSTS = "max-age=31536000; includeSubDomains";
    static final String STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    static final String DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    /** The account pages (static, under /account/): their own script, styles, data: images and API calls. */
    static final String ACCOUNT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Bean
    SecurityFilterChain api(HttpSecurity http, ApiKeyAuthenticationManager authentication, SetupStatus setup,
            Accounts accounts, SignIns signIns, Clock clock,
            @Value("${custodia.identity.session-absolute-timeout:PT12H}") Duration absoluteLifetime, JsonMapper json) {
        ProblemResponses problems = new ProblemResponses(json);
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher docs = new OrRequestMatcher(paths.matcher("/api/docs"), paths.matcher("/api/docs/**"),
                paths.matcher("/swagger-ui/**"));
        RequestMatcher accountPages = paths.matcher("/account/**");
        // CSRF protection for requests a browser could be tricked into sending: state changes carried by the
        // session cookie. Bearer-key requests carry no ambient credential; sign-in, setup and invitation
        // acceptance carry their own secret and no session yet.
        RequestMatcher csrfProtected = request -> !SAFE_METHODS.contains(request.getMethod())
                && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && !OPEN_POSTS.contains(request.getRequestURI())
                && !request.getRequestURI().startsWith(TICKET_EVENTS_PREFIX);
        http.csrf(c -> c.csrfTokenRepository(new HttpSessionCsrfTokenRepository())
                        .requireCsrfProtectionMatcher(csrfProtected)
                        // One token per session, kept while the session lives (not replaced on each request).
                        .sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                // Spring Security keeps no context in the session and runs no strategy on it: sessions are the
                // sign-in's (SessionController changes their id at each step; SessionAuthenticationFilter reads them).
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
                        .sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
                .headers(h -> h
                        .httpStrictTransportSecurity(hsts -> hsts.disable())
                        .addHeaderWriter(new StaticHeadersWriter("Strict-Transport-Security", HSTS))
                        .contentTypeOptions(c -> { })
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(docs,
                                new ContentSecurityPolicyHeaderWriter(DOCS_CSP)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(accountPages,
                                new ContentSecurityPolicyHeaderWriter(ACCOUNT_CSP)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(new OrRequestMatcher(docs, accountPages)),
                                new ContentSecurityPolicyHeaderWriter(STRICT_CSP)))
                        .addHeaderWriter(bearerChallengeOn401()))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterAfter(new SetupGateFilter(setup, problems), HeaderWriterFilter.class)
                .addFilterBefore(new BearerAuthenticationFilter(authentication, accounts, problems), AnonymousAuthenticationFilter.class)
                .addFilterAfter(new SessionAuthenticationFilter(signIns, clock, absoluteLifetime),
                        BearerAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.POST, SetupStatus.SETUP_PATH).permitAll()
                        // The invitation token is the credential (single use, 72 h).
                        .requestMatchers(HttpMethod.POST, "/api/v1/invitations/accept").permitAll()
                        // Sign-in: the password is the credential (throttled, see SignIns).
                        .requestMatchers(HttpMethod.POST, "/api/v1/sessions").permitAll()
                        // Passwordless sign-in: the passkey, with user verification, is the credential (throttled).
                        .requestMatchers(HttpMethod.POST, PasskeyController.PASSWORDLESS_OPTIONS,
                                PasskeyController.PASSWORDLESS).permitAll()
                        // The API's documentation is public: it describes the API, it holds no data.
                        .requestMatchers(HttpMethod.GET, "/api/openapi.json", "/api/openapi.json/**").permitAll()
                        .requestMatchers(new AndRequestMatcher(docs, paths.matcher(HttpMethod.GET, "/**"))).permitAll()
                        // The account pages are static and hold no data; the API they call enforces everything.
                        .requestMatchers(HttpMethod.GET, "/account/**").permitAll()
                        // A ticket system's webhook: the Standard Webhooks signature is the credential (verified,
                        // with its timestamp and replay checks, by the elevation module before anything is read).
                        .requestMatchers(HttpMethod.POST, TICKET_EVENTS_PREFIX + "*").permitAll()
                        .anyRequest().authenticated());
        return http.build();
    }

    /** Where ticket systems post their signed events (elevation module), one path segment per system. */
    static final String TICKET_EVENTS_PREFIX = "/api/v1/elevation/ticket-events/";

    /** Methods that change nothing (RFC 9110 §9.2.1). */
    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /** Open endpoints that carry their own secret and create, rather than use, a session. */
    static final Set<String> OPEN_POSTS = Set.of("/api/v1/sessions", PasskeyController.PASSWORDLESS_OPTIONS,
            PasskeyController.PASSWORDLESS, SetupStatus.SETUP_PATH, "/api/v1/invitations/accept");

    /**
     * The session cookie: {@code __Host-} (so it is Secure, for this host only, path /), HttpOnly and
     * SameSite=Strict. Sessions live in the database (Spring Session JDBC).
     */
    @Bean
    DefaultCookieSerializer cookieSerializer() {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName("__Host-custodia-session");
        cookie.setUseSecureCookie(true);
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Strict");
        cookie.setCookiePath("/");
        return cookie;
    }

    /** Any 401, including one raised by a handler, tells the client to use a bearer token (RFC 6750). */
    private static HeaderWriter bearerChallengeOn401() {
        return (request, response) -> {
            if (response.getStatus() == 401 && !response.containsHeader(HttpHeaders.WWW_AUTHENTICATE)) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            }
        };
    }
}
