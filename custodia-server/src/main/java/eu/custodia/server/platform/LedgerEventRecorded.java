package eu.custodia.server.platform;

import java.util.Objects;

/**
 * Published by the {@link Ledger} for every event it records, in the recording transaction, with the request
 * id it was written with. Observe it with
 * {@code @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)} to see only events that were
 * committed: an event whose transaction rolls back is never seen, one written again in a fresh transaction
 * (a deny after its request rolled back) is seen once, when that one commits.
 *
 * <p>It sits on the path of every ledgered write: listeners must be cheap (in memory, no I/O on the calling
 * thread), must never throw (an exception after a commit would fail a request that succeeded), and must hand
 * any work of their own to another thread and transaction. The one exception is a synchronous
 * {@code @EventListener} whose writes belong to the change itself: it runs inside the recording transaction and
 * may write in it (the notices module writes a notice and its outbox rows there, so they commit or roll back with
 * the change); an exception it throws fails the change, and it must return at once for events it does not want.
 *
 * @param event the event as written (with the request's id when it named none)
 */
public record LedgerEventRecorded(LedgerEvent event) {

    public LedgerEventRecorded {
        Objects.requireNonNull(event, "event");
    }
}
