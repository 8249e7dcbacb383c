package eu.custodia.server.ledger.internal;

import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.LedgerEventRecorded;
import eu.custodia.server.platform.RequestIds;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link Ledger} over table {@code ledger_pending}: validates and encodes the event ({@link EntryEncoder})
 * at once, so a bad event fails where it is recorded, and writes it in the caller's transaction; the
 * {@link Integrator} later moves it into its log. An event recorded while serving a request and naming no
 * request id of its own gets the request's ({@link RequestIds}), so every entry a request causes can be
 * tied to it and to the response its client received.
 *
 * <p>The events of one transaction are written together, in the order they were recorded, by one
 * multi-row {@code INSERT} just before the transaction commits ({@link TransactionSynchronization#beforeCommit}):
 * one database round trip per transaction instead of one per event, which is most of what ledgering costs a
 * business write on a networked database. The rows still commit with the change or not at all: if the
 * insert fails, the commit fails and the transaction rolls back; a rolled-back transaction never writes
 * them. An event recorded after the flush (by another synchronization's {@code beforeCommit}) is written at
 * once, so none is ever dropped.
 *
 * <p>Each recorded event is also published, in the recording transaction, as a {@link LedgerEventRecorded}
 * (with the request id it was written with), so that other modules can observe committed events (the alert
 * rules do, after the commit). Publishing costs an object and a listener lookup per event; no I/O.
 */
@Component
final class JdbcLedger implements Ledger {

    /** Rows per {@code INSERT} statement: 3 parameters each, far below every driver's parameter limit. */
    static final int ROWS_PER_STATEMENT = 200;

    private final LedgerStore store;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    JdbcLedger(LedgerStore store, Clock clock, ApplicationEventPublisher events) {
        this.store = store;
        this.clock = clock;
        this.events = events;
    }

    @Override
    public void record(LedgerEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Ledger.record must run inside the transaction of the change it records");
        }
        if (TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            throw new IllegalStateException("Ledger.record cannot run in a read-only transaction");
        }
        LedgerEvent written = withRequestId(event);
        byte[] entry = EntryEncoder.encode(written);
        String logId = LogRef.of(event.tenant(), store.baseOrigin()).logId();
        Row row = new Row(logId, entry, clock.millis());
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            insert(List.of(row));
            events.publishEvent(new LedgerEventRecorded(written));
            return;
        }
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        if (pending.flushed) {
            insert(List.of(row));
        } else {
            pending.rows.add(row);
        }
        events.publishEvent(new LedgerEventRecorded(written));
    }

    /** The event with the current request's id ({@link RequestIds}) when it names none itself. */
    private static LedgerEvent withRequestId(LedgerEvent event) {
        String requestId = event.requestId() == null ? RequestIds.current() : null;
        return requestId == null ? event : new LedgerEvent(event.time(), event.tenant(), event.actor(),
                event.action(), event.target(), event.outcome(), event.reason(), requestId);
    }

    private void insert(List<Row> rows) {
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder("INSERT INTO ledger_pending (log_id, entry, created_ms) VALUES ");
            Object[] params = new Object[chunk.size() * 3];
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
                Row r = chunk.get(i);
                params[3 * i] = r.logId();
                params[3 * i + 1] = r.entry();
                params[3 * i + 2] = r.createdMs();
            }
            store.jdbc().sql(sql.toString()).params(params).update();
        }
    }

    /** One encoded event waiting for its transaction's commit. */
    private record Row(String logId, byte[] entry, long createdMs) {
    }

    /**
     * The events of one transaction, bound to it as a resource (so a transaction suspended for a nested
     * {@code REQUIRES_NEW} one keeps its own), written just before it commits.
     */
    private final class Pending implements TransactionSynchronization {

        private final List<Row> rows = new ArrayList<>();
        private boolean flushed;

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResource(JdbcLedger.this);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(JdbcLedger.this, this);
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            flushed = true;
            if (!rows.isEmpty()) {
                insert(rows);
                rows.clear();
            }
        }

        @Override
        public void afterCompletion(int status) {
            rows.clear();
            TransactionSynchronizationManager.unbindResourceIfPossible(JdbcLedger.this);
        }
    }
}
