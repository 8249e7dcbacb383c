package eu.custodia.bench.access;

import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.platform.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The access suite's population and requests: tenants, tenant users with one tenant role each, staff users
 * with one staff role each on the platform, and seeded random request sequences over them, ready both for
 * {@code DecisionPoint.decide} and for jCasbin's {@code enforce}.
 */
final class AccessModel {

    /** The jCasbin domain of platform-wide requests (Custodia's tenant {@code null}). */
    static final String PLATFORM = "platform";
    static final int USERS_PER_TENANT = 10;
    /** Of each tenant's users, this many are {@code tenant-admin}; the others {@code tenant-ledger-reader}. */
    static final int ADMINS_PER_TENANT = 2;
    static final int STAFF_PER_ROLE = 5;
    static final List<String> STAFF_ROLES = List.of(Roles.PLATFORM_ADMIN, Roles.PLATFORM_AUDITOR,
            Roles.SECURITY_OFFICER, Roles.KEY_CUSTODIAN, Roles.SUPPORT_ENGINEER);

    /** Where a grant applies, as in the README's "Roles and permissions" table. */
    enum Scope {
        PLATFORM, ANY, OWN
    }

    /** One cell of the README's "Roles and permissions" table. */
    record Grant(String role, Permission permission, Scope scope) {
    }

