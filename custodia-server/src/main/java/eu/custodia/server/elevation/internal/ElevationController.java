package eu.custodia.server.elevation.internal;

import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.platform.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Just-in-time staff access under {@code /api/v1/access-requests} and the customer's view under
 * {@code /api/v1/tenants/{id}/access-requests}. Every handler goes through the decision point first (in
 * {@link Elevations}); asking, approving, activating and revoking need a second factor verified within the
 * step-up window ({@code X-Custodia-OTP} for a key).
 */
@RestController
@Tag(name = "Access requests", description = "Just-in-time staff access to a tenant's data: ticketed, approved by"
        + " security officers and the customer, time-boxed, ledgered in the tenant's log")
@ApiResponse(responseCode = "401", description = "Not authenticated, or a recent second factor is needed "
        + "(urn:custodia:problem:step-up-required: send X-Custodia-OTP)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The caller may not do this (decision point), or would approve "
        + "its own request (urn:custodia:problem:self-approval)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
final class ElevationController {

    private final Elevations elevations;
    private final TenantAccessPolicies policies;
    private final StaffAffiliations affiliations;

    ElevationController(Elevations elevations, TenantAccessPolicies policies, StaffAffiliations affiliations) {
        this.elevations = elevations;
        this.policies = policies;
        this.affiliations = affiliations;
    }

    @PostMapping("/api/v1/access-requests")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Ask for just-in-time access to a tenant's data", description = "A support engineer with a"
            + " valid confidentiality agreement: `{\"tenant\", \"ticketSystem\" (default `default`), \"ticket\","
            + " \"reasonCode\" (troubleshooting, customer-requested-support, incident-response, legal-obligation),"
            + " \"reasonText\" (at most 500 characters, never ledgered), \"access\" (read|write), \"collections\""
            + " (empty: all), \"duration\" (ISO-8601, default PT4H, at most the tenant's maximum: PT8H unless its access policy says otherwise, never"
            + " above PT24H)}`.")
    ElevationRequest request(@RequestBody Elevations.NewRequest body) {
        return elevations.request(CurrentCaller.get(), body);
    }

    @PostMapping("/api/v1/access-requests/emergency")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Break glass: emergency access, active at once", description = "As asking for access, with"
            + " `reasonCode` `incident-response` and `duration` at most custodia.elevation.break-glass.max-duration"
            + " (default and cap PT1H). Where the tenant's policy allows it (custodia.elevation.break-glass.<profile>:"
            + " strict forbidden, baseline allowed by default) both approval gates are skipped: the grant is active"
            + " now, marked `emergency`, the customer told in the tenant's log (elevation.break-glass-activated), and"
            + " a security officer's review is due within custodia.elevation.break-glass.review-within (PT24H)."
            + " Where it forbids it: 403 urn:custodia:problem:break-glass-forbidden, the attempt ledgered.")
    ElevationRequest breakGlass(@RequestBody Elevations.NewRequest body) {
        return elevations.breakGlass(CurrentCaller.get(), body);
    }

    @PostMapping("/api/v1/access-requests/{id}/review")
    @Operation(summary = "Review a break-glass grant after the fact", description = "A security officer who is not"
            + " the requester (403 self-approval): `{\"outcome\": \"justified\"|\"unjustified\", \"note\"}` (the"
            + " note, at most 500 characters, is kept with the request, never ledgered). Once per grant; a review"
            + " not given by its due time is reported once as elevation.break-glass-review-overdue, which raises a"
            + " high alert.")
    ElevationRequest review(@PathVariable String id, @RequestBody Review body) {
        return elevations.review(CurrentCaller.get(), id, body == null ? null : body.outcome(),
                body == null ? null : body.note());
    }

    @GetMapping("/api/v1/access-requests")
    @Operation(summary = "List access requests", description = "Security officers: newest first; `state` one of"
            + " pending-staff, pending-customer, approved, active, concluded, revoked, expired, denied (default:"
            + " all); `limit` 1-500 (default 100).")
    List<ElevationRequest> list(@RequestParam(required = false) String state,
            @RequestParam(defaultValue = "100") int limit) {
        return elevations.list(CurrentCaller.get(), state, limit);
    }

    @GetMapping("/api/v1/access-requests/{id}")
    @Operation(summary = "Read an access request with its history", description = "Its requester, security"
            + " officers, the tenant's administrators and auditors.")
    ElevationRequest get(@PathVariable String id) {
        return elevations.read(CurrentCaller.get(), id);
    }

    @PostMapping("/api/v1/access-requests/{id}/approval")
    @Operation(summary = "Approve or deny an access request", description = "`{\"decision\": \"approve\"|\"deny\","
            + " \"reason\", \"access\", \"collections\", \"duration\"}`: first the provider's security officers"
            + " (custodia.elevation.staff-approvals of them), then, when the tenant's policy says so, an administrator"
            + " of the tenant. An approver may narrow access, collections and duration, never widen them. The"
            + " requester cannot decide (403 self-approval).")
    ElevationRequest answer(@PathVariable String id, @RequestBody Elevations.Answer body) {
        return elevations.answer(CurrentCaller.get(), id, body);
    }

    @PostMapping("/api/v1/access-requests/{id}/activation")
    @Operation(summary = "Activate an approved access request", description = "The requester, with a second factor"
            + " verified within the step-up window; the access window starts now.")
    ElevationRequest activate(@PathVariable String id) {
        return elevations.activate(CurrentCaller.get(), id);
    }

    @PostMapping("/api/v1/access-requests/{id}/conclusion")
    @Operation(summary = "Conclude an access request", description = "The requester: the operation is over, the"
            + " grant ends at once.")
    ElevationRequest conclude(@PathVariable String id) {
        return elevations.conclude(CurrentCaller.get(), id);
    }

    @PostMapping("/api/v1/access-requests/{id}/revocation")
    @Operation(summary = "Revoke an access request or grant", description = "A security officer or an administrator"
            + " of the tenant: `{\"reason\": no-longer-needed|suspected-misuse|customer-withdrawn|ticket-closed|other,"
            + " \"note\"}` (the note is kept with the request, never ledgered).")
    ElevationRequest revoke(@PathVariable String id, @RequestBody Revocation body) {
        return elevations.revoke(CurrentCaller.get(), id, body == null ? null : body.reason(),
                body == null ? null : body.note());
    }

    @GetMapping("/api/v1/tenants/{tenantId}/access-requests")
    @Operation(summary = "The customer's view: every access request on the tenant with its history",
            description = "The tenant's administrators and auditors, and security officers; newest first.")
    List<ElevationRequest> ofTenant(@PathVariable String tenantId) {
        return elevations.ofTenant(CurrentCaller.get(), TenantId.parseOrInvalid(tenantId, "tenantId"));
    }

    @GetMapping("/api/v1/tenants/{tenantId}/access-policy")
    @Operation(summary = "The tenant's policy for staff access", description = "The tenant's administrators and"
            + " auditors, and security officers: `customerApproval` (always|write|never), `maxDuration` (ISO-8601),"
            + " `breakGlass` (allowed|forbidden), and `source`: `tenant` when its administrators set it, otherwise"
            + " `profile:<name>` (the defaults of its policy profile).")
    TenantAccessPolicies.AccessPolicy policy(@PathVariable String tenantId) {
        return policies.read(CurrentCaller.get(), TenantId.parseOrInvalid(tenantId, "tenantId"));
    }

    @PutMapping("/api/v1/tenants/{tenantId}/access-policy")
    @Operation(summary = "Set the tenant's policy for staff access", description = "An administrator of the tenant,"
            + " with a fresh second factor: `{\"customerApproval\": \"always\"|\"write\"|\"never\","
            + " \"maxDuration\": \"PT1M\"..\"PT24H\", \"breakGlass\": \"allowed\"|\"forbidden\"}` (a field left"
            + " out keeps its value). Ledgered as elevation.policy-changed; applies to requests made after it.")
    TenantAccessPolicies.AccessPolicy setPolicy(@PathVariable String tenantId,
            @RequestBody TenantAccessPolicies.Change body) {
        return policies.update(CurrentCaller.get(), TenantId.parseOrInvalid(tenantId, "tenantId"), body);
    }

    @GetMapping("/api/v1/staff/{accountId}/affiliation")
    @Operation(summary = "Who employs a staff member, and from where they work", description = "Security officers"
            + " and the staff member: `employer` (the provider or a sub-processor), `country`, `subProcessor`.")
    StaffAffiliations.Affiliation affiliation(@PathVariable String accountId) {
        return affiliations.read(CurrentCaller.get(), accountId);
    }

    @PutMapping("/api/v1/staff/{accountId}/affiliation")
    @Operation(summary = "Set who employs a staff member, and from where they work", description = "A security"
            + " officer, with a fresh second factor: `{\"employer\", \"country\"}` (ISO 3166-1 alpha-2). Named in"
            + " every elevation.grant-used; a sub-processor's staff member asks for access only to a tenant whose"
            + " contract names that sub-processor (403 urn:custodia:problem:sub-processor-not-named).")
    StaffAffiliations.Affiliation setAffiliation(@PathVariable String accountId,
            @RequestBody StaffAffiliations.Change body) {
        return affiliations.set(CurrentCaller.get(), accountId, body);
    }

    /** The body of a break-glass review. */
    record Review(String outcome, String note) {
    }

    /** The body of a revocation. */
    record Revocation(String reason, String note) {
    }
}
