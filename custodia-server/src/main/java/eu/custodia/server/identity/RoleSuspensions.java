package eu.custodia.server.identity;

import eu.custodia.server.platform.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Roles taken from an account without being revoked, and given back: for example the production roles of a
 * staff member whose confidentiality agreement expired (the access module decides when). A suspended role is
 * held by no credential of the account from the next request on (sessions and API keys read the roles the
 * account holds); it is kept with its grant, and reinstated only after the checks a grant passes (a second
 * factor for an administrative role, every {@link RoleGuard}, segregation of duties). Every change writes its
 * ledger event in the caller's transaction (or its own), naming the account by id; a role that stays suspended
 * at a reinstatement is ledgered with why.
 */
public interface RoleSuspensions {

    /**
     * Suspends the roles of {@code roles} that the account holds (on any tenant), for {@code reason} (a code,
     * e.g. {@code agreement-expired}); ledgers {@code account.role-suspended} for each. Roles it does not hold
     * are ignored.
     *
     * @return what was suspended now (empty when the account held none of them)
     */
    List<Suspension> suspend(Caller actor, String accountId, Set<String> roles, String reason);

    /**
     * Reinstates the account's roles suspended for one of {@code reasons}, each only if the account could be
     * granted it now: not deprovisioned, a second factor for an administrative role, no {@link RoleGuard}
     * refusal and no segregation-of-duties conflict (with what it holds, and with the roles reinstated before
     * it) that refuses. A reinstated role is ledgered as {@code account.role-reinstated}; one that stays
     * suspended as {@code account.role-reinstated} with outcome {@code denied} and why.
     *
     * @param trigger why now, for the ledger (identifiers only), e.g. {@code agreement agr-… registered}
     */
    Reinstatement reinstate(Caller actor, String accountId, Set<String> reasons, String trigger);

    /** The account's suspended roles, by role. */
    List<Suspension> of(String accountId);

    /** Every suspended role, by account and role. */
    List<Suspension> all();

    /**
     * A suspended role.
     *
     * @param account the account id
     * @param role the role
     * @param tenant the tenant it was held on, null for the platform
     * @param reason why it is suspended (a code)
     * @param suspendedAt when
     * @param suspendedBy who (an id, {@code system} for scheduled work)
     * @param grantedAt when it was originally granted
     * @param grantedBy who originally granted it
     */
    record Suspension(String account, String role, TenantId tenant, String reason, Instant suspendedAt,
            String suspendedBy, Instant grantedAt, String grantedBy) {
    }

    /**
     * What a reinstatement did.
     *
     * @param reinstated the roles given back
     * @param kept the roles that stay suspended, each with why
     */
    record Reinstatement(List<Suspension> reinstated, List<Kept> kept) {

        public Reinstatement {
            reinstated = List.copyOf(reinstated);
            kept = List.copyOf(kept);
        }
    }

    /**
     * A role that stays suspended.
     *
     * @param suspension the suspension, unchanged
     * @param rule the rule that keeps it: {@code mfa-not-enrolled}, {@code segregation-of-duties},
     *     {@code deprovisioned}, or a {@link RoleGuard}'s rule
     * @param detail why, in English (identifiers and role names only)
     */
    record Kept(Suspension suspension, String rule, String detail) {
    }
}
