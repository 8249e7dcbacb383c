package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request its id ({@link RequestIds}) before any other filter runs, security included, so that
 * even a refused request's ledger record and problem response carry it; sets the {@code X-Request-Id}
 * response header and the logging context ({@code requestId} in SLF4J's MDC), and clears both when the
 * request ends.
 */
final class RequestIdFilter extends OncePerRequestFilter {

    static final String MDC_KEY = "requestId";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = RequestIds.next();
        response.setHeader(RequestIds.HEADER, id);
        MDC.put(MDC_KEY, id);
        RequestIds.Scope scope = RequestIds.open(id);
        try {
            chain.doFilter(request, response);
        } finally {
            scope.close();
            MDC.remove(MDC_KEY);
        }
    }

    /** Registers the filter first of all. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
            FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            registration.setName("requestIdFilter");
            return registration;
        }
    }
}
