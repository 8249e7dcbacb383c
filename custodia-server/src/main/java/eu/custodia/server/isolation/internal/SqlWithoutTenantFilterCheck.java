package eu.custodia.server.isolation.internal;

import eu.custodia.server.isolation.CheckResult;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantRowScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code sql-without-tenant-filter}: in a transaction scoped to tenant B ({@link TenantRowScope}), queries on
 * the records tables that forget their tenant filter must not see tenant A's canary rows (PostgreSQL row-level
 * security). Positive control: they see B's own. Not applicable on SQLite, which has no row-level security:
 * there the application's tenant filters are the only wall. When A's rows show, the reason says whether the
 * table has row-level security enabled and forced and whether the database role bypasses it.
 */
@Component
@Order(5)
final class SqlWithoutTenantFilterCheck implements IsolationCheck {

    static final String ID = "sql-without-tenant-filter";

    /** A table, and its column naming the collection: both canaries' rows match it, and nothing else filters. */
    private record Probed(String table, String collectionColumn) {

        String query() {
            return "SELECT DISTINCT tenant_id FROM " + table + " WHERE " + collectionColumn + " = ?";
        }
    }

    private static final List<Probed> TABLES = List.of(new Probed("records", "collection"),
            new Probed("record_collections", "name"), new Probed("record_index", "collection"));

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TenantRowScope scope;
    private final boolean postgres;

    SqlWithoutTenantFilterCheck(JdbcClient jdbc, TransactionTemplate tx, TenantRowScope scope, SqlInstants instants) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.scope = scope;
        this.postgres = instants.postgres();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckResult run(ProbeContext c) {
        if (!postgres) {
            return CheckResult.notApplicable(ID, "SQLite has no row-level security: on the embedded store the"
                    + " application's tenant filters are the only wall");
        }
        try {
            List<String> problems = scope.inTransaction(tx, c.b(), status -> {
                List<String> found = new ArrayList<>();
                for (Probed probed : TABLES) {
                    String table = probed.table();
                    List<String> seen = jdbc.sql(probed.query()).param(ProbeContext.COLLECTION)
                            .query(String.class).list();
                    if (seen.contains(c.a().value())) {
                        found.add("tenant A's canary rows visible in " + table + " (" + rowSecurity(table) + ")");
                    }
                    if (!seen.contains(c.b().value())) {
                        found.add("positive control: tenant B's own canary rows not visible in " + table);
                    }
                }
                status.setRollbackOnly();
                return found;
            });
            if (problems != null && !problems.isEmpty()) {
                return CheckResult.failed(ID, "in a transaction scoped to tenant B, without a tenant filter: "
                        + String.join("; ", problems));
            }
            return CheckResult.passed(ID, "in a transaction scoped to tenant B, queries without a tenant filter on "
                    + String.join(", ", TABLES.stream().map(Probed::table).toList()) + " saw tenant B's canary rows and none of tenant A's");
        } catch (RuntimeException e) {
            return CheckResult.failed(ID, "the queries could not run (" + Failures.describe(e) + ")");
        }
    }

    /** Why the rows showed: the table's row-level security settings and whether the role bypasses them. */
    private String rowSecurity(String table) {
        Map<String, Object> settings = jdbc.sql("SELECT relrowsecurity, relforcerowsecurity FROM pg_class"
                + " WHERE oid = to_regclass(?)").param(table).query().singleRow();
        Map<String, Object> role = jdbc.sql("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
                .query().singleRow();
        boolean bypass = Boolean.TRUE.equals(role.get("rolsuper")) || Boolean.TRUE.equals(role.get("rolbypassrls"));
        return "row-level security enabled: " + settings.get("relrowsecurity") + ", forced: "
                + settings.get("relforcerowsecurity") + ", the database role bypasses it: " + bypass;
    }
}
