package eu.custodia.server.identity;

import eu.custodia.server.platform.TenantId;
import java.util.List;

/**
 * Read-only: every role assignment at once, for the access module's reviews (which snapshot them all) and
 * other audits. Changing assignments stays with {@link Accounts#grantRole} and {@link Accounts#revokeRole}.
 */
public interface RoleAssignments {

    /**
     * Every role held by an account that is not deprovisioned, in one consistent read, ordered by tenant
     * (the platform first), account and role.
     */
    List<Assignment> all();

    /**
     * One role held by one account.
     *
     * @param account the account's id ({@code acc-…})
     * @param accountKind {@code staff}, {@code tenant-user} or {@code service}
     * @param accountTenant the account's own tenant, null for staff and platform service accounts
     * @param accountState the account's lifecycle state (never deprovisioned here)
     * @param role the role name
     * @param tenant the tenant the role applies to, null for the platform
     */
    record Assignment(String account, String accountKind, TenantId accountTenant, AccountState accountState,
            String role, TenantId tenant) {
    }
}
