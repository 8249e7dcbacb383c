package eu.custodia.server.access.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.identity.RoleRequest;
import eu.custodia.server.identity.RoleRequests;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Role requests under {@code /api/v1/role-requests}: the grants that wait for a security officer (two-person
 * rule for staff roles; segregation-of-duties rules answered with {@code approve}). Listing and deciding need
 * {@link Permission#ACCESS_APPROVE} on the platform (a sensitive permission: a second factor verified within
 * the step-up window). Which request a caller may decide (never one they made, never one for their own
 * account) is identity's rule, enforced and ledgered there.
 */
@RestController
@Tag(name = "Role requests", description = "Role grants awaiting a security officer's approval (two-person rule)")
@ApiResponse(responseCode = "401", description = "Not authenticated, or a recent second factor is needed "
        + "(urn:custodia:problem:step-up-required: send X-Custodia-OTP)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The caller may not do this (decision point), or would approve "
        + "its own request or role (urn:custodia:problem:self-approval)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
final class RoleRequestsController {

    private final RoleRequests requests;
    private final DecisionPoint decisions;

    RoleRequestsController(RoleRequests requests, DecisionPoint decisions) {
        this.requests = requests;
        this.decisions = decisions;
    }

    @GetMapping("/api/v1/role-requests")
    @Operation(summary = "List role requests", description = "Newest first; `state` one of pending, approved, "
            + "rejected, expired (default: all); `limit` 1-500 (default 100).")
    List<RoleRequest> list(@RequestParam(required = false) String state,
            @RequestParam(defaultValue = "100") int limit) {
        decisions.require(CurrentCaller.get(), Permission.ACCESS_APPROVE, null);
        if (limit < 1 || limit > 500) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "limit", "limit must be between 1 and 500.",
                    "limit deve essere tra 1 e 500.");
        }
        return requests.list(state, limit);
    }

    @GetMapping("/api/v1/role-requests/{id}")
    RoleRequest get(@PathVariable String id) {
        decisions.require(CurrentCaller.get(), Permission.ACCESS_APPROVE, null);
        return requests.find(id).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No role request "
                + id + "."));
    }

    @PostMapping("/api/v1/role-requests/{id}/approval")
    @Operation(summary = "Approve or reject a role request", description = "`{\"decision\": \"approve\"|\"reject\", "
            + "\"reason\": …}` (a reason is required to reject; it stays with the request and never reaches a "
            + "ledger). Approving grants the role after checking again, at this moment, everything a grant "
            + "checks: an active account, a second factor for an administrative role, the role guards "
            + "(confidentiality agreement) and segregation of duties. The requester and the account itself "
            + "cannot decide (403 self-approval, ledgered).")
    Object decide(@PathVariable String id, @RequestBody Decision request) {
        Caller caller = CurrentCaller.get();
        decisions.require(caller, Permission.ACCESS_APPROVE, null);
        String decision = request == null ? null : request.decision();
        if ("approve".equals(decision)) {
            Accounts.RoleGrant grant = requests.approve(caller, id);
            return new Approved(requests.find(id).orElseThrow(), grant.account());
        }
        if ("reject".equals(decision)) {
            return requests.reject(caller, id, request.reason());
        }
        throw BilingualProblem.field(ProblemType.VALIDATION, "decision", "decision must be approve or reject.",
                "decision deve essere approve oppure reject.");
    }

    /** The body of a decision. */
    record Decision(String decision, String reason) {
    }

    /** An approved request and the account that now holds the role. */
    record Approved(RoleRequest request, eu.custodia.server.identity.Account account) {
    }
}
