package eu.custodia.server.access.internal;

import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CustomRoles;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The roles tenants define for themselves (table {@code tenant_roles}): {@code custom:<name>}, a description,
 * and permissions chosen from {@link #ASSIGNABLE} only, the tenant permissions that are neither administrative
 * nor sensitive. A custom role applies on its own tenant only, like the built-in tenant roles, and is held by
 * that tenant's accounts only. Every change is ledgered in the tenant's log in its transaction.
 *
 * <p>The decision point reads the definitions through a per-tenant cache: a change made on this node applies
 * at the next request; one made on another node (PostgreSQL, several nodes) within {@link #CACHE_TTL}.
 */
@Component
final class TenantRoleCatalogue implements CustomRoles {

    /** What a tenant may put in its own roles. */
    static final Set<Permission> ASSIGNABLE = EnumSet.of(Permission.TENANTS_READ, Permission.USERS_READ,
            Permission.LEDGER_READ, Permission.RECORDS_READ, Permission.RECORDS_WRITE);

    /** How long another node's change may take to apply here. */
    static final Duration CACHE_TTL = Duration.ofSeconds(10);

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,39}");
    private static final Pattern DESCRIPTION = Pattern.compile("[\\p{L}\\p{N}\\p{P}\\p{Zs}\\p{S}]{1,200}");

    /** A tenant-defined role. */
    record TenantRole(TenantId tenant, String name, String description, List<String> permissions, Instant createdAt,
            Instant updatedAt, long holders) {
    }

    private record Cached(Map<String, Set<Permission>> roles, Instant loadedAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SqlInstants instants;
    private final Ledger ledger;
    private final Clock clock;
    private final Map<TenantId, Cached> cache = new ConcurrentHashMap<>();

    TenantRoleCatalogue(JdbcClient jdbc, TransactionTemplate tx, SqlInstants instants, Ledger ledger, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.instants = instants;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public boolean defined(TenantId tenant, String role) {
        return tenant != null && permissions(tenant).containsKey(role);
    }

    /** The permissions {@code role} gives on {@code tenant}; empty when the tenant defines no such role. */
    Set<Permission> permissions(TenantId tenant, String role) {
        return permissions(tenant).getOrDefault(role, Set.of());
    }

    private Map<String, Set<Permission>> permissions(TenantId tenant) {
        Instant now = clock.instant();
        Cached cached = cache.get(tenant);
        if (cached != null && cached.loadedAt().plus(CACHE_TTL).isAfter(now) && !cached.loadedAt().isAfter(now)) {
            return cached.roles();
        }
        Map<String, Set<Permission>> loaded = jdbc.sql("SELECT name, permissions FROM tenant_roles WHERE tenant_id = ?")
                .param(tenant.value()).query((rs, n) -> Map.entry(rs.getString(1), parse(rs.getString(2)))).list()
                .stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
        cache.put(tenant, new Cached(loaded, now));
        return loaded;
    }

    private static Set<Permission> parse(String codes) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String code : codes.split(",")) {
            Permission permission = Permission.ofCode(code.strip());
            if (permission != null && ASSIGNABLE.contains(permission)) {
                permissions.add(permission);
            }
        }
        return Set.copyOf(permissions);
    }

    List<TenantRole> list(TenantId tenant) {
        return jdbc.sql(SELECT + " WHERE r.tenant_id = ? ORDER BY r.name").param(tenant.value()).query(this::row).list();
    }

    Optional<TenantRole> find(TenantId tenant, String name) {
        return jdbc.sql(SELECT + " WHERE r.tenant_id = ? AND r.name = ?").params(tenant.value(), fullName(name))
                .query(this::row).optional();
    }

    /** Defines a role; 409 when the name is taken. */
    TenantRole create(Caller actor, TenantId tenant, String name, String description, List<String> permissions) {
        String role = checkedName(name);
        String text = checkedDescription(description);
        String codes = checkedPermissions(permissions);
        Instant now = clock.instant();
        TenantRole created = tx.execute(status -> {
            if (find(tenant, role).isPresent()) {
                throw BilingualProblem.field(ProblemType.CONFLICT, "name", "Tenant " + tenant + " already defines "
                        + role + ".", "Il tenant " + tenant + " definisce già " + role + ".");
            }
            jdbc.sql("INSERT INTO tenant_roles (tenant_id, name, description, permissions, created_at, created_by,"
                    + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)").params(tenant.value(), role, text, codes,
                    instants.bind(now), actor.principal(), instants.bind(now)).update();
            record(actor, tenant, "tenant-role.created", role, "permissions " + codes);
            return find(tenant, role).orElseThrow();
        });
        cache.remove(tenant);
        return created;
    }

    /** Replaces a role's description and permissions; its holders have the new permissions at their next request. */
    TenantRole update(Caller actor, TenantId tenant, String name, String description, List<String> permissions) {
        String role = fullName(name);
        String text = checkedDescription(description);
        String codes = checkedPermissions(permissions);
        Instant now = clock.instant();
        TenantRole updated = tx.execute(status -> {
            int changed = jdbc.sql("UPDATE tenant_roles SET description = ?, permissions = ?, updated_at = ?"
                    + " WHERE tenant_id = ? AND name = ?").params(text, codes, instants.bind(now), tenant.value(), role)
                    .update();
            if (changed == 0) {
                throw notFound(tenant, role);
            }
            record(actor, tenant, "tenant-role.updated", role, "permissions " + codes);
            return find(tenant, role).orElseThrow();
        });
        cache.remove(tenant);
        return updated;
    }

    /** Deletes a role nobody holds; 409 while an account holds it (revoke it first). */
    void delete(Caller actor, TenantId tenant, String name) {
        String role = fullName(name);
        tx.executeWithoutResult(status -> {
            TenantRole existing = find(tenant, role).orElseThrow(() -> notFound(tenant, role));
            if (existing.holders() > 0) {
                throw BilingualProblem.of(ProblemType.CONFLICT, existing.holders() + " account(s) hold " + role
                        + ": revoke it from them first.", existing.holders() + " account hanno " + role
                        + ": revocarlo prima a loro.", Map.<String, Object>of("holders", existing.holders()));
            }
            jdbc.sql("DELETE FROM tenant_roles WHERE tenant_id = ? AND name = ?").params(tenant.value(), role).update();
            record(actor, tenant, "tenant-role.deleted", role, null);
        });
        cache.remove(tenant);
    }

    private static final String SELECT = "SELECT r.tenant_id, r.name, r.description, r.permissions, r.created_at,"
            + " r.updated_at, (SELECT count(*) FROM account_roles a WHERE a.tenant_id = r.tenant_id AND a.role = r.name)"
            + " AS holders FROM tenant_roles r";

    private TenantRole row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new TenantRole(new TenantId(rs.getString("tenant_id")), rs.getString("name"), rs.getString("description"),
                List.of(rs.getString("permissions").split(",")), instants.read(rs, "created_at"),
                instants.read(rs, "updated_at"), rs.getLong("holders"));
    }

    private void record(Caller actor, TenantId tenant, String action, String role, String reason) {
        LedgerEvent.Actor who = actor.ledgerActor();
        ledger.record(new LedgerEvent(clock.instant(), tenant, who, action, "tenant-role/" + role, "success", reason,
                null));
    }

    private static ProblemException notFound(TenantId tenant, String role) {
        return BilingualProblem.of(ProblemType.NOT_FOUND, "Tenant " + tenant + " defines no role " + role + ".",
                "Il tenant " + tenant + " non definisce il ruolo " + role + ".", Map.of());
    }

    /** {@code custom:<name>} from a name given with or without the prefix. */
    static String fullName(String name) {
        if (name == null) {
            return null;
        }
        return CustomRoles.isCustom(name) ? name : PREFIX + name;
    }

    private static String checkedName(String name) {
        String full = fullName(name == null ? null : name.strip());
        if (full == null || !NAME.matcher(full.substring(PREFIX.length())).matches()) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "name", "name must be 2-40 characters: lower-case"
                    + " letters, digits and hyphens, starting with a letter (it becomes custom:<name>).", "name deve"
                    + " avere 2-40 caratteri: lettere minuscole, cifre e trattini, iniziando con una lettera (diventa"
                    + " custom:<name>).");
        }
        return full;
    }

    private static String checkedDescription(String description) {
        if (description == null || !DESCRIPTION.matcher(description).matches()) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "description", "description is required: 1-200"
                    + " printable characters.", "description è obbligatoria: 1-200 caratteri stampabili.");
        }
        return description;
    }

    private static String checkedPermissions(List<String> permissions) {
        String allowed = ASSIGNABLE.stream().map(Permission::code).sorted().collect(Collectors.joining(", "));
        if (permissions == null || permissions.isEmpty()) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "permissions", "Give one or more permissions: "
                    + allowed + ".", "Indicare uno o più permessi: " + allowed + ".");
        }
        Set<String> codes = new LinkedHashSet<>();
        for (String code : permissions) {
            Permission permission = Permission.ofCode(code);
            if (permission == null || !ASSIGNABLE.contains(permission)) {
                throw BilingualProblem.of(ProblemType.VALIDATION, "A tenant's own role may hold only " + allowed
                        + "; not " + code + ".", "Un ruolo proprio del tenant può avere solo " + allowed + "; non "
                        + code + ".", Map.<String, Object>of("field", "permissions", "permission", String.valueOf(code)));
            }
            codes.add(permission.code());
        }
        return codes.stream().sorted().collect(Collectors.joining(","));
    }
}
