package eu.custodia.server.alerts.internal;

import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.LedgerEventRecorded;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs the enabled alert rules over every ledger event once its transaction has committed (an event rolled
 * back is never seen; a deny written again after its request rolled back is seen once), and hands what they
 * find to the {@link AlertWriter}. Events of this module ({@code alert.*}) are never looked at, so alerts
 * cannot raise alerts. It runs on the committing thread, for every ledgered write: the rules decide in
 * memory, and nothing here may throw (the commit has happened; an exception would fail a request that
 * succeeded).
 */
@Component
final class AlertObserver {

    private static final Logger LOG = LoggerFactory.getLogger(AlertObserver.class);
    static final String OWN_ACTIONS = "alert.";

    private final AlertRule[] rules;
    private final AlertWriter writer;

    AlertObserver(List<AlertRule> rules, AlertWriter writer) {
        this.rules = rules.stream().filter(AlertRule::enabled).toArray(AlertRule[]::new);
        this.writer = writer;
        LOG.info("alert rules enabled: {}", rules.stream().filter(AlertRule::enabled).map(AlertRule::kind).sorted()
                .toList());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void committed(LedgerEventRecorded recorded) {
        LedgerEvent event = recorded.event();
        if (event.action().startsWith(OWN_ACTIONS)) {
            return;
        }
        for (AlertRule rule : rules) {
            try {
                rule.evaluate(event).ifPresent(finding -> writer.raise(finding, event));
            } catch (RuntimeException e) {
                LOG.error("alert rule {} failed on a {} event", rule.kind(), event.action(), e);
            }
        }
    }
}
