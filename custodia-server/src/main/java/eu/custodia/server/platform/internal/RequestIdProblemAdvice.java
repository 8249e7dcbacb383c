package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.RequestIds;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Adds the request's id ({@link RequestIds}) to every RFC 9457 problem a controller or exception handler
 * returns, whichever module made it, as the extension member {@code requestId}: the one value a user
 * quotes to the operator, and the one the operator finds in the logs and the ledger.
 */
@RestControllerAdvice
final class RequestIdProblemAdvice implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
            Class<? extends HttpMessageConverter<?>> selectedConverterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem) {
            String id = RequestIds.current();
            if (id != null && (problem.getProperties() == null || !problem.getProperties().containsKey("requestId"))) {
                problem.setProperty("requestId", id);
            }
        }
        return body;
    }
}
