package eu.custodia.server.alerts;

import eu.custodia.server.platform.TenantId;

/**
 * Raises security alerts for security officers: each is stored (never deleted; acknowledged once, with a
 * note) and ledgered as {@code alert.raised} in the platform log, in one transaction of its own. For other
 * modules' own detections (a vault isolation probe, an overdue break-glass review); the ledger-observing
 * rules of this module use the same path.
 *
 * <p>Like the ledger, an alert holds identifiers and metadata only, never personal data or tenant content.
 */
public interface SecurityAlerts {

    /**
     * Raises an alert and returns its id ({@code alr-} and 20 hexadecimal digits). Outside a transaction it is
     * written before this returns. Inside one it is written, on another thread and in a transaction of its own,
     * once that transaction has ended, committed or rolled back (an alert stands whatever became of the work
     * that raised it; and SQLite has one writer, which the caller's transaction holds until then).
     *
     * @param kind what happened, lower-case words joined by {@code -} (2 to 64 characters), e.g.
     *     {@code vault-isolation-breach}
     * @param severity how urgent it is
     * @param subject who or what it is about: an account, key or other id (printable ASCII without spaces, at
     *     most 256 characters)
     * @param tenant the tenant concerned, or null
     * @param detail a short description naming rules and ids, no personal data (1 to 300 printable
     *     characters)
     * @throws IllegalArgumentException if an argument breaks these rules (the message names the argument, never
     *     its value)
     */
    String raise(String kind, Severity severity, String subject, TenantId tenant, String detail);
}
