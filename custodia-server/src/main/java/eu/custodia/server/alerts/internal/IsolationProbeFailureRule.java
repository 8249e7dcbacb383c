package eu.custodia.server.alerts.internal;

import eu.custodia.server.alerts.Severity;
import eu.custodia.server.platform.LedgerEvent;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code isolation-probe-failure}: a run of the isolation probe failed (an {@code isolation.probe-run} event in
 * the platform log with outcome {@code failure}): tenants could be crossed through one of the paths it tries, or
 * the probe could not vouch for them. Critical. Every failed run raises one; the subject is the run, the detail
 * names the failed checks.
 */
@Component
final class IsolationProbeFailureRule implements AlertRule {

    static final String KIND = "isolation-probe-failure";
    /** The isolation module's ledger action ({@code IsolationProbe.LEDGER_ACTION}). */
    static final String ACTION = "isolation.probe-run";
    private static final int MAX_DETAIL = 300;

    private final boolean enabled;

    IsolationProbeFailureRule(@Value("${custodia.alerts.isolation-probe-failure.enabled:true}") boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public Optional<Finding> evaluate(LedgerEvent event) {
        if (!ACTION.equals(event.action()) || !"failure".equals(event.outcome())) {
            return Optional.empty();
        }
        String detail = "isolation probe run failed: " + (event.reason() == null ? "no reason given" : event.reason());
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL - 3) + "...";
        }
        return Optional.of(new Finding(KIND, Severity.CRITICAL, event.target(), event.tenant(), detail));
    }
}
