package eu.custodia.server.platform;

/**
 * Records ledger events. {@link #record} must run inside the transaction of the change it records: it
 * inserts a pending event in that transaction, so a change without its record (or a record without its
 * change) cannot exist (DESIGN.md §3.2). The integrator later moves pending events into the Merkle log.
 */
public interface Ledger {

    /**
     * Adds the event to its log's pending events, in the caller's transaction.
     *
     * <p>Pass identifiers and metadata only, never personal data or tenant content (DESIGN.md §3.5): ids of
     * actors, tenants, grants and requests, role and method names, a dotted past-tense action, a target
     * such as {@code tenant/t-…}, and a short reason that names a rule or ticket rather than a person.
     * Identifiers must be printable ASCII without spaces (at most 256 characters); the reason at most 500
     * characters; the encoded entry at most 65,535 bytes.
     *
     * @throws IllegalStateException if no transaction is active, or it is read-only
     * @throws IllegalArgumentException if the event breaks these rules (the message names the field, never
     *     its value)
     */
    void record(LedgerEvent event);
}
