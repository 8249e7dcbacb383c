package eu.custodia.server.alerts.internal;

import eu.custodia.server.platform.LedgerEvent;
import java.util.Optional;

/**
 * One alert rule: looks at each committed ledger event (never one of the alerts module's own) and says whether
 * it raises an alert. Runs on the thread that committed the event, right after the commit, for every ledgered
 * write: it must decide in memory, in a few comparisons, and never block or throw.
 */
interface AlertRule {

    /** The rule's name, which is also the kind of the alerts it raises, e.g. {@code denial-burst}. */
    String kind();

    /** Whether the rule runs ({@code custodia.alerts.<kind>.enabled}). */
    boolean enabled();

    /** The alert {@code event} raises, or empty. */
    Optional<Finding> evaluate(LedgerEvent event);
}
