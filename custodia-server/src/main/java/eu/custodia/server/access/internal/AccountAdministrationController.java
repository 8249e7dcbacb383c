package eu.custodia.server.access.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.AccountState;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.identity.RoleRequest;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Accounts under {@code /api/v1/accounts}: invite a person or create a service account, list, read, change
 * state (suspend, reactivate, deprovision), grant and revoke roles, remove a second factor; {@code /api/v1/invitations/accept} (open:
 * the token is the credential) sets the password; {@code /api/v1/account/totp} lets the caller enrol TOTP
 * for its own account. Every handler asks the decision point first: {@link Permission#USERS_ADMIN} (a
 * sensitive permission: a recent second factor) or {@link Permission#USERS_READ} on the account's tenant
 * (staff accounts: the platform), {@link Permission#ACCOUNT_SELF} for one's own factors.
 */
@RestController
@Tag(name = "Accounts", description = "People (staff, tenant users) and service accounts, their lifecycle "
        + "(active ⇄ suspended → deprovisioned) and roles. Errors are RFC 9457 problem details.")
@ApiResponse(responseCode = "400", description = "Invalid request (urn:custodia:problem:validation; the text in "
        + "English as detail, in Italian as messageIt where the server wrote both)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "401", description = "Not authenticated, or a recent second factor is needed "
        + "(urn:custodia:problem:step-up-required: send X-Custodia-OTP)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The caller may not do this (decision point)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
final class AccountAdministrationController {

    private final Accounts accounts;
    private final DecisionPoint decisions;

    AccountAdministrationController(Accounts accounts, DecisionPoint decisions) {
        this.accounts = accounts;
        this.decisions = decisions;
    }

    /**
     * An account to create: a person to invite ({@code staff}, no tenant, or {@code tenant-user} of
     * {@code tenant}, with a {@code username}), or a {@code service} account of {@code tenant} (none: the
     * platform's) with a {@code name}, a {@code description} and optionally {@code roles}.
     */
    record NewAccount(String kind, String tenant, String username, String name, String description,
            Set<String> roles) {
    }

    /**
     * A new account as returned once to the administrator: with the invitation token to send on for a person,
     * with neither token nor expiry for a service account (it has nothing to accept).
     */
    record InvitationView(Account account, String invitationToken, Instant expiresAt) {
    }

    /** A state change and why (no personal data: it is ledgered). */
    record StateChange(String state, String reason) {
    }

    /** A role on the platform ({@code tenant} null) or on one tenant. */
    record RoleChange(String role, String tenant) {
    }

    /** An invitation token and the password its invitee chooses. */
    record Acceptance(String token, String password) {
    }

    /** A one-time code. */
    record Code(String code) {
    }

    /** Recovery codes, shown once. */
    record RecoveryCodesView(List<String> recoveryCodes) {
    }

    @PostMapping("/api/v1/accounts")
    @Operation(summary = "Invite a person or create a service account", description = "Needs users:admin on the "
            + "tenant (none: the platform) and a recent second factor. A person (`kind` `staff` or `tenant-user`, "
            + "`username`) is invited: the answer holds a single-use `invitationToken` valid 72 hours. A service "
            + "account (`kind` `service`, `name` 2–64 characters of a-z 0-9 . _ -, unique in its tenant, a "
            + "`description`, optional `roles` on its tenant) is active at once: no username, no password, no "
            + "second factor, never an administrative role (409 "
            + "urn:custodia:problem:service-account-admin-role, ledgered); it acts through the keys issued with "
            + "POST /api/v1/accounts/{id}/keys.")
    @ApiResponse(responseCode = "201", description = "The account (and a person's invitation token, shown once)")
    @ApiResponse(responseCode = "409", description = "Name or username taken, or an administrative role for a "
            + "service account", content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<InvitationView> invite(@RequestBody NewAccount request) {
        TenantId tenant = tenant(request.tenant());
        Caller caller = require(Permission.USERS_ADMIN, tenant);
        if (Account.SERVICE.equals(request.kind())) {
            if (request.username() != null) {
                throw BilingualProblem.field(ProblemType.VALIDATION, "username", "A service account has no username:"
                        + " give it a name and a description.", "Un account di servizio non ha un nome utente:"
                        + " indicarne name e description.");
            }
            Account created = accounts.createServiceAccount(caller, tenant, request.name(), request.description(),
                    request.roles() == null ? Set.of() : request.roles());
            return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .body(new InvitationView(created, null, null));
        }
        if (request.name() != null || request.description() != null || request.roles() != null) {
            throw BilingualProblem.field(ProblemType.VALIDATION, request.roles() != null ? "roles"
                    : request.name() != null ? "name" : "description", "name, description and roles are for service"
                    + " accounts: invite a person with a username, then grant roles once the invitation is accepted.",
                    "name, description e roles valgono per gli account di servizio: invitare una persona con un nome"
                    + " utente, poi assegnarle i ruoli quando ha accettato l'invito.");
        }
        Accounts.Invitation invitation = accounts.invite(caller, request.kind(), tenant, request.username());
        return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new InvitationView(invitation.account(), invitation.token(), invitation.expiresAt()));
    }

    @GetMapping("/api/v1/accounts")
    @Operation(summary = "List accounts", description = "The accounts of a tenant (none: the staff and the "
            + "platform's service accounts), newest first; `kind=service` lists only service accounts. Needs "
            + "users:read on that tenant.")
    List<Account> list(@RequestParam(required = false) String tenant,
            @Parameter(description = "staff, tenant-user or service") @RequestParam(required = false) String kind) {
        TenantId t = tenant(tenant);
        if (kind != null && !Set.of(Account.STAFF, Account.TENANT_USER, Account.SERVICE).contains(kind)) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "kind", "kind must be staff, tenant-user or service.",
                    "kind deve essere staff, tenant-user o service.");
        }
        require(Permission.USERS_READ, t);
        return accounts.list(t).stream().filter(a -> kind == null || kind.equals(a.kind())).toList();
    }

    @GetMapping("/api/v1/accounts/{id}")
    Account get(@PathVariable String id) {
        Account account = existing(id, Permission.USERS_READ);
        return account;
    }

    @PostMapping("/api/v1/accounts/{id}/state")
    @Operation(summary = "Suspend, reactivate or deprovision an account", description = "`{\"state\": "
            + "\"suspended\"|\"active\"|\"deprovisioned\", \"reason\": …}` (the reason is ledgered: no personal "
            + "data). Suspending or deprovisioning a person or a service account revokes its API keys and ends its "
            + "sessions in the same transaction. Needs users:admin on the account's tenant.")
    Account changeState(@PathVariable String id, @RequestBody StateChange request) {
        Account account = existing(id, Permission.USERS_ADMIN);
        AccountState to = request.state() == null ? null : AccountState.ofCode(request.state());
        if (to == null || to == AccountState.INVITED) {
            throw new ProblemException(ProblemType.VALIDATION, "state must be one of suspended, active,"
                    + " deprovisioned.", Map.of("field", "state"));
        }
        return accounts.changeState(CurrentCaller.get(), account.id(), to, request.reason());
    }

    @PostMapping("/api/v1/accounts/{id}/roles")
    @Operation(summary = "Grant a role", description = "An administrative role needs an enrolled second factor "
            + "(409 mfa-not-enrolled) and is never granted to a service account (409 service-account-admin-role); "
            + "a refused segregation-of-duties pair is 409 sod-conflict; all refusals are ledgered. A service "
            + "account holds roles on its own tenant only. A provider role given to a staff member, or a grant a "
            + "segregation-of-duties rule sends for approval, is not granted yet: the answer is 202 with the "
            + "pending role request, which a security officer approves at /api/v1/role-requests/{id}/approval.")
    ResponseEntity<Object> grantRole(@PathVariable String id, @RequestBody RoleChange request) {
        Account account = existing(id, Permission.USERS_ADMIN);
        Accounts.RoleGrant grant = accounts.grantRole(CurrentCaller.get(), account.id(), request.role(),
                tenant(request.tenant()));
        if (grant.granted()) {
            return ResponseEntity.ok(grant.account());
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new PendingGrant("pending-approval", grant.pending(),
                grant.account()));
    }

    /** A grant that waits for a security officer: the request to approve, and the account as it is now. */
    record PendingGrant(String state, RoleRequest request, Account account) {
    }

    @DeleteMapping("/api/v1/accounts/{id}/roles/{role}")
    Account revokeRole(@PathVariable String id, @PathVariable String role,
            @RequestParam(required = false) String tenant) {
        Account account = existing(id, Permission.USERS_ADMIN);
        return accounts.revokeRole(CurrentCaller.get(), account.id(), role, tenant(tenant));
    }

    @DeleteMapping("/api/v1/accounts/{id}/totp")
    Account removeTotp(@PathVariable String id) {
        Account account = existing(id, Permission.USERS_ADMIN);
        return accounts.removeTotp(CurrentCaller.get(), account.id());
    }

    @PostMapping("/api/v1/invitations/accept")
    Account accept(@RequestBody Acceptance request) {
        return accounts.acceptInvitation(request.token(), request.password());
    }

    @PostMapping("/api/v1/account/totp")
    ResponseEntity<Accounts.TotpEnrolment> startTotp() {
        Caller caller = require(Permission.ACCOUNT_SELF, null, true);
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(accounts.startTotp(caller));
    }

    @PostMapping("/api/v1/account/totp/confirm")
    ResponseEntity<RecoveryCodesView> confirmTotp(@RequestBody Code request) {
        Caller caller = require(Permission.ACCOUNT_SELF, null, true);
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new RecoveryCodesView(accounts.confirmTotp(caller, request.code())));
    }

    private Account existing(String id, Permission permission) {
        Caller caller = CurrentCaller.get();
        Account account = accounts.find(id).orElse(null);
        // Decide on the account's scope; an unknown account is decided on the platform, so a tenant's
        // administrator learns nothing about ids outside its tenant.
        decisions.require(caller, permission, account == null ? null : account.tenant());
        if (account == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No account " + id + ".");
        }
        return account;
    }

    private Caller require(Permission permission, TenantId tenant) {
        return require(permission, tenant, false);
    }

    private Caller require(Permission permission, TenantId tenant, boolean ownTenant) {
        Caller caller = CurrentCaller.get();
        decisions.require(caller, permission, ownTenant ? caller.tenant() : tenant);
        return caller;
    }

    private static TenantId tenant(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        TenantId tenant = TenantId.parseOrNull(text);
        if (tenant == null) {
            throw new ProblemException(ProblemType.VALIDATION, "A tenant id is t- followed by 26 base32 characters.",
                    Map.of("field", "tenant"));
        }
        return tenant;
    }
}
