package eu.custodia.server.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.server.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The second wall on PostgreSQL: with the application connected as a role that owns no table and is neither
 * superuser nor BYPASSRLS, a query that forgets its tenant filter sees only the scoped tenant's rows, and
 * nothing at all without a scope; a row for another tenant cannot be written. PostgreSQL only (SQLite has no
 * row-level security).
 */
@CustodiaTest
class TenantRowSecurityTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    TenantRowScope scope;
    @Autowired
    SqlInstants instants;
    @Autowired
    CustodiaProperties properties;

    @BeforeEach
    void postgresOnly() {
        assumeTrue(TestDatabase.postgres(), "row-level security exists on PostgreSQL only");
    }

    @Test
    void queryWithoutTenantFilterWhenScopedToTenantAThenOnlyTenantARows() {
        TenantId a = TenantId.random();
        TenantId b = TenantId.random();
        in(a, () -> insertCollection(a, "invoices") + insertCollection(a, "patients") + insertKeyset(a));
        in(b, () -> insertCollection(b, "invoices") + insertKeyset(b));

        // the bug row-level security is there for: a query with no tenant_id filter at all
        assertThat(in(a, () -> jdbc.sql("SELECT tenant_id FROM record_collections").query(String.class).list()))
                .containsExactly(a.value(), a.value());
        assertThat(in(a, () -> jdbc.sql("SELECT tenant_id FROM tenant_keysets").query(String.class).list()))
                .containsExactly(a.value());
        assertThat(in(b, () -> jdbc.sql("SELECT name FROM record_collections").query(String.class).list()))
                .containsExactly("invoices");
        // nor can tenant A's scope change or delete tenant B's rows, even when it names them
        assertThat(in(a, () -> jdbc.sql("DELETE FROM record_collections WHERE tenant_id = ?").param(b.value())
                .update())).isZero();
        assertThat(in(b, () -> jdbc.sql("SELECT count(*) FROM record_collections").query(Integer.class).single()))
                .isEqualTo(1);
    }

    @Test
    void queryWhenNoTenantScopeThenNothing() {
        TenantId a = TenantId.random();
        in(a, () -> insertCollection(a, "invoices") + insertKeyset(a));

        assertThat(jdbc.sql("SELECT count(*) FROM record_collections").query(Integer.class).single())
                .as("outside any transaction").isZero();
        Integer unscoped = tx.execute(s -> jdbc.sql("SELECT count(*) FROM tenant_keysets WHERE tenant_id = ?")
                .param(a.value()).query(Integer.class).single());
        assertThat(unscoped).as("in a transaction that entered no tenant").isZero();
        assertThat(jdbc.sql("UPDATE record_collections SET schema_json = '{}'").update()).isZero();
        // the scope is transaction-local: it never outlives its transaction on the pooled connection
        for (int i = 0; i < 8; i++) {
            in(a, () -> jdbc.sql("SELECT count(*) FROM record_collections").query(Integer.class).single());
            Integer after = tx.execute(s -> jdbc.sql("SELECT count(*) FROM record_collections")
                    .query(Integer.class).single());
            assertThat(after).isZero();
        }
    }

    @Test
    void insertForTenantBWhenScopedToTenantAThenRefused() {
        TenantId a = TenantId.random();
        TenantId b = TenantId.random();

        assertThatThrownBy(() -> in(a, () -> insertCollection(b, "invoices")))
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("violates row-level security");
        assertThatThrownBy(() -> in(a, () -> insertKeyset(b)))
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("violates row-level security");
        assertThatThrownBy(() -> tx.execute(s -> insertCollection(b, "invoices")))
                .as("nor without a scope").isInstanceOf(DataAccessException.class);
        // a row of A's cannot be handed over to B either
        in(a, () -> insertCollection(a, "invoices"));
        assertThatThrownBy(() -> in(a, () -> jdbc.sql("UPDATE record_collections SET tenant_id = ? WHERE"
                + " tenant_id = ?").params(b.value(), a.value()).update()))
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("violates row-level security");
        assertThat(in(b, () -> jdbc.sql("SELECT count(*) FROM record_collections").query(Integer.class).single()))
                .isZero();
    }

    @Test
    void inTransactionWhenScopedToTenantAThenWorkSeesOnlyTenantARowsAndTheScopeEndsWithTheTransaction() {
        TenantId a = TenantId.random();
        TenantId b = TenantId.random();
        scope.inTransactionWithoutResult(tx, a, status -> insertCollection(a, "invoices"));
        scope.inTransactionWithoutResult(tx, b, status -> insertCollection(b, "invoices"));

        List<String> seen = scope.inTransaction(tx, a, status -> {
            // the scope is already set when work starts: no statement of work runs unscoped
            assertThat(setting()).isEqualTo(a.value());
            assertThat(status.isNewTransaction()).isTrue();
            return jdbc.sql("SELECT tenant_id FROM record_collections").query(String.class).list();
        });
        assertThat(seen).containsExactly(a.value());
        for (int i = 0; i < 8; i++) {
            scope.inTransaction(tx, a, status -> setting());
            String after = tx.execute(status -> setting());
            assertThat(after).as("after the transaction").isNullOrEmpty();
            Integer unscoped = tx.execute(status -> jdbc.sql("SELECT count(*) FROM record_collections")
                    .query(Integer.class).single());
            assertThat(unscoped).isZero();
        }
    }

    @Test
    void inTransactionWhenWorkThrowsThenRolledBack() {
        TenantId a = TenantId.random();

        assertThatThrownBy(() -> scope.inTransaction(tx, a, status -> {
            insertCollection(a, "invoices");
            throw new IllegalStateException("work failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("work failed");
        assertThatThrownBy(() -> scope.inTransactionWithoutResult(tx, a, status -> {
            insertCollection(a, "patients");
            throw new IllegalStateException("work failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("work failed");
        // work that marks the status rollback-only is rolled back too
        scope.inTransactionWithoutResult(tx, a, status -> {
            insertCollection(a, "orders");
            status.setRollbackOnly();
        });
        assertThat(in(a, () -> jdbc.sql("SELECT count(*) FROM record_collections").query(Integer.class).single()))
                .isZero();
        String after = tx.execute(status -> setting());
        assertThat(after).as("after the rolled-back transactions").isNullOrEmpty();
    }

    @Test
    void applicationRoleWhenConnectedThenOwnsNoTenantTableAndIsNeitherSuperuserNorBypassRls() {
        assertThat(jdbc.sql("SELECT current_user").query(String.class).single()).isEqualTo(TestDatabase.appUser());
        assertThat(jdbc.sql("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
                .query(Boolean.class).single()).isFalse();
        for (String table : TenantRowScope.TABLES) {
            assertThat(jdbc.sql("SELECT pg_has_role(current_user, relowner, 'MEMBER') OR NOT relrowsecurity"
                    + " OR NOT relforcerowsecurity FROM pg_class WHERE oid = to_regclass(?)").param(table)
                    .query(Boolean.class).single()).as(table).isFalse();
        }
        List<HardeningResult> app = new DbRowSecurityCheck(jdbc, properties).check();
        assertThat(app).singleElement().matches(HardeningResult::passed, "passes");

        // connected as the owner (a superuser here), the same check refuses, and says how to fix it
        JdbcClient owner = JdbcClient.create(TestDatabase.owner(properties.db().url()));
        HardeningResult refused = new DbRowSecurityCheck(owner, properties).check().get(0);
        assertThat(refused.passed()).isFalse();
        assertThat(refused.reasonEn()).contains("superuser", "owns", "custodia.db.migration-user");
        assertThat(refused.reasonIt()).contains("superuser", "possiede", "custodia.db.migration-user");
    }

    private <T> T in(TenantId tenant, Supplier<T> work) {
        return scope.inTransaction(tx, tenant, status -> work.get());
    }

    private String setting() {
        return jdbc.sql("SELECT current_setting('" + TenantRowScope.SETTING + "', true)").query(String.class)
                .optional().orElse(null);
    }

    private int insertCollection(TenantId tenant, String name) {
        Object now = instants.bind(CREATED);
        return jdbc.sql("INSERT INTO record_collections (tenant_id, name, schema_json, created_at, updated_at)"
                + " VALUES (?, ?, '{}', ?, ?)").params(tenant.value(), name, now, now).update();
    }

    private int insertKeyset(TenantId tenant) {
        Object now = instants.bind(CREATED);
        return jdbc.sql("INSERT INTO tenant_keysets (tenant_id, purpose, kek_version, keyset, created_at,"
                + " updated_at) VALUES (?, 'records', 1, ?, ?, ?)")
                .params(tenant.value(), new byte[] {1, 2, 3}, now, now).update();
    }
}
