package eu.custodia.server.identity;

import eu.custodia.server.platform.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Accounts and their lifecycle, roles and second factors. Every change writes its ledger event in the same
 * transaction (the platform log for staff, the tenant's log for its users), naming accounts by id only.
 * Authorization (who may call what) is the decision point's job, done by the caller of this interface; the
 * rules that hold whoever calls (an administrative role needs an enrolled second factor, an
 * administrator's last factor cannot be removed, suspension revokes the account's keys) are enforced here.
 */
public interface Accounts {

    /**
     * Invites a person: creates the account in state {@code invited} and returns a single-use invitation
     * token valid 72 hours, shown once.
     *
     * @param kind {@link Account#STAFF} (tenant null) or {@link Account#TENANT_USER} (tenant required)
     * @throws eu.custodia.server.platform.ProblemException validation (bad username or kind), conflict
     *     (username taken)
     */
    Invitation invite(Caller actor, String kind, TenantId tenant, String username);

    /**
     * Creates a service account, active at once: a machine identity with a name and a description (no
     * personal data: both are shown to administrators; the ledger names the account by id), no username, no
     * password, no second factor. It acts only through API keys issued on its behalf
     * ({@link ApiKeys#createForServiceAccount}), with the roles given here or granted later, never an
     * administrative one.
     *
     * @param tenant the tenant it belongs to, or null for a platform service account
     * @param roles roles to grant at once (on {@code tenant}, or on the platform); may be empty
     * @throws eu.custodia.server.platform.ProblemException validation (bad name, description or role),
     *     conflict (the name is taken in that tenant), {@code service-account-admin-role} for an
     *     administrative role (the refusal is ledgered and nothing is created)
     */
    Account createServiceAccount(Caller actor, TenantId tenant, String name, String description,
            Set<String> roles);

    /**
     * Accepts an invitation: sets the password (NIST SP 800-63B policy) and activates the account.
     *
     * @throws eu.custodia.server.platform.ProblemException unauthenticated for an unknown, used or expired
     *     token (indistinguishably); validation for a refused password, listing why
     */
    Account acceptInvitation(String token, String password);

    Optional<Account> find(String id);

    /** Every account of {@code tenant}, or every staff account when null; newest first. */
    List<Account> list(TenantId tenant);

    /**
     * Moves an account to {@code to} (suspended, active again, or deprovisioned) for {@code reason}.
     * Suspending or deprovisioning revokes every API key the account owns and ends its sessions, in the
     * same transaction.
     *
     * @throws eu.custodia.server.platform.ProblemException not-found; conflict for an illegal transition
     */
    Account changeState(Caller actor, String id, AccountState to, String reason);

    /**
     * Records whether a tenant requires a second factor of every one of its users (its policy profile is
     * {@code strict}), in the caller's transaction. The tenancy module calls it whenever a tenant's contract
     * is created or changed.
     */
    void setTenantMfaRequired(TenantId tenant, boolean required);

    /**
     * Ends every access to a tenant (its suspension or the end of its contract), in the caller's
     * transaction: suspends its active accounts (people and service accounts), revokes every API key bound to
     * the tenant or owned by one of its accounts, and ends their sessions; one event in the tenant's log. Reactivating the tenant does
     * not reactivate them: its administrators do that account by account.
     *
     * @return how many accounts were suspended and keys revoked
     */
    TenantAccessEnded endTenantAccess(Caller actor, TenantId tenant, String reason);

    /**
     * What {@link #endTenantAccess} did.
     *
     * @param accountsSuspended active accounts suspended (service accounts included)
     * @param keysRevoked live keys revoked
     */
    record TenantAccessEnded(int accountsSuspended, int keysRevoked) {
    }

    /**
     * Grants a role on the platform ({@code tenant} null) or on one tenant, or asks a security officer to
     * approve it ({@link RoleRequests}): a provider role given to a staff member by anyone but the platform's
     * own code waits for approval (two-person rule), and so does a grant that a segregation-of-duties rule
     * answers with {@code approve}. Bootstrap: while no active staff account holds {@code security-officer},
     * a platform administrator makes another staff member security officer directly (ledgered as
     * {@code bootstrap}), so that approvals can start.
     *
     * @return the account, and the pending request when the grant waits
     * @throws eu.custodia.server.platform.ProblemException conflict ({@code mfa-not-enrolled}) for an
     *     administrative role when the account has no second factor enrolled;
     *     {@code service-account-admin-role} for an administrative role to a service account;
     *     {@code sod-conflict} for a refused pair; a {@link RoleGuard}'s problem (all refusals are ledgered)
     */
    RoleGrant grantRole(Caller actor, String id, String role, TenantId tenant);

    /**
     * What a grant did.
     *
     * @param account the account as it is now
     * @param pending the request waiting for a security officer's approval, or null when the role was granted
     */
    record RoleGrant(Account account, RoleRequest pending) {

        /** True when the role is held now. */
        public boolean granted() {
            return pending == null;
        }
    }

    Account revokeRole(Caller actor, String id, String role, TenantId tenant);

    /**
     * Starts (or restarts, while unconfirmed) TOTP enrolment for the caller's own account: a new secret
     * as an {@code otpauth://} URI and a QR code. Nothing is enrolled until {@link #confirmTotp}.
     */
    TotpEnrolment startTotp(Caller self);

    /**
     * Confirms the caller's pending TOTP enrolment with a current code, and returns ten single-use recovery
     * codes, shown once (they replace any earlier ones).
     *
     * @throws eu.custodia.server.platform.ProblemException validation for a wrong or reused code; conflict
     *     when there is no pending enrolment
     */
    List<String> confirmTotp(Caller self, String code);

    /**
     * Removes an account's TOTP factor (and its recovery codes).
     *
     * @throws eu.custodia.server.platform.ProblemException conflict when it is the last second factor of an
     *     account holding an administrative role
     */
    Account removeTotp(Caller actor, String id);

    /**
     * Verifies a second factor of an active account: a TOTP code (its time step is consumed atomically, so
     * it can never be used again) or a recovery code (consumed). Returns the verified factor, or empty.
     */
    Optional<VerifiedFactor> verifySecondFactor(String accountId, String code);

    /**
     * An invitation, returned once.
     *
     * @param account the invited account
     * @param token the single-use token (in the invitation link); never stored, never shown again
     * @param expiresAt when it stops working
     */
    record Invitation(Account account, String token, Instant expiresAt) {

        @Override
        public String toString() {
            return "Invitation[" + account.id() + ", expires " + expiresAt + "]";
        }
    }

    /**
     * A pending TOTP enrolment, shown to its owner once.
     *
     * @param secret the base32 secret (for manual entry)
     * @param uri the {@code otpauth://} URI
     * @param qrSvg the URI as an SVG QR code
     */
    record TotpEnrolment(String secret, String uri, String qrSvg) {

        @Override
        public String toString() {
            return "TotpEnrolment[***]";
        }
    }
}
