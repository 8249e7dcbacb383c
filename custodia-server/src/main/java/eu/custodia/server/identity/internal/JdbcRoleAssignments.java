package eu.custodia.server.identity.internal;

import eu.custodia.server.identity.AccountState;
import eu.custodia.server.identity.RoleAssignments;
import eu.custodia.server.platform.TenantId;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** {@link RoleAssignments} on tables {@code account_roles} and {@code accounts}: one query, no writes. */
@Service
final class JdbcRoleAssignments implements RoleAssignments {

    private final JdbcClient jdbc;

    JdbcRoleAssignments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Assignment> all() {
        return jdbc.sql("SELECT a.id, a.kind, a.tenant_id AS account_tenant, a.state, r.role, r.tenant_id"
                + " FROM account_roles r JOIN accounts a ON a.id = r.account_id WHERE a.state <> ?"
                + " ORDER BY r.tenant_id, a.id, r.role").param(AccountState.DEPROVISIONED.code())
                .query((rs, n) -> {
                    String accountTenant = rs.getString("account_tenant");
                    String tenant = rs.getString("tenant_id");
                    return new Assignment(rs.getString("id"), rs.getString("kind"),
                            accountTenant == null ? null : new TenantId(accountTenant),
                            AccountState.ofCode(rs.getString("state")), rs.getString("role"),
                            tenant.isEmpty() ? null : new TenantId(tenant));
                }).list();
    }
}
