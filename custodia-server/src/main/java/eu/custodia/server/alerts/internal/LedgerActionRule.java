package eu.custodia.server.alerts.internal;

import eu.custodia.server.alerts.Severity;
import eu.custodia.server.platform.LedgerEvent;
import java.util.Optional;

/**
 * A rule that raises one alert for each ledger event of one action (and, when named, one outcome), matched by
 * name so that the alerts module depends on no other: its subject is the event's target, its tenant the
 * event's, its detail a fixed prefix and the event's reason (at most 300 characters).
 */
abstract class LedgerActionRule implements AlertRule {

    private static final int MAX_DETAIL = 300;

    private final String kind;
    private final String action;
    private final String outcome;
    private final Severity severity;
    private final String prefix;
    private final boolean enabled;

    LedgerActionRule(String kind, String action, String outcome, Severity severity, String prefix, boolean enabled) {
        this.kind = kind;
        this.action = action;
        this.outcome = outcome;
        this.severity = severity;
        this.prefix = prefix;
        this.enabled = enabled;
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final boolean enabled() {
        return enabled;
    }

    @Override
    public final Optional<Finding> evaluate(LedgerEvent event) {
        if (!action.equals(event.action()) || outcome != null && !outcome.equals(event.outcome())) {
            return Optional.empty();
        }
        String detail = prefix + ": " + (event.reason() == null ? "no reason given" : event.reason());
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL - 3) + "...";
        }
        return Optional.of(new Finding(kind, severity, event.target(), event.tenant(), detail));
    }
}
