package eu.custodia.server.ledger.internal;

import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import java.time.Clock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link Ledger} over table {@code ledger_pending}: validates and encodes the event
 * ({@link EntryEncoder}) and inserts it in the caller's transaction; the {@link Integrator} later moves it
 * into its log.
 */
@Component
final class JdbcLedger implements Ledger {

    private final LedgerStore store;
    private final Clock clock;

    JdbcLedger(LedgerStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void record(LedgerEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Ledger.record must run inside the transaction of the change it records");
        }
        if (TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            throw new IllegalStateException("Ledger.record cannot run in a read-only transaction");
        }
        byte[] entry = EntryEncoder.encode(event);
        String logId = LogRef.of(event.tenant(), store.baseOrigin()).logId();
        store.jdbc().sql("INSERT INTO ledger_pending (log_id, entry, created_ms) VALUES (?, ?, ?)")
                .params(logId, entry, clock.millis()).update();
    }
}
