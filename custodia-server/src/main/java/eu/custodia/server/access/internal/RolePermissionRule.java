package eu.custodia.server.access.internal;

import eu.custodia.server.access.Decision;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.CustomRoles;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.TenantId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The role-permission table: allows when one of the caller's roles grants the permission in the requested
 * scope, and abstains otherwise. No provider role grants a tenant-data permission beyond the platform
 * (checked when the class loads; {@link NoStandingStaffAccessRule} denies it before this table anyway); a
 * tenant-bound role only ever reaches its own tenant. A tenant's own role ({@code custom:<name>}) grants what
 * its tenant defined, on that tenant only, to that tenant's credentials only.
 */
final class RolePermissionRule implements AccessRule {

    static final String NAME = "role-permission";

    /** Where a grant applies. */
    enum Scope {
        /** Only platform-wide (no tenant). */
        PLATFORM,
        /** Platform-wide and on any tenant. */
        ANY,
        /** Only on the caller's own tenant. */
        OWN_TENANT;

        boolean covers(AccessRequest request) {
            return switch (this) {
                case PLATFORM -> request.tenant() == null;
                case ANY -> true;
                case OWN_TENANT -> request.tenant() != null && request.tenant().equals(request.caller().tenant());
            };
        }
    }

    /** One row of the table. */
    record Grant(String role, Permission permission, Scope scope) {
    }

    static final List<Grant> TABLE = List.of(
            new Grant(Roles.PLATFORM_ADMIN, Permission.TENANTS_READ, Scope.ANY),
            new Grant(Roles.PLATFORM_ADMIN, Permission.TENANTS_WRITE, Scope.ANY),
            new Grant(Roles.PLATFORM_ADMIN, Permission.KEYS_ADMIN, Scope.PLATFORM),
            new Grant(Roles.PLATFORM_ADMIN, Permission.KEYS_READ, Scope.PLATFORM),
            new Grant(Roles.PLATFORM_ADMIN, Permission.PLATFORM_READ, Scope.PLATFORM),
            new Grant(Roles.PLATFORM_ADMIN, Permission.LEDGER_READ, Scope.PLATFORM),
            new Grant(Roles.PLATFORM_ADMIN, Permission.ACCESS_EXPLAIN, Scope.PLATFORM),
            new Grant(Roles.PLATFORM_ADMIN, Permission.USERS_ADMIN, Scope.ANY),
            new Grant(Roles.PLATFORM_ADMIN, Permission.USERS_READ, Scope.ANY),
            new Grant(Roles.TENANT_ADMIN, Permission.USERS_ADMIN, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_ADMIN, Permission.USERS_READ, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_ADMIN, Permission.TENANTS_READ, Scope.OWN_TENANT),
            new Grant(Roles.PLATFORM_AUDITOR, Permission.TENANTS_READ, Scope.ANY),
            new Grant(Roles.PLATFORM_AUDITOR, Permission.LEDGER_READ, Scope.PLATFORM),
            new Grant(Roles.SECURITY_OFFICER, Permission.USERS_READ, Scope.ANY),
            new Grant(Roles.SECURITY_OFFICER, Permission.LEDGER_READ, Scope.PLATFORM),
            new Grant(Roles.SECURITY_OFFICER, Permission.ACCESS_EXPLAIN, Scope.PLATFORM),
            new Grant(Roles.SECURITY_OFFICER, Permission.PLATFORM_READ, Scope.PLATFORM),
            new Grant(Roles.KEY_CUSTODIAN, Permission.PLATFORM_READ, Scope.PLATFORM),
            new Grant(Roles.KEY_CUSTODIAN, Permission.KEYS_ROTATE, Scope.ANY),
            new Grant(Roles.SUPPORT_ENGINEER, Permission.TENANTS_READ, Scope.ANY),
            new Grant(Roles.SUPPORT_ENGINEER, Permission.PLATFORM_READ, Scope.PLATFORM),
            new Grant(Roles.TENANT_LEDGER_READER, Permission.LEDGER_READ, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_ADMIN, Permission.LEDGER_READ, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_ADMIN, Permission.RECORDS_READ, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_ADMIN, Permission.RECORDS_WRITE, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_ADMIN, Permission.REVIEWS_RUN, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_ADMIN, Permission.ROLES_ADMIN, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_ADMIN, Permission.KEYS_ROTATE, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_MEMBER, Permission.TENANTS_READ, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_MEMBER, Permission.RECORDS_READ, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_MEMBER, Permission.RECORDS_WRITE, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_AUDITOR, Permission.TENANTS_READ, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_AUDITOR, Permission.USERS_READ, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_AUDITOR, Permission.LEDGER_READ, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_AUDITOR, Permission.RECORDS_READ, Scope.OWN_TENANT),
            new Grant(Roles.SECURITY_OFFICER, Permission.ACCESS_APPROVE, Scope.PLATFORM),
            new Grant(Roles.SECURITY_OFFICER, Permission.AGREEMENTS_ADMIN, Scope.PLATFORM),
            new Grant(Roles.SECURITY_OFFICER, Permission.AGREEMENTS_READ, Scope.PLATFORM),
            new Grant(Roles.SECURITY_OFFICER, Permission.REVIEWS_RUN, Scope.PLATFORM),
            new Grant(Roles.SECURITY_OFFICER, Permission.ALERTS_READ, Scope.PLATFORM),
            new Grant(Roles.SECURITY_OFFICER, Permission.ALERTS_ACK, Scope.PLATFORM),
            new Grant(Roles.PLATFORM_AUDITOR, Permission.AGREEMENTS_READ, Scope.PLATFORM),
            new Grant(Roles.PLATFORM_AUDITOR, Permission.ALERTS_READ, Scope.PLATFORM),
            new Grant(Roles.SUPPORT_ENGINEER, Permission.ELEVATION_REQUEST, Scope.ANY),
            new Grant(Roles.SECURITY_OFFICER, Permission.ELEVATION_APPROVE, Scope.ANY),
            new Grant(Roles.TENANT_ADMIN, Permission.ELEVATION_APPROVE, Scope.OWN_TENANT),
            new Grant(Roles.SECURITY_OFFICER, Permission.ELEVATION_READ, Scope.ANY),
            new Grant(Roles.TENANT_ADMIN, Permission.ELEVATION_READ, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_AUDITOR, Permission.ELEVATION_READ, Scope.OWN_TENANT),
            new Grant(Roles.TENANT_ADMIN, Permission.NOTICES_ADMIN, Scope.OWN_TENANT));

