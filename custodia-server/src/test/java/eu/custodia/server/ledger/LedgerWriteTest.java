package eu.custodia.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.server.testing.TestDatabase;
import eu.custodia.tlog.tiles.EntryBundle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transaction's events are written together just before it commits: these tests hold the spine there
 * (an event and its change commit together or not at all), for nested transactions, for events recorded
 * after the write, and for transactions with more events than one statement carries.
 */
@CustodiaTest
class LedgerWriteTest {

    @Autowired
    Ledger ledger;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    CustodiaProperties properties;

    @Test
    void commitWhenThePendingEventsCannotBeWrittenThenTheChangeRollsBackToo() {
        // on PostgreSQL only the tables' owner may change the schema; the application's role may not
        JdbcClient ddl = TestDatabase.postgres() ? JdbcClient.create(TestDatabase.owner(properties.db().url())) : jdbc;
        ddl.sql("CREATE TABLE IF NOT EXISTS ledger_write_probe (id TEXT PRIMARY KEY)").update();
        if (TestDatabase.postgres()) {
            ddl.sql("GRANT SELECT, INSERT ON ledger_write_probe TO PUBLIC").update();
        }
        TenantId tenant = TenantId.random();
        ddl.sql("ALTER TABLE ledger_pending RENAME TO ledger_pending_away").update();
        try {
            assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
                jdbc.sql("INSERT INTO ledger_write_probe (id) VALUES (?)").param(tenant.value()).update();
                ledger.record(LedgerTestSupport.event(tenant, "req-lost-store"));
            })).isInstanceOf(RuntimeException.class);
        } finally {
            ddl.sql("ALTER TABLE ledger_pending_away RENAME TO ledger_pending").update();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_write_probe WHERE id = ?").param(tenant.value())
                .query(Long.class).single()).as("the change rolled back with its event").isZero();
    }

    @Test
    void recordWhenANestedTransactionCommitsAndTheOuterRollsBackThenOnlyTheNestedEventsRemain() throws Exception {
        // SQLite has one connection (one writer), so a nested transaction cannot exist there.
        assumeFalse(properties.db().embedded(), "nested transactions need a second connection: PostgreSQL only");
        TenantId outer = TenantId.random();
        TenantId inner = TenantId.random();
        TransactionTemplate requiresNew = new TransactionTemplate(transactions);
        requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        tx.executeWithoutResult(s -> {
            ledger.record(LedgerTestSupport.event(outer, "req-outer-1"));
            requiresNew.executeWithoutResult(n -> ledger.record(LedgerTestSupport.event(inner, "req-inner")));
            ledger.record(LedgerTestSupport.event(outer, "req-outer-2"));
            s.setRollbackOnly();
        });
        LedgerTestSupport.awaitSize(jdbc, inner.value(), 1, Duration.ofSeconds(5));
        Thread.sleep(400);
        assertThat(LedgerTestSupport.size(jdbc, outer.value())).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_pending WHERE log_id = ?").param(outer.value())
                .query(Long.class).single()).isZero();
    }

    @Test
    void recordWhenCalledByAnotherSynchronizationAfterTheWriteThenStillWritten() throws Exception {
        TenantId tenant = TenantId.random();
        tx.executeWithoutResult(s -> {
            ledger.record(LedgerTestSupport.event(tenant, "req-first"));
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    ledger.record(LedgerTestSupport.event(tenant, "req-late"));
                }
            });
        });
        LedgerTestSupport.awaitSize(jdbc, tenant.value(), 2, Duration.ofSeconds(5));
        assertThat(requestIds(tenant, 2)).containsExactly("req-first", "req-late");
    }

    @Test
    void recordWhenMoreEventsThanOneStatementCarriesThenAllWrittenInOrder() throws Exception {
        TenantId tenant = TenantId.random();
        int n = 450;
        tx.executeWithoutResult(s -> {
            for (int i = 0; i < n; i++) {
                ledger.record(LedgerTestSupport.event(tenant, "req-" + i));
            }
        });
        LedgerTestSupport.awaitSize(jdbc, tenant.value(), n, Duration.ofSeconds(10));
        List<String> ids = requestIds(tenant, 256);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(ids.get(i)).isEqualTo("req-" + i);
        }
    }

    /** The request ids of the first {@code count} (at most 256) entries of the tenant's log, in order. */
    private List<String> requestIds(TenantId tenant, int count) throws Exception {
        byte[] bundle = jdbc.sql("SELECT data FROM ledger_tiles WHERE log_id = ? AND level = -1 AND idx = 0"
                + " ORDER BY width DESC").param(tenant.value()).query((rs, i) -> rs.getBytes(1)).list().get(0);
        return EntryBundle.decode(bundle).stream().limit(count)
                .map(e -> new String(e, StandardCharsets.UTF_8).replaceAll(".*\"requestId\":\"([^\"]*)\".*", "$1"))
                .toList();
    }
}
