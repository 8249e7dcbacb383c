package eu.custodia.server.identity;

import eu.custodia.server.platform.TenantId;

/**
 * The roles tenants define for themselves ({@code custom:<name>}), as far as granting them needs: whether one
 * exists on a tenant. Definitions and their permissions are the access module's (it provides this bean);
 * identity asks before granting one.
 */
public interface CustomRoles {

    /** The prefix of every tenant-defined role name. */
    String PREFIX = "custom:";

    /** True for a name in the tenant-defined form. */
    static boolean isCustom(String role) {
        return role != null && role.startsWith(PREFIX);
    }

    /** True when {@code tenant} defines {@code role}. */
    boolean defined(TenantId tenant, String role);
}
