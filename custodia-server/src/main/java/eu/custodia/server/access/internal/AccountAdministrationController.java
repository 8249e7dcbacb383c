package eu.custodia.server.access.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.AccountState;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Accounts under {@code /api/v1/accounts}: invite, list, read, change state (suspend, reactivate,
 * deprovision), grant and revoke roles, remove a second factor; {@code /api/v1/invitations/accept} (open:
 * the token is the credential) sets the password; {@code /api/v1/account/totp} lets the caller enrol TOTP
 * for its own account. Every handler asks the decision point first: {@link Permission#USERS_ADMIN} (a
 * sensitive permission: a recent second factor) or {@link Permission#USERS_READ} on the account's tenant
 * (staff accounts: the platform), {@link Permission#ACCOUNT_SELF} for one's own factors.
 */
@RestController
final class AccountAdministrationController {

    private final Accounts accounts;
    private final DecisionPoint decisions;

    AccountAdministrationController(Accounts accounts, DecisionPoint decisions) {
        this.accounts = accounts;
        this.decisions = decisions;
    }

    /** An account to invite: {@code staff} (no tenant) or {@code tenant-user} of {@code tenant}. */
    record NewAccount(String kind, String tenant, String username) {
    }

    /** An invitation as returned once to the administrator who sends it on. */
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
    ResponseEntity<InvitationView> invite(@RequestBody NewAccount request) {
        TenantId tenant = tenant(request.tenant());
        Caller caller = require(Permission.USERS_ADMIN, tenant);
        Accounts.Invitation invitation = accounts.invite(caller, request.kind(), tenant, request.username());
        return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new InvitationView(invitation.account(), invitation.token(), invitation.expiresAt()));
    }

    @GetMapping("/api/v1/accounts")
    List<Account> list(@RequestParam(required = false) String tenant) {
        TenantId t = tenant(tenant);
        require(Permission.USERS_READ, t);
        return accounts.list(t);
    }

    @GetMapping("/api/v1/accounts/{id}")
    Account get(@PathVariable String id) {
        Account account = existing(id, Permission.USERS_READ);
        return account;
    }

    @PostMapping("/api/v1/accounts/{id}/state")
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
    Account grantRole(@PathVariable String id, @RequestBody RoleChange request) {
        Account account = existing(id, Permission.USERS_ADMIN);
        return accounts.grantRole(CurrentCaller.get(), account.id(), request.role(), tenant(request.tenant()));
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
