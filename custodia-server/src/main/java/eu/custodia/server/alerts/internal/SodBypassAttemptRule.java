package eu.custodia.server.alerts.internal;

import eu.custodia.server.alerts.Severity;
import eu.custodia.server.platform.LedgerEvent;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@code sod-bypass-attempt}: someone tried to get round segregation of duties. High severity; the subject is
 * who tried. Matches, on any log:
 *
 * <ul>
 *   <li>a refusal (outcome other than {@code success}) whose reason mentions {@code segregation of duties}:
 *       today identity's refused role grants ({@code account.role-granted}, {@code "role X refused:
 *       segregation of duties a+b"}) and refused service-account creations ({@code account.created});
 *       grants configured to {@code record} ({@code access.sod-conflict-recorded}, a success) are not
 *       attempts and raise nothing;</li>
 *   <li>any event whose action ends in {@code .self-approval-refused}, whatever its outcome;</li>
 *   <li>a refusal whose reason mentions the rule {@code requester-is-approver}.</li>
 * </ul>
 *
 * The last two anticipate the approvals (two-person rule) being built in parallel, whose exact actions and
 * reasons are not settled: they are matched by suffix and by rule name, so that a renamed prefix or a
 * reworded reason still raises the alert.
 */
@Component
final class SodBypassAttemptRule implements AlertRule {

    static final String KIND = "sod-bypass-attempt";
    static final String SEGREGATION_OF_DUTIES = "segregation of duties";
    static final String SELF_APPROVAL_REFUSED = ".self-approval-refused";
    static final String REQUESTER_IS_APPROVER = "requester-is-approver";
    private static final int MAX_REASON = 160;

    private final AlertsProperties.SodBypassAttempt settings;

    SodBypassAttemptRule(AlertsProperties properties) {
        this.settings = properties.sodBypassAttempt();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean enabled() {
        return settings.enabled();
    }

    @Override
    public Optional<Finding> evaluate(LedgerEvent event) {
        String reason = event.reason();
        boolean refused = !"success".equals(event.outcome());
        boolean matches = event.action().endsWith(SELF_APPROVAL_REFUSED)
                || refused && reason != null
                        && (reason.contains(SEGREGATION_OF_DUTIES) || reason.contains(REQUESTER_IS_APPROVER));
        if (!matches) {
            return Optional.empty();
        }
        String why = reason == null ? "" : ": " + (reason.length() > MAX_REASON
                ? reason.substring(0, MAX_REASON) + "…" : reason);
        return Optional.of(new Finding(KIND, Severity.HIGH, event.actor().id(), event.tenant(), event.action() + " "
                + event.outcome() + " on " + event.target() + " by " + event.actor().kind() + " "
                + event.actor().id() + why));
    }
}
