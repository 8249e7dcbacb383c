package eu.custodia.server.access.internal;

import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.SetupStatus;
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
 * HTTP security: stateless bearer API keys, no sessions, no form login, no HTTP basic, no CSRF (no cookies
 * to forge with). Every endpoint needs an authenticated caller except the health check and the setup
 * endpoint; what the caller may do is decided in each handler by the
 * {@link eu.custodia.server.access.DecisionPoint} ({@code require(CurrentCaller.get(), permission, tenant)}).
 * Security headers on every response; a strict CSP, relaxed to {@code 'self'} only for the API docs UI.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    /** On every response, plain HTTP included (the dev server may run without TLS behind a proxy). */
    static final String HSTS = "max-age=31536000; includeSubDomains";
    static final String STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    static final String DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    @Bean
    SecurityFilterChain api(HttpSecurity http, ApiKeyAuthenticationManager authentication, SetupStatus setup,
            Accounts accounts, JsonMapper json) {
        ProblemResponses problems = new ProblemResponses(json);
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher docs = new OrRequestMatcher(paths.matcher("/api/docs"), paths.matcher("/api/docs/**"),
                paths.matcher("/swagger-ui/**"));
        http.csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(h -> h
                        .httpStrictTransportSecurity(hsts -> hsts.disable())
                        .addHeaderWriter(new StaticHeadersWriter("Strict-Transport-Security", HSTS))
                        .contentTypeOptions(c -> { })
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(docs,
                                new ContentSecurityPolicyHeaderWriter(DOCS_CSP)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(docs),
                                new ContentSecurityPolicyHeaderWriter(STRICT_CSP)))
                        .addHeaderWriter(bearerChallengeOn401()))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterAfter(new SetupGateFilter(setup, problems), HeaderWriterFilter.class)
                .addFilterBefore(new BearerAuthenticationFilter(authentication, accounts, problems), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.POST, SetupStatus.SETUP_PATH).permitAll()
                        // The invitation token is the credential (single use, 72 h).
                        .requestMatchers(HttpMethod.POST, "/api/v1/invitations/accept").permitAll()
                        // The API's documentation is public: it describes the API, it holds no data.
                        .requestMatchers(HttpMethod.GET, "/api/openapi.json", "/api/openapi.json/**").permitAll()
                        .requestMatchers(new AndRequestMatcher(docs, paths.matcher(HttpMethod.GET, "/**"))).permitAll()
                        .anyRequest().authenticated());
        return http.build();
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
