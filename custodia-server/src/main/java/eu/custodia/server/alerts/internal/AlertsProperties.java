package eu.custodia.server.alerts.internal;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The alert rules' settings, prefix {@code custodia.alerts}. A setting that makes no sense stops the start-up
 * with the reason.
 *
 * @param queueCapacity alerts waiting to be written at most (default 10,000); beyond it an alert is dropped and
 *     logged as an error, so a flood cannot exhaust memory
 * @param staffTenantDataAttempt rule {@code staff-tenant-data-attempt}
 * @param denialBurst rule {@code denial-burst}
 * @param staffRoleGrantOffHours rule {@code staff-role-grant-off-hours}
 * @param sodBypassAttempt rule {@code sod-bypass-attempt}
 */
@ConfigurationProperties("custodia.alerts")
public record AlertsProperties(@DefaultValue("10000") int queueCapacity,
        @DefaultValue StaffTenantDataAttempt staffTenantDataAttempt, @DefaultValue DenialBurst denialBurst,
        @DefaultValue StaffRoleGrantOffHours staffRoleGrantOffHours, @DefaultValue SodBypassAttempt sodBypassAttempt) {

    /** Bounds of the in-memory state of the rules that keep some. */
    static final int MAX_TRACKED = 1_000_000;

    public AlertsProperties {
        if (queueCapacity < 1 || queueCapacity > MAX_TRACKED) {
            throw new IllegalArgumentException("custodia.alerts.queue-capacity must be between 1 and " + MAX_TRACKED);
        }
        Objects.requireNonNull(staffTenantDataAttempt, "staffTenantDataAttempt");
        Objects.requireNonNull(denialBurst, "denialBurst");
        Objects.requireNonNull(staffRoleGrantOffHours, "staffRoleGrantOffHours");
        Objects.requireNonNull(sodBypassAttempt, "sodBypassAttempt");
    }

    /** The defaults, as a start without any {@code custodia.alerts.*} setting gets them. */
    static AlertsProperties defaults() {
        return new AlertsProperties(10_000, new StaffTenantDataAttempt(true, Duration.ofMinutes(10), 10_000),
                new DenialBurst(true, 10, Duration.ofSeconds(60), 10_000),
                new StaffRoleGrantOffHours(true, "Europe/Rome", EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                        "08:00", "19:00"), new SodBypassAttempt(true));
    }

    /**
     * @param enabled whether the rule runs (default true)
     * @param repeatAfter further attempts by the same caller on the same tenant within this time raise no new
     *     alert (default 10 minutes; the tenant's log has every one); zero: every attempt raises one
     * @param maxTracked callers and tenants remembered for {@code repeatAfter} at most (default 10,000)
     */
    public record StaffTenantDataAttempt(@DefaultValue("true") boolean enabled,
            @DefaultValue("PT10M") Duration repeatAfter, @DefaultValue("10000") int maxTracked) {

        public StaffTenantDataAttempt {
            Objects.requireNonNull(repeatAfter, "repeatAfter");
            if (repeatAfter.isNegative()) {
                throw new IllegalArgumentException("custodia.alerts.staff-tenant-data-attempt.repeat-after must not"
                        + " be negative");
            }
            if (maxTracked < 1 || maxTracked > MAX_TRACKED) {
                throw new IllegalArgumentException("custodia.alerts.staff-tenant-data-attempt.max-tracked must be"
                        + " between 1 and " + MAX_TRACKED);
            }
        }
    }

    /**
     * @param enabled whether the rule runs (default true)
     * @param threshold denies by one caller within {@code window} that raise an alert (default 10)
     * @param window the sliding window (default 60 s); one alert per caller per window
     * @param maxTrackedActors callers whose recent denies are remembered at most (default 10,000; the least
     *     recently denied is forgotten first)
     */
    public record DenialBurst(@DefaultValue("true") boolean enabled, @DefaultValue("10") int threshold,
            @DefaultValue("60s") Duration window, @DefaultValue("10000") int maxTrackedActors) {

        public DenialBurst {
            Objects.requireNonNull(window, "window");
            if (threshold < 2 || threshold > 10_000) {
                throw new IllegalArgumentException("custodia.alerts.denial-burst.threshold must be between 2 and"
                        + " 10000");
            }
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("custodia.alerts.denial-burst.window must be positive");
            }
            if (maxTrackedActors < 1 || maxTrackedActors > MAX_TRACKED) {
                throw new IllegalArgumentException("custodia.alerts.denial-burst.max-tracked-actors must be between"
                        + " 1 and " + MAX_TRACKED);
            }
        }
    }

    /**
     * Office hours: on {@code days}, from {@code start} (included) to {@code end} (excluded), in {@code zone}.
     *
     * @param enabled whether the rule runs (default true)
     * @param zone the office's time zone, an IANA id (default {@code Europe/Rome})
     * @param days the office days (default {@code MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY})
     * @param start when office hours begin, {@code HH:mm} (default {@code 08:00})
     * @param end when they end, {@code HH:mm}, after {@code start} (default {@code 19:00})
     */
    public record StaffRoleGrantOffHours(@DefaultValue("true") boolean enabled,
            @DefaultValue("Europe/Rome") String zone,
            @DefaultValue({"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"}) Set<DayOfWeek> days,
            @DefaultValue("08:00") String start, @DefaultValue("19:00") String end) {

        public StaffRoleGrantOffHours {
            Objects.requireNonNull(days, "days");
            days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
            zoneId(zone);
            if (!time(start, "start").isBefore(time(end, "end"))) {
                throw new IllegalArgumentException("custodia.alerts.staff-role-grant-off-hours.start must be before"
                        + " its end");
            }
        }

        ZoneId zoneId() {
            return zoneId(zone);
        }

        LocalTime startTime() {
            return time(start, "start");
        }

        LocalTime endTime() {
            return time(end, "end");
        }

        private static ZoneId zoneId(String zone) {
            try {
                return ZoneId.of(Objects.requireNonNull(zone, "zone"));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("custodia.alerts.staff-role-grant-off-hours.zone is not a time"
                        + " zone id (for example Europe/Rome)", e);
            }
        }

        private static LocalTime time(String text, String name) {
            try {
                return LocalTime.parse(Objects.requireNonNull(text, name));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("custodia.alerts.staff-role-grant-off-hours." + name
                        + " must be a time of day as HH:mm", e);
            }
        }
    }

    /** @param enabled whether the rule runs (default true) */
    public record SodBypassAttempt(@DefaultValue("true") boolean enabled) {
    }
}
