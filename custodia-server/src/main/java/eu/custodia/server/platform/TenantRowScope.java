package eu.custodia.server.platform;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The second wall around tenant data: on PostgreSQL every tenant-data table has a forced row-level security
 * policy that shows a transaction only the rows of the tenant it has entered, so a query that forgets its
 * {@code tenant_id} filter finds nothing rather than another tenant's rows. Code that touches tenant data
 * runs in {@link #inTransaction}, or calls {@link #enter} first inside a transaction it already has; the
 * setting ({@code custodia.tenant_id}) is transaction-local, so it can never leak into the next transaction on
 * the pooled connection. On SQLite (one process, no roles) it does nothing: the application's filters are the
 * only wall there.
 */
@Component
public final class TenantRowScope {

    /** The PostgreSQL setting the row-level security policies compare {@code tenant_id} with. */
    public static final String SETTING = "custodia.tenant_id";

    /**
     * The tenant-data tables under forced row-level security on PostgreSQL (migrations V54 and V60); a new one is added
     * here and to a migration together.
     */
    public static final List<String> TABLES = List.of("tenant_keysets", "record_collections", "records",
            "record_index", "blobs", "notices", "notice_webhook_endpoints");

    private final JdbcClient jdbc;
    private final boolean postgres;

    public TenantRowScope(JdbcClient jdbc, CustodiaProperties properties) {
        this.jdbc = jdbc;
        this.postgres = !properties.db().embedded();
    }

    /**
     * Scopes the current transaction to {@code tenant}'s rows.
     *
     * @throws IllegalStateException outside a transaction (the scope would end with the statement)
     */
    public void enter(TenantId tenant) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("TenantRowScope.enter needs a transaction");
        }
        if (postgres) {
            jdbc.sql("SELECT set_config('" + SETTING + "', ?, true)").param(tenant.value())
                    .query((rs, n) -> rs.getString(1)).single();
        }
    }

    /**
     * Runs {@code work} in a transaction of {@code tx} (with that template's propagation, isolation, read-only
     * and timeout) scoped to {@code tenant}'s rows: {@link #enter} is the transaction's first statement, so none
     * of {@code work} runs unscoped, and the scope ends with the transaction, committed or rolled back. An
     * exception from {@code work} rolls the transaction back, as {@link TransactionTemplate#execute} does;
     * {@code work} gets the transaction's status (to mark it rollback-only). When {@code tx} joins a transaction
     * already open (propagation {@code REQUIRED}), the scope is set in that one and lasts until it ends.
     *
     * @return what {@code work} returned
     */
    public <T> T inTransaction(TransactionTemplate tx, TenantId tenant, TransactionCallback<T> work) {
        return tx.execute(status -> {
            enter(tenant);
            return work.doInTransaction(status);
        });
    }

    /**
     * {@link #inTransaction} for work that returns nothing: a transaction of {@code tx} whose first statement
     * scopes it to {@code tenant}'s rows; the scope ends with the transaction.
     */
    public void inTransactionWithoutResult(TransactionTemplate tx, TenantId tenant, Consumer<TransactionStatus> work) {
        tx.executeWithoutResult(status -> {
            enter(tenant);
            work.accept(status);
        });
    }

    /**
     * Runs {@code work} in {@code tenant}'s scope inside the current transaction, then puts back the scope the
     * transaction had before (only when {@code work} returned): for work done inside someone else's transaction
     * (a listener of its events), which must find its own scope, or none, unchanged afterwards.
     */
    public <T> T within(TenantId tenant, Supplier<T> work) {
        String previous = null;
        if (postgres) {
            List<String> current = jdbc.sql("SELECT current_setting('" + SETTING + "', true)")
                    .query((rs, n) -> rs.getString(1)).list();
            previous = current.isEmpty() ? null : current.get(0);
        }
        enter(tenant);
        T result = work.get();
        if (postgres && !tenant.value().equals(previous)) {
            jdbc.sql("SELECT set_config('" + SETTING + "', ?, true)").param(previous == null ? "" : previous)
                    .query((rs, n) -> rs.getString(1)).list();
        }
        return result;
    }
}
