package eu.custodia.server.identity.internal;

import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.AccountState;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.RoleConflicts;
import eu.custodia.server.identity.RoleGuard;
import eu.custodia.server.identity.RoleSuspensions;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link RoleSuspensions} on table {@code account_role_suspensions}: a suspension moves the row out of
 * {@code account_roles} (so sessions and keys, which read that table at every request, lose the role at once)
 * and a reinstatement moves it back with its original grant; each change and its ledger event in one
 * transaction (the caller's, if any).
 */
@Service
final class JdbcRoleSuspensions implements RoleSuspensions {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SqlInstants instants;
    private final IdentityEvents events;
    private final Clock clock;
    private final Accounts accounts;
    private final RoleConflicts conflicts;
    private final ObjectProvider<RoleGuard> guards;

    JdbcRoleSuspensions(JdbcClient jdbc, TransactionTemplate tx, SqlInstants instants, IdentityEvents events,
            Clock clock, Accounts accounts, RoleConflicts conflicts, ObjectProvider<RoleGuard> guards) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.instants = instants;
        this.events = events;
        this.clock = clock;
        this.accounts = accounts;
        this.conflicts = conflicts;
        this.guards = guards;
    }

    @Override
    public List<Suspension> suspend(Caller actor, String accountId, Set<String> roles, String reason) {
        Instant now = clock.instant();
        return tx.execute(status -> {
            Optional<Account> found = accounts.find(accountId);
            if (found.isEmpty() || roles.isEmpty()) {
                return List.of();
            }
            Account account = found.get();
            List<Suspension> suspended = new ArrayList<>();
            for (Account.RoleAssignment held : account.roles()) {
                if (!roles.contains(held.role())) {
                    continue;
                }
                String tenant = held.tenant() == null ? "" : held.tenant().value();
                Optional<Grant> grant = jdbc.sql("SELECT granted_at, granted_by FROM account_roles WHERE account_id = ?"
                        + " AND role = ? AND tenant_id = ?").params(accountId, held.role(), tenant)
                        .query((rs, n) -> new Grant(instants.read(rs, "granted_at"), rs.getString("granted_by")))
                        .optional();
                // Two nodes may suspend at once: only the one whose DELETE removes the row records it.
                int removed = jdbc.sql("DELETE FROM account_roles WHERE account_id = ? AND role = ? AND tenant_id = ?")
                        .params(accountId, held.role(), tenant).update();
                if (grant.isEmpty() || removed != 1) {
                    continue;
                }
                jdbc.sql("INSERT INTO account_role_suspensions (account_id, role, tenant_id, granted_at, granted_by,"
                        + " suspended_at, suspended_by, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (account_id, role, tenant_id) DO UPDATE SET suspended_at = excluded.suspended_at,"
                        + " suspended_by = excluded.suspended_by, reason = excluded.reason")
                        .params(accountId, held.role(), tenant, instants.bind(grant.get().at()), grant.get().by(),
                                instants.bind(now), actor.id(), reason).update();
                events.account(actor, account.tenant(), "account.role-suspended", "account/" + accountId, "success",
                        "role " + held.role() + on(held.tenant()) + " suspended: " + reason);
                suspended.add(new Suspension(accountId, held.role(), held.tenant(), reason, now, actor.id(),
                        grant.get().at(), grant.get().by()));
            }
            return List.copyOf(suspended);
        });
    }

    @Override
    public Reinstatement reinstate(Caller actor, String accountId, Set<String> reasons, String trigger) {
        return tx.execute(status -> {
            List<Suspension> pending = of(accountId).stream().filter(s -> reasons.contains(s.reason())).toList();
            Optional<Account> found = accounts.find(accountId);
            if (pending.isEmpty() || found.isEmpty()) {
                return new Reinstatement(List.of(), List.of());
            }
            Account account = found.get();
            Set<String> held = account.roles().stream().map(Account.RoleAssignment::role)
                    .collect(Collectors.toCollection(HashSet::new));
            List<Suspension> reinstated = new ArrayList<>();
            List<Kept> kept = new ArrayList<>();
            for (Suspension suspension : pending) {
                String role = suspension.role();
                Optional<Kept> refusal = refusal(account, suspension, held);
                if (refusal.isPresent()) {
                    kept.add(refusal.get());
                    events.account(actor, account.tenant(), "account.role-reinstated", "account/" + accountId,
                            "denied", "role " + role + on(suspension.tenant()) + " stays suspended (" + trigger
                                    + "): " + refusal.get().detail());
                    continue;
                }
                Optional<RoleConflicts.Conflict> recorded = held.contains(role) ? Optional.empty()
                        : conflicts.conflict(held, role);
                String tenant = suspension.tenant() == null ? "" : suspension.tenant().value();
                jdbc.sql("INSERT INTO account_roles (account_id, role, tenant_id, granted_at, granted_by)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, role, tenant_id) DO NOTHING")
                        .params(accountId, role, tenant, instants.bind(suspension.grantedAt()), suspension.grantedBy())
                        .update();
                int removed = jdbc.sql("DELETE FROM account_role_suspensions WHERE account_id = ? AND role = ?"
                        + " AND tenant_id = ?").params(accountId, role, tenant).update();
                if (removed != 1) {
                    continue;
                }
                held.add(role);
                reinstated.add(suspension);
                events.account(actor, account.tenant(), "account.role-reinstated", "account/" + accountId, "success",
                        "role " + role + on(suspension.tenant()) + " reinstated (" + trigger + "), suspended since "
                                + suspension.suspendedAt() + ": " + suspension.reason());
                if (recorded.isPresent()) {
                    events.account(actor, account.tenant(), "access.sod-conflict-recorded", "account/" + accountId,
                            "success", "role " + role + " reinstated although segregation of duties "
                                    + recorded.get().pair() + " conflicts (configured to record only)");
                }
            }
            return new Reinstatement(reinstated, kept);
        });
    }

    /** Why {@code suspension} must stay suspended now, or empty: the checks a grant passes. */
    private Optional<Kept> refusal(Account account, Suspension suspension, Set<String> held) {
        String role = suspension.role();
        if (account.state() == AccountState.DEPROVISIONED) {
            return Optional.of(new Kept(suspension, "deprovisioned", "the account is deprovisioned"));
        }
        if (Roles.ADMINISTRATIVE.contains(role) && (account.service() || !account.mfaEnrolled())) {
            return Optional.of(new Kept(suspension, "mfa-not-enrolled", "an administrative role needs an enrolled"
                    + " second factor, and the account has none"));
        }
        if (held.contains(role)) {
            return Optional.empty();
        }
        Optional<RoleGuard.Refusal> guarded = guards.orderedStream()
                .map(g -> g.refuse(account, role, suspension.tenant())).flatMap(Optional::stream).findFirst();
        if (guarded.isPresent()) {
            return Optional.of(new Kept(suspension, guarded.get().rule(), "refused by rule " + guarded.get().rule()));
        }
        Optional<RoleConflicts.Conflict> conflict = conflicts.conflict(held, role);
        if (conflict.isPresent() && conflict.get().response() == RoleConflicts.Response.REFUSE) {
            return Optional.of(new Kept(suspension, "segregation-of-duties", "segregation of duties "
                    + conflict.get().pair() + ": the account holds " + conflict.get().held()));
        }
        return Optional.empty();
    }

    @Override
    public List<Suspension> of(String accountId) {
        return jdbc.sql("SELECT * FROM account_role_suspensions WHERE account_id = ? ORDER BY role, tenant_id")
                .param(accountId).query(this::row).list();
    }

    @Override
    public List<Suspension> all() {
        return jdbc.sql("SELECT * FROM account_role_suspensions ORDER BY account_id, role, tenant_id")
                .query(this::row).list();
    }

    private Suspension row(ResultSet rs, int n) throws SQLException {
        String tenant = rs.getString("tenant_id");
        return new Suspension(rs.getString("account_id"), rs.getString("role"),
                tenant.isEmpty() ? null : new TenantId(tenant), rs.getString("reason"),
                instants.read(rs, "suspended_at"), rs.getString("suspended_by"), instants.read(rs, "granted_at"),
                rs.getString("granted_by"));
    }

    private static String on(TenantId tenant) {
        return tenant == null ? " on the platform" : " on tenant " + tenant.value();
    }

    private record Grant(Instant at, String by) {
    }
}
