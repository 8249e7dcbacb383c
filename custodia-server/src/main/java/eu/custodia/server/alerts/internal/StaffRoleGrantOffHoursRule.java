package eu.custodia.server.alerts.internal;

import eu.custodia.server.alerts.Severity;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.LedgerEvent;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * {@code staff-role-grant-off-hours}: a staff role (one not bound to a tenant) was granted, successfully, on
 * the platform log, outside office hours: a day not in {@code days} or a time outside
 * {@code [start, end)}, in {@code zone} (default Monday to Friday, 08:00 to 19:00, Europe/Rome). The time is
 * the grant's, as ledgered. Medium severity; the subject is who granted it, the detail names the account.
 */
@Component
final class StaffRoleGrantOffHoursRule implements AlertRule {

    static final String KIND = "staff-role-grant-off-hours";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEEE uuuu-MM-dd HH:mm", Locale.ROOT);

    private final AlertsProperties.StaffRoleGrantOffHours settings;
    private final ZoneId zone;
    private final LocalTime start;
    private final LocalTime end;
    private final String officeHours;

    StaffRoleGrantOffHoursRule(AlertsProperties properties) {
        this.settings = properties.staffRoleGrantOffHours();
        this.zone = settings.zoneId();
        this.start = settings.startTime();
        this.end = settings.endTime();
        this.officeHours = new TreeSet<>(settings.days()).stream()
                .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ROOT)).collect(Collectors.joining(","))
                + " " + start + "-" + end + " " + zone;
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
        if (!"account.role-granted".equals(event.action()) || !"success".equals(event.outcome())
                || event.tenant() != null) {
            return Optional.empty();
        }
        String role = LedgerReasons.role(event.reason());
        if (role == null || Roles.TENANT_BOUND.contains(role)) {
            return Optional.empty();
        }
        ZonedDateTime local = event.time().atZone(zone);
        if (withinOfficeHours(local, settings.days())) {
            return Optional.empty();
        }
        return Optional.of(new Finding(KIND, Severity.MEDIUM, event.actor().id(), null, "role " + role
                + " granted to " + event.target() + " by " + event.actor().kind() + " " + event.actor().id() + " on "
                + LOCAL.format(local) + " " + zone + ", outside office hours (" + officeHours + ")"));
    }

    private boolean withinOfficeHours(ZonedDateTime local, Set<java.time.DayOfWeek> days) {
        LocalTime time = local.toLocalTime();
        return days.contains(local.getDayOfWeek()) && !time.isBefore(start) && time.isBefore(end);
    }
}
