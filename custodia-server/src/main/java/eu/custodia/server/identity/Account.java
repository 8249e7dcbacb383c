package eu.custodia.server.identity;

import eu.custodia.server.platform.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * A person or service account. The username is personal data: it is shown to administrators, never
 * written to a ledger (ledgers name the account by {@link #id}). A service account is a machine identity: it
 * has a name and a description instead of a username, no password and no second factor (it cannot sign in),
 * never an administrative role, and acts only through the API keys administrators issue on its behalf.
 *
 * @param id {@code acc-…}
 * @param kind {@code staff} (provider staff, platform-wide), {@code tenant-user} or {@code service}
 * @param tenant the account's tenant, null for staff and for platform service accounts
 * @param username unique sign-in name (normalised to lower case); null for a service account
 * @param name a service account's name, unique within its tenant (or the platform); null for a person
 * @param description what a service account is for; null for a person
 * @param state lifecycle state
 * @param roles the roles it holds, each on the platform or on one tenant
 * @param secondFactors the second factors it has enrolled ({@code totp}, {@code webauthn} for one or more passkeys)
 * @param createdAt when it was invited or created
 * @param stateChangedAt when its state last changed
 */
public record Account(String id, String kind, TenantId tenant, String username, String name, String description,
        AccountState state, List<RoleAssignment> roles, List<String> secondFactors, Instant createdAt,
        Instant stateChangedAt) {

    public static final String STAFF = "staff";
    public static final String TENANT_USER = "tenant-user";
    public static final String SERVICE = "service";

    public Account {
        roles = List.copyOf(roles);
        secondFactors = List.copyOf(secondFactors);
    }

    /** True for a service account. */
    public boolean service() {
        return SERVICE.equals(kind);
    }

    /** True when it has at least one second factor enrolled. */
    public boolean mfaEnrolled() {
        return !secondFactors.isEmpty();
    }

    /**
     * A role held on the platform ({@code tenant} null) or on one tenant.
     *
     * @param role the role name
     * @param tenant the tenant it applies to, or null
     */
    public record RoleAssignment(String role, TenantId tenant) {
    }
}
