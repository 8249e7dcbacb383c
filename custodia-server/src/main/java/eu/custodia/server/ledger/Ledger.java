package eu.custodia.server.ledger;

/**
 * Records ledger events. {@link #record} must run inside the transaction of the change it records: it
 * inserts a pending event in that transaction, so a change without its record (or a record without its
 * change) cannot exist (DESIGN.md §3.2). The integrator later moves pending events into the Merkle log.
 */
public interface Ledger {

    /**
     * Adds the event to its log's pending events, in the caller's transaction.
     *
     * @throws IllegalStateException if no transaction is active
     */
    void record(LedgerEvent event);
}
