package eu.custodia.server.access.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.ApiKey;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.identity.IssuedKey;
import eu.custodia.server.identity.KeySpec;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * API key administration under {@code /api/v1/keys}: create (the token is in that response only), list
 * (never secrets), revoke (effective on the next request). Every handler asks the decision point for
 * {@link Permission#KEYS_ADMIN} (a sensitive
 * permission: a second factor verified within the step-up window, e.g. {@code X-Custodia-OTP}) or, to read,
 * {@link Permission#KEYS_READ}; the identity module stores the keys and ledgers each change. It lives in
 * the access module because granting roles is access administration, and so that identity does not
 * depend on the decision point that depends on it.
 */
@RestController
@RequestMapping("/api/v1/keys")
@Tag(name = "API keys", description = "Machine credentials: `Authorization: Bearer cst_…`, shown once, stored "
        + "hashed, expiring, optionally narrowed to scopes. Errors are RFC 9457 problem details.")
@ApiResponse(responseCode = "401", description = "Not authenticated, or a recent second factor is needed "
        + "(urn:custodia:problem:step-up-required: send X-Custodia-OTP)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The caller may not do this (decision point)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
final class KeyAdministrationController {

    static final String SCOPES_DOC = "`scopes` narrows the key to these permission codes (e.g. `ledger:read`, "
            + "`tenants:read`, `users:read`): its authority is what its roles allow on those permissions only, "
            + "enforced by the decision point (rule `key-scope`). Leave `scopes` out for a key with everything its "
            + "roles allow; an empty list is refused (400 validation). A scope that is unknown, or that none of "
            + "the key's roles carries, is refused with 400 `urn:custodia:problem:invalid-scope` naming it "
            + "(`scope`).";

    private final ApiKeys keys;
    private final DecisionPoint decisions;

    KeyAdministrationController(ApiKeys keys, DecisionPoint decisions) {
        this.keys = keys;
        this.decisions = decisions;
    }

    /**
     * A key to create: its roles, the tenant it is bound to (tenant-bound roles only), a label, its validity
     * and, optionally, the permission codes it is narrowed to (absent: everything its roles allow).
     */
    record NewKey(Set<String> roles, String tenant, String description, Integer expiresInDays, Set<String> scopes) {
    }

    @PostMapping
    @Operation(summary = "Create an API key", description = "Needs keys:admin and a second factor verified in the "
            + "last 10 minutes (with a key: X-Custodia-OTP). The token (`cst_…`) is in this response only. "
            + "`expiresInDays` 1–365, default 90. " + SCOPES_DOC)
    @ApiResponse(responseCode = "201", description = "The key and its token, shown once")
    @ApiResponse(responseCode = "400", description = "Invalid roles, tenant, description, validity or scopes "
            + "(urn:custodia:problem:validation, urn:custodia:problem:invalid-scope)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<IssuedKey> create(@RequestBody NewKey request) {
        Caller caller = admin();
        IssuedKey issued = keys.create(caller, spec(request, tenant(request.tenant())));
        return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.CACHE_CONTROL, "no-store").body(issued);
    }

    @GetMapping
    @Operation(summary = "List API keys", description = "Every key, newest first, with its roles, scopes (absent: "
            + "everything its roles allow), tenant, owner, expiry and last use; never a secret. Needs keys:read.")
    List<ApiKey> list() {
        decisions.require(CurrentCaller.get(), Permission.KEYS_READ, null);
        return keys.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read an API key", description = "Its metadata, never its secret. Needs keys:read.")
    ApiKey get(@PathVariable String id) {
        decisions.require(CurrentCaller.get(), Permission.KEYS_READ, null);
        return keys.find(id).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No API key has this id."));
    }

    @PostMapping("/{id}/revoke")
    @Operation(summary = "Revoke an API key", description = "Effective on the key's next request. Needs keys:admin "
            + "and a recent second factor.")
    ApiKey revoke(@PathVariable String id) {
        return keys.revoke(admin(), id);
    }

    /** The key the request describes, bound to {@code tenant}. */
    static KeySpec spec(NewKey request, TenantId tenant) {
        Duration validity = request.expiresInDays() == null ? null : Duration.ofDays(request.expiresInDays());
        return new KeySpec(request.roles(), tenant, request.description(), validity, request.scopes());
    }

    private static TenantId tenant(String text) {
        if (text == null) {
            return null;
        }
        TenantId tenant = TenantId.parseOrNull(text);
        if (tenant == null) {
            throw new ProblemException(ProblemType.VALIDATION, "Some fields are not valid; see errors.",
                    Map.of("errors", List.of(Map.of("field", "tenant",
                            "message", "A tenant id is t- followed by 26 base32 characters."))));
        }
        return tenant;
    }

    private Caller admin() {
        Caller caller = CurrentCaller.get();
        decisions.require(caller, Permission.KEYS_ADMIN, null);
        return caller;
    }
}
