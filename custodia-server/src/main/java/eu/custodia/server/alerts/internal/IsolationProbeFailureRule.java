package eu.custodia.server.alerts.internal;

import eu.custodia.server.alerts.Severity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code isolation-probe-failure}: a run of the isolation probe failed (an {@code isolation.probe-run} event in
 * the platform log with outcome {@code failure}): tenants could be crossed through one of the paths it tries, or
 * the probe could not vouch for them. Critical. Every failed run raises one; the subject is the run, the detail
 * names the failed checks.
 */
@Component
final class IsolationProbeFailureRule extends LedgerActionRule {

    static final String KIND = "isolation-probe-failure";
    /** The isolation module's ledger action ({@code IsolationProbe.LEDGER_ACTION}). */
    static final String ACTION = "isolation.probe-run";

    IsolationProbeFailureRule(@Value("${custodia.alerts.isolation-probe-failure.enabled:true}") boolean enabled) {
        super(KIND, ACTION, "failure", Severity.CRITICAL, "isolation probe run failed", enabled);
    }
}
