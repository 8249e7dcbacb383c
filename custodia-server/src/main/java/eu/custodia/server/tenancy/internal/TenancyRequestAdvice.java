package eu.custodia.server.tenancy.internal;

import eu.custodia.server.platform.ProblemType;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Unreadable request bodies of the tenancy API as problems that name the field: an unknown field is
 * {@code urn:custodia:problem:unknown-field}, a value of the wrong type or format is
 * {@code urn:custodia:problem:malformed-request}; neither echoes the value sent.
 */
@RestControllerAdvice(assignableTypes = TenantController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class TenancyRequestAdvice {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return problem(TenancyProblems.UNKNOWN_FIELD, "Unknown field '" + field + "': remove it or check its spelling.",
                    Map.of("field", field));
        }
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String field = path(jackson);
            return problem(ProblemType.MALFORMED, "Field '" + field + "' has a value of the wrong type or format.",
                    Map.of("field", field));
        }
        return problem(ProblemType.MALFORMED, "The request body is not valid JSON for this operation.", Map.of());
    }

    private static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemType type, String detail, Map<String, Object> props) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(type.status(), detail);
        body.setType(type.uri());
        body.setTitle(type.title());
        props.forEach(body::setProperty);
        return ResponseEntity.status(type.status()).body(body);
    }
}