    static {
        for (Grant g : TABLE) {
            if (!Roles.TENANT_BOUND.contains(g.role()) && g.permission().tenantData() && g.scope() != Scope.PLATFORM) {
                throw new ExceptionInInitializerError("provider role " + g.role() + " must not hold "
                        + g.permission().code() + " on tenants (no standing staff access)");
            }
        }
    }

    /** The permissions a tenant's own role gives on that tenant (empty when the tenant defines no such role). */
    @FunctionalInterface
    interface CustomRolePermissions {

        Set<Permission> permissions(TenantId tenant, String role);

        /** No tenant defines any role (tests of the built-in table). */
        CustomRolePermissions NONE = (tenant, role) -> Set.of();
    }

    private final CustomRolePermissions custom;

    RolePermissionRule(CustomRolePermissions custom) {
        this.custom = custom;
    }

    /** True when one of {@code roles} grants the request's permission in the request's scope. */
    static boolean grants(java.util.Collection<String> roles, AccessRequest request) {
        return TABLE.stream().anyMatch(g -> g.permission() == request.permission() && roles.contains(g.role())
                && g.scope().covers(request));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Decision> evaluate(AccessRequest request) {
        Optional<Decision> builtIn = TABLE.stream()
                .filter(g -> g.permission() == request.permission() && request.caller().hasRole(g.role())
                        && g.scope().covers(request))
                .findFirst()
                .map(g -> Decision.allow(NAME, "role " + g.role() + " grants " + g.permission().code()
                        + (g.scope() == Scope.PLATFORM ? " on the platform" : request.tenant() == null ? ""
                                : " on tenant " + request.tenant())));
        if (builtIn.isPresent() || !Scope.OWN_TENANT.covers(request)) {
            return builtIn;
        }
        for (String role : request.caller().roles()) {
            if (CustomRoles.isCustom(role) && custom.permissions(request.tenant(), role).contains(request.permission())) {
                return Optional.of(Decision.allow(NAME, "role " + role + ", defined by tenant " + request.tenant()
                        + ", grants " + request.permission().code() + " on it"));
            }
        }
        return Optional.empty();
    }
}
