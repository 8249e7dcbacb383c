package eu.custodia.server.platform;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * A stable RFC 9457 problem type: its URI ({@code urn:custodia:problem:<slug>}) never changes once
 * published, so clients can branch on it; the title is the short, human summary.
 */
public record ProblemType(String slug, HttpStatus status, String title) {

    public static final String PREFIX = "urn:custodia:problem:";

    public URI uri() {
        return URI.create(PREFIX + slug);
    }

    public static final ProblemType VALIDATION = new ProblemType("validation", HttpStatus.BAD_REQUEST,
            "The request is not valid");
    public static final ProblemType MALFORMED = new ProblemType("malformed-request", HttpStatus.BAD_REQUEST,
            "The request could not be read");
    public static final ProblemType UNAUTHENTICATED = new ProblemType("unauthenticated", HttpStatus.UNAUTHORIZED,
            "Authentication is required");
    public static final ProblemType FORBIDDEN = new ProblemType("forbidden", HttpStatus.FORBIDDEN,
            "The caller may not do this");
    public static final ProblemType NOT_FOUND = new ProblemType("not-found", HttpStatus.NOT_FOUND,
            "No such resource");
    public static final ProblemType CONFLICT = new ProblemType("conflict", HttpStatus.CONFLICT,
            "The request conflicts with the resource's current state");
    public static final ProblemType SETUP_REQUIRED = new ProblemType("setup-required", HttpStatus.SERVICE_UNAVAILABLE,
            "Custodia is waiting for its first administrator");
    public static final ProblemType STEP_UP_REQUIRED = new ProblemType("step-up-required", HttpStatus.UNAUTHORIZED,
            "A recent second factor is required");
    public static final ProblemType MFA_NOT_ENROLLED = new ProblemType("mfa-not-enrolled", HttpStatus.CONFLICT,
            "A second factor must be enrolled first");
    /** A conditional request ({@code If-Match}) named a version the resource no longer has (412, RFC 9110). */
    public static final ProblemType PRECONDITION_FAILED = new ProblemType("precondition-failed",
            HttpStatus.PRECONDITION_FAILED, "The resource has changed since the version named in If-Match");
    /** A change that must be conditional came without {@code If-Match} (428, RFC 6585). */
    public static final ProblemType PRECONDITION_REQUIRED = new ProblemType("precondition-required",
            HttpStatus.PRECONDITION_REQUIRED, "An If-Match header with the resource's ETag is required");
    /** A pagination cursor that this API did not hand out, or that was changed. */
    public static final ProblemType INVALID_CURSOR = new ProblemType("invalid-cursor", HttpStatus.BAD_REQUEST,
            "The pagination cursor is not valid");
    public static final ProblemType INVALID_SCOPE = new ProblemType("invalid-scope", HttpStatus.BAD_REQUEST,
            "A scope of the key is not valid");
    public static final ProblemType SERVICE_ACCOUNT_ADMIN_ROLE = new ProblemType("service-account-admin-role",
            HttpStatus.CONFLICT, "A service account cannot hold an administrative role");
    public static final ProblemType SOD_CONFLICT = new ProblemType("sod-conflict", HttpStatus.CONFLICT,
            "The role would break segregation of duties");
    public static final ProblemType SELF_APPROVAL = new ProblemType("self-approval", HttpStatus.FORBIDDEN,
            "Nobody approves their own request or their own role");
    public static final ProblemType AGREEMENT_REQUIRED = new ProblemType("agreement-required", HttpStatus.CONFLICT,
            "A valid confidentiality agreement is required");
    public static final ProblemType INVALID_AGREEMENT = new ProblemType("invalid-agreement", HttpStatus.BAD_REQUEST,
            "The confidentiality agreement is not valid");
    public static final ProblemType OWN_AGREEMENT = new ProblemType("own-agreement", HttpStatus.FORBIDDEN,
            "Nobody registers or ends their own confidentiality agreement");
    public static final ProblemType AGREEMENT_STAFF_ONLY = new ProblemType("agreement-staff-only",
            HttpStatus.CONFLICT, "Only staff accounts have confidentiality agreements");
    public static final ProblemType SIGNIN_FAILED = new ProblemType("signin-failed", HttpStatus.UNAUTHORIZED,
            "Sign-in failed");
    public static final ProblemType SIGNIN_THROTTLED = new ProblemType("signin-throttled",
            HttpStatus.TOO_MANY_REQUESTS, "Too many sign-in attempts");
    public static final ProblemType ALERT_ALREADY_ACKNOWLEDGED = new ProblemType("alert-already-acknowledged",
            HttpStatus.CONFLICT, "The security alert was already acknowledged");
    public static final ProblemType ALERT_SELF_ACKNOWLEDGEMENT = new ProblemType("alert-self-acknowledgement",
            HttpStatus.FORBIDDEN, "Nobody acknowledges a security alert about themselves");
    public static final ProblemType ALERT_NOT_DELETABLE = new ProblemType("alert-not-deletable",
            HttpStatus.METHOD_NOT_ALLOWED, "Security alerts are never deleted");
    public static final ProblemType KMS_UNAVAILABLE = new ProblemType("kms-unavailable",
            HttpStatus.SERVICE_UNAVAILABLE, "The tenant's keys cannot be reached");
    public static final ProblemType ELEVATION_STATE = new ProblemType("elevation-state", HttpStatus.CONFLICT,
            "The access request is not in a state that allows this");
    public static final ProblemType ELEVATION_APPROVALS_DISABLED = new ProblemType("elevation-approvals-disabled",
            HttpStatus.CONFLICT, "No staff approvals are configured: no access request can be approved");
    public static final ProblemType WEBHOOK_SIGNATURE_INVALID = new ProblemType("webhook-signature-invalid",
            HttpStatus.UNAUTHORIZED, "The webhook delivery is not validly signed, is stale or was already received");
    public static final ProblemType INTERNAL = new ProblemType("internal", HttpStatus.INTERNAL_SERVER_ERROR,
            "Something went wrong on our side");
}
