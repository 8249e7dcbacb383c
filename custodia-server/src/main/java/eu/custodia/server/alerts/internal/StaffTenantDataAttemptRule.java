package eu.custodia.server.alerts.internal;

import eu.custodia.server.alerts.Severity;
import eu.custodia.server.platform.LedgerEvent;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@code staff-tenant-data-attempt}: a provider-side caller (staff, a staff key, a platform key or service
 * account) asked for a tenant's data and was denied by the decision point's {@code no-standing-staff-access}
 * rule: an {@code access.denied} in that tenant's log decided by that rule. High severity. Further attempts by
 * the same caller on the same tenant within {@code repeat-after} raise no new alert (each is in the tenant's
 * log; a long series also raises {@code denial-burst}).
 */
@Component
final class StaffTenantDataAttemptRule implements AlertRule {

    static final String KIND = "staff-tenant-data-attempt";
    /** The decision point's rule (access's {@code NoStandingStaffAccessRule.NAME}). */
    static final String DECIDING_RULE = "no-standing-staff-access";

    private final AlertsProperties.StaffTenantDataAttempt settings;
    private final Clock clock;
    private final RecentKeys recent;

    StaffTenantDataAttemptRule(AlertsProperties properties, Clock clock) {
        this.settings = properties.staffTenantDataAttempt();
        this.clock = clock;
        this.recent = new RecentKeys(settings.repeatAfter().toMillis(), settings.maxTracked());
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
        if (!"access.denied".equals(event.action()) || event.tenant() == null
                || !DECIDING_RULE.equals(LedgerReasons.decidingRule(event.reason()))) {
            return Optional.empty();
        }
        String subject = event.actor().id();
        if (!recent.firstInPeriod(subject + " " + event.tenant().value(), clock.millis())) {
            return Optional.empty();
        }
        return Optional.of(new Finding(KIND, Severity.HIGH, subject, event.tenant(),
                LedgerReasons.permission(event.reason()) + " on tenant " + event.tenant().value() + " by "
                        + event.actor().kind() + " " + subject + ", denied by rule " + DECIDING_RULE));
    }
}
