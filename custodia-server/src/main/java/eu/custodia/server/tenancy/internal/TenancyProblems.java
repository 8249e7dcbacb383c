package eu.custodia.server.tenancy.internal;

import eu.custodia.server.platform.ProblemType;
import org.springframework.http.HttpStatus;

/** The tenancy module's stable problem types ({@code urn:custodia:problem:<slug>}). */
final class TenancyProblems {

    static final ProblemType ILLEGAL_TRANSITION = new ProblemType("illegal-transition", HttpStatus.CONFLICT,
            "The tenant cannot move to that state");
    static final ProblemType TENANT_TERMINATED = new ProblemType("tenant-terminated", HttpStatus.CONFLICT,
            "The tenant is terminated and its contract can no longer change");
    static final ProblemType CONCURRENT_CHANGE = new ProblemType("concurrent-change", HttpStatus.CONFLICT,
            "The tenant changed while the request was processed");
    static final ProblemType IDEMPOTENCY_KEY_REUSED = new ProblemType("idempotency-key-reused",
            HttpStatus.UNPROCESSABLE_CONTENT, "The Idempotency-Key was already used for a different request");
    static final ProblemType UNKNOWN_FIELD = new ProblemType("unknown-field", HttpStatus.BAD_REQUEST,
            "The request has a field this API does not know");

    private TenancyProblems() {
    }
}