    /** The README's "Roles and permissions" table, for the jCasbin policies and for choosing requests. */
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
            new Grant(Roles.TENANT_ADMIN, Permission.USERS_ADMIN, Scope.OWN),
            new Grant(Roles.TENANT_ADMIN, Permission.USERS_READ, Scope.OWN),
            new Grant(Roles.TENANT_ADMIN, Permission.TENANTS_READ, Scope.OWN),
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
            new Grant(Roles.TENANT_LEDGER_READER, Permission.LEDGER_READ, Scope.OWN),
            new Grant(Roles.TENANT_ADMIN, Permission.LEDGER_READ, Scope.OWN),
            new Grant(Roles.TENANT_ADMIN, Permission.RECORDS_READ, Scope.OWN),
            new Grant(Roles.TENANT_ADMIN, Permission.RECORDS_WRITE, Scope.OWN),
            new Grant(Roles.TENANT_ADMIN, Permission.REVIEWS_RUN, Scope.OWN),
            new Grant(Roles.TENANT_ADMIN, Permission.ROLES_ADMIN, Scope.OWN),
            new Grant(Roles.TENANT_ADMIN, Permission.KEYS_ROTATE, Scope.OWN),
            new Grant(Roles.TENANT_MEMBER, Permission.TENANTS_READ, Scope.OWN),
            new Grant(Roles.TENANT_MEMBER, Permission.RECORDS_READ, Scope.OWN),
            new Grant(Roles.TENANT_MEMBER, Permission.RECORDS_WRITE, Scope.OWN),
            new Grant(Roles.TENANT_AUDITOR, Permission.TENANTS_READ, Scope.OWN),
            new Grant(Roles.TENANT_AUDITOR, Permission.USERS_READ, Scope.OWN),
            new Grant(Roles.TENANT_AUDITOR, Permission.LEDGER_READ, Scope.OWN),
            new Grant(Roles.TENANT_AUDITOR, Permission.RECORDS_READ, Scope.OWN),
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
            new Grant(Roles.TENANT_ADMIN, Permission.ELEVATION_APPROVE, Scope.OWN),
            new Grant(Roles.SECURITY_OFFICER, Permission.ELEVATION_READ, Scope.ANY),
            new Grant(Roles.TENANT_ADMIN, Permission.ELEVATION_READ, Scope.OWN),
            new Grant(Roles.TENANT_AUDITOR, Permission.ELEVATION_READ, Scope.OWN),
            new Grant(Roles.TENANT_ADMIN, Permission.NOTICES_ADMIN, Scope.OWN));

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    /** One user: the caller Custodia decides for, its role, and its tenant (null for staff). */
    record User(Caller caller, String role, TenantId tenant) {
    }

    /**
     * A request sequence, index by index: the Custodia arguments and the jCasbin arguments of the same
     * request, and whether it must be allowed.
     */
    record Requests(Caller[] callers, Permission[] permissions, TenantId[] tenants, String[][] casbin,
            boolean[] expected) {

        int size() {
            return callers.length;
        }
    }

    final List<TenantId> tenants;
    final List<User> users;
    final List<User> staff;

    private AccessModel(List<TenantId> tenants, List<User> users, List<User> staff) {
        this.tenants = tenants;
        this.users = users;
        this.staff = staff;
    }

    /** Makes {@code tenantCount} tenants with {@link #USERS_PER_TENANT} users each, and the staff. */
    static AccessModel build(int tenantCount, Instant now, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TenantId> tenants = new ArrayList<>(tenantCount);
        for (int t = 0; t < tenantCount; t++) {
            StringBuilder id = new StringBuilder("t-");
            for (int i = 0; i < 26; i++) {
                id.append(BASE32[random.nextInt(32)]);
            }
            tenants.add(new TenantId(id.toString()));
        }
        List<VerifiedFactor> factors = List.of(new VerifiedFactor(VerifiedFactor.TOTP, now));
        List<String> methods = List.of(VerifiedFactor.PASSWORD, VerifiedFactor.TOTP);
        List<User> users = new ArrayList<>();
        for (int t = 0; t < tenantCount; t++) {
            for (int u = 0; u < USERS_PER_TENANT; u++) {
                String id = String.format(java.util.Locale.ROOT, "acc-u%07d", t * USERS_PER_TENANT + u);
                String role = u < ADMINS_PER_TENANT ? Roles.TENANT_ADMIN : Roles.TENANT_LEDGER_READER;
                TenantId tenant = tenants.get(t);
                users.add(new User(new Caller(id, "tenant-user", Set.of(role), tenant, methods, id, factors, true,
                        false), role, tenant));
            }
        }
        List<User> staff = new ArrayList<>();
        for (String role : STAFF_ROLES) {
            for (int s = 0; s < STAFF_PER_ROLE; s++) {
                String id = String.format(java.util.Locale.ROOT, "acc-s%07d", staff.size());
                staff.add(new User(new Caller(id, "staff", Set.of(role), null, methods, id, factors, true, false),
                        role, null));
            }
        }
        return new AccessModel(List.copyOf(tenants), List.copyOf(users), List.copyOf(staff));
    }

    int userCount() {
        return users.size() + staff.size();
    }

    /** The read (non-write) permissions {@code role} holds where its users act (own tenant, or the platform). */
    static List<Permission> reads(String role) {
        boolean tenantRole = Roles.TENANT_BOUND.contains(role);
        List<Permission> out = new ArrayList<>();
        for (Grant g : TABLE) {
            if (g.role().equals(role) && !g.permission().write()
                    && (tenantRole ? g.scope() == Scope.OWN : g.scope() != Scope.OWN)) {
                out.add(g.permission());
            }
        }
        return out;
    }

    /** The read permissions {@code role} (a staff role) does not hold on the platform: each is a deny. */
    static List<Permission> deniedPlatformReads(String role) {
        List<Permission> out = new ArrayList<>();
        List<Permission> granted = reads(role);
        for (Permission p : Permission.values()) {
            if (!p.write() && !granted.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * {@code n} requests of uniformly random users (tenant users and staff alike), each for a uniformly random
     * read permission its role holds where it acts (a tenant user on its own tenant, staff on the platform),
     * except that a share {@code denyShare} are staff users asking on the platform for a read permission their
     * role does not hold (denied, so ledgered by the decision point; never {@code platform-admin}, which holds them all).
     */
    Requests requests(int n, double denyShare, SplittableRandom random) {
        Caller[] callers = new Caller[n];
        Permission[] permissions = new Permission[n];
        TenantId[] tenantArgs = new TenantId[n];
        String[][] casbin = new String[n][];
        boolean[] expected = new boolean[n];
        int all = userCount();
        for (int i = 0; i < n; i++) {
            User user;
            Permission p;
            boolean allow;
            if (denyShare > 0 && random.nextDouble() < denyShare) {
                List<Permission> denied;
                do {
                    // platform-admin holds every read on the platform: it cannot be denied one.
                    user = staff.get(random.nextInt(staff.size()));
                    denied = deniedPlatformReads(user.role());
                } while (denied.isEmpty());
                p = denied.get(random.nextInt(denied.size()));
                allow = false;
            } else {
                int k = random.nextInt(all);
                user = k < users.size() ? users.get(k) : staff.get(k - users.size());
                List<Permission> granted = reads(user.role());
                p = granted.get(random.nextInt(granted.size()));
                allow = true;
            }
            callers[i] = user.caller();
            permissions[i] = p;
            tenantArgs[i] = user.tenant();
            String[] code = p.code().split(":", 2);
            casbin[i] = new String[] {user.caller().id(), user.tenant() == null ? PLATFORM : user.tenant().value(),
                code[0], code[1]};
            expected[i] = allow;
        }
        return new Requests(callers, permissions, tenantArgs, casbin, expected);
    }
}
