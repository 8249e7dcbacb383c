package eu.custodia.server.access.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKey;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.identity.IssuedKey;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An account's API keys under {@code /api/v1/accounts/{id}/keys}: list them (any account), and issue or
 * revoke the keys of a service account on its behalf. Administering a service account's keys is
 * administering the account: the decision point is asked for {@link Permission#USERS_ADMIN} (a sensitive
 * permission) or {@link Permission#USERS_READ} on the account's tenant (none: the platform), as for its
 * state and roles, so a tenant's administrator manages its own tenant's service accounts and no other's.
 * The identity module checks the rest (an active service account, roles it holds) and ledgers each change.
 */
@RestController
@Tag(name = "Accounts")
@ApiResponse(responseCode = "401", description = "Not authenticated, or a recent second factor is needed "
        + "(urn:custodia:problem:step-up-required: send X-Custodia-OTP)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The caller may not do this (decision point)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "404", description = "No such account (or key of it)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
final class ServiceAccountKeysController {

    private final Accounts accounts;
    private final ApiKeys keys;
    private final DecisionPoint decisions;

    ServiceAccountKeysController(Accounts accounts, ApiKeys keys, DecisionPoint decisions) {
        this.accounts = accounts;
        this.keys = keys;
        this.decisions = decisions;
    }

    @PostMapping("/api/v1/accounts/{id}/keys")
    @Operation(summary = "Issue an API key for a service account", description = "Body as for POST /api/v1/keys "
            + "without `tenant`: the key is bound to the service account's tenant (none: the platform), owned by "
            + "the service account, and its `roles` must be roles the account holds there. It works only while the "
            + "account is active (suspending or deprovisioning it refuses its keys at once) and only with the roles "
            + "the account still holds. The token is in this response only. Needs users:admin on the account's "
            + "tenant and a recent second factor. " + KeyAdministrationController.SCOPES_DOC)
    @ApiResponse(responseCode = "201", description = "The key and its token, shown once")
    @ApiResponse(responseCode = "400", description = "Invalid roles (not the account's), description, validity "
            + "or scopes (urn:custodia:problem:validation, urn:custodia:problem:invalid-scope)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Not a service account, or not active",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<IssuedKey> create(@PathVariable String id,
            @RequestBody KeyAdministrationController.NewKey request) {
        Account account = existing(id, Permission.USERS_ADMIN);
        if (request.tenant() != null) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "tenant", "Leave tenant out: a service account's key"
                    + " is bound to the account's own tenant.", "Omettere tenant: la chiave di un account di servizio"
                    + " è legata al tenant dell'account.");
        }
        IssuedKey issued = keys.createForServiceAccount(CurrentCaller.get(), account.id(),
                KeyAdministrationController.spec(request, account.tenant()));
        return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.CACHE_CONTROL, "no-store").body(issued);
    }

    @GetMapping("/api/v1/accounts/{id}/keys")
    @Operation(summary = "List an account's API keys", description = "The keys the account owns, newest first "
            + "(revoked ones too), never a secret. Needs users:read on the account's tenant.")
    List<ApiKey> list(@PathVariable String id) {
        Account account = existing(id, Permission.USERS_READ);
        return keys.listOwnedBy(account.id());
    }

    @PostMapping("/api/v1/accounts/{id}/keys/{keyId}/revoke")
    @Operation(summary = "Revoke a key of an account", description = "Effective on the key's next request. Needs "
            + "users:admin on the account's tenant and a recent second factor.")
    ApiKey revoke(@PathVariable String id, @PathVariable String keyId) {
        Account account = existing(id, Permission.USERS_ADMIN);
        ApiKey key = keys.find(keyId).filter(k -> account.id().equals(k.owner()))
                .orElseThrow(() -> BilingualProblem.of(ProblemType.NOT_FOUND, "Account " + account.id()
                        + " has no API key " + keyId + ".", "L'account " + account.id() + " non ha la chiave API "
                        + keyId + "."));
        return keys.revoke(CurrentCaller.get(), key.id());
    }

    /**
     * The account, once the decision point allowed {@code permission} on its tenant; an unknown account is
     * decided on the platform, so a tenant's administrator learns nothing about ids outside its tenant.
     */
    private Account existing(String id, Permission permission) {
        Caller caller = CurrentCaller.get();
        Account account = accounts.find(id).orElse(null);
        decisions.require(caller, permission, account == null ? null : account.tenant());
        if (account == null) {
            throw BilingualProblem.of(ProblemType.NOT_FOUND, "No account " + id + ".", "Nessun account " + id + ".");
        }
        return account;
    }
}
