package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.RequestIds;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 {@code application/problem+json} with a stable {@code type}: our own
 * {@link ProblemException}s, Spring MVC's standard errors (malformed body, wrong method or media type,
 * unknown path), validation failures with the offending fields, and anything unexpected as a 500 that
 * names an error id and never a stack trace.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(e.type().status(), e.getMessage());
        body.setType(e.type().uri());
        body.setTitle(e.type().title());
        e.properties().forEach(body::setProperty);
        return ResponseEntity.status(e.type().status()).body(body);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        String requestId = RequestIds.current();
        String errorId = requestId != null ? requestId : UUID.randomUUID().toString();
        LOG.error("unexpected error {}", errorId, e);
        ProblemType type = ProblemType.INTERNAL;
        ProblemDetail body = ProblemDetail.forStatusAndDetail(type.status(),
                "Custodia could not complete the request. Quote error id " + errorId + " to the operator.");
        body.setType(type.uri());
        body.setTitle(type.title());
        body.setProperty("errorId", errorId);
        return ResponseEntity.status(type.status()).body(body);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(ProblemType.VALIDATION.status(),
                "Some fields are not valid; see errors.");
        body.setType(ProblemType.VALIDATION.uri());
        body.setTitle(ProblemType.VALIDATION.title());
        List<FieldProblem> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldProblem(f.getField(), f.getDefaultMessage())).toList();
        body.setProperty("errors", errors);
        return ResponseEntity.status(ProblemType.VALIDATION.status()).headers(headers).body(body);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (body instanceof ProblemDetail problem && "about:blank".equals(String.valueOf(problem.getType()))) {
            ProblemType type = switch (status.value()) {
                case 400 -> ProblemType.MALFORMED;
                case 404 -> ProblemType.NOT_FOUND;
                default -> new ProblemType("http-" + status.value(),
                        org.springframework.http.HttpStatus.valueOf(status.value()), problem.getTitle());
            };
            problem.setType(type.uri());
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    /** One invalid field: its name and what is wrong with it. */
    record FieldProblem(String field, String message) {
    }
}
