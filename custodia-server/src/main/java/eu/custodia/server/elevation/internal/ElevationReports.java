package eu.custodia.server.elevation.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The per-tenant, per-period access report of the elevation module, computed from the requests and their
 * history. The requests are read through {@link Elevations#ofTenant}, which first marks expired every grant
 * whose time has passed (as any read does), so the report sees the same states as the customer's view.
 *
 * <p>When a grant's access ended: for a conclusion or revocation, the recorded end ({@code ended_at}, when the
 * store ended it and the index dropped it); for an expiry, {@code expires_at}, because the decision rule
 * refuses from that instant while the state is only marked {@code expired} when next read (its
 * {@code ended_at} is that later moment). A grant is late when its access ended after its expiry, when it is
 * still {@code active} after its expiry, or when its end was not confirmed on every node ({@code revoking} or
 * {@code revocation-failed}, see {@link GrantRevocations}).
 */
@Service
final class ElevationReports {

    static final int MAX_DAYS = 366;

    private final Elevations elevations;
    private final DecisionPoint decisions;
    private final Clock clock;

    ElevationReports(Elevations elevations, DecisionPoint decisions, Clock clock) {
        this.elevations = elevations;
        this.decisions = decisions;
        this.clock = clock;
    }

    /** The report of {@code tenant} from {@code from} to {@code to} (ISO dates; null: the current month). */
    AccessReport report(Caller caller, TenantId tenant, String from, String to) {
        decisions.require(caller, Permission.ELEVATION_READ, tenant);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate first = date(from, "from", today.withDayOfMonth(1));
        LocalDate last = date(to, "to", today.withDayOfMonth(today.lengthOfMonth()));
        if (last.isBefore(first)) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "to", "to must not be before from.",
                    "to non deve precedere from.");
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "to", "The period is at most " + MAX_DAYS
                    + " days.", "Il periodo è lungo al massimo " + MAX_DAYS + " giorni.");
        }
        Instant start = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return compute(tenant, first, last, start, end, elevations.ofTenant(caller, tenant), clock.instant());
    }

    static AccessReport compute(TenantId tenant, LocalDate first, LocalDate last, Instant start, Instant end,
            List<ElevationRequest> requests, Instant now) {
        long asked = 0;
        long staffApprovals = 0;
        long customerApprovals = 0;
        long staffDenials = 0;
        long customerDenials = 0;
        long activations = 0;
        long emergencyUses = 0;
        long concluded = 0;
        long revoked = 0;
        long ticketClosed = 0;
        long expired = 0;
        long onTime = 0;
        long late = 0;
        long unconfirmed = 0;
        long stillActiveLate = 0;
        List<Long> seconds = new ArrayList<>();
        for (ElevationRequest r : requests) {
            if (in(r.createdAt(), start, end)) {
                asked++;
            }
            for (ElevationRequest.Step step : r.history()) {
                if (!in(step.at(), start, end)) {
                    continue;
                }
                switch (step.event()) {
                    case "staff-approved" -> staffApprovals++;
                    case "customer-approved" -> customerApprovals++;
                    case "activated" -> activations++;
                    case "denied" -> {
                        if (Elevations.PENDING_CUSTOMER.equals(step.fromState())) {
                            customerDenials++;
                        } else {
                            staffDenials++;
                        }
                    }
                    default -> {
                    }
                }
            }
            if (r.emergency() && r.activatedAt() != null && in(r.activatedAt(), start, end)) {
                emergencyUses++;
            }
            if (r.activatedAt() == null || r.expiresAt() == null) {
                continue;
            }
            if (Elevations.ACTIVE.equals(r.state())) {
                if (!now.isBefore(r.expiresAt()) && in(r.expiresAt(), start, end)) {
                    late++;
                    stillActiveLate++;
                }
                continue;
            }
            Instant accessEnd = switch (r.state()) {
                case Elevations.CONCLUDED, Elevations.REVOKED -> r.endedAt();
                case Elevations.EXPIRED -> r.expiresAt();
                default -> null;
            };
            if (accessEnd == null || !in(accessEnd, start, end)) {
                continue;
            }
            switch (r.state()) {
                case Elevations.CONCLUDED -> concluded++;
                case Elevations.EXPIRED -> expired++;
                default -> {
                    if (closedTicket(r)) {
                        ticketClosed++;
                    } else {
                        revoked++;
                    }
                }
            }
            seconds.add(Duration.between(r.activatedAt(), accessEnd).toSeconds());
            boolean notConfirmed = r.revocation() != null
                    && !GrantRevocations.REVOKED.equals(r.revocation().state());
            if (notConfirmed) {
                unconfirmed++;
            }
            if (accessEnd.isAfter(r.expiresAt()) || notConfirmed) {
                late++;
            } else {
                onTime++;
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add("emergencyUses: break-glass grants activated in the period; they skip the approval gates and are"
                + " not counted among the activations.");
        notes.add("The access of an expired grant ends at its expiresAt (the decision rule refuses from then);"
                + " a concluded or revoked grant's at its endedAt.");
        if (unconfirmed > 0) {
            notes.add(unconfirmed + " grant(s) whose end was not (yet) confirmed on every node (revoking or"
                    + " revocation-failed) count as late.");
        }
        if (stillActiveLate > 0) {
            notes.add(stillActiveLate + " grant(s) still marked active after their expiry count as late.");
        }
        long total = onTime + late;
        return new AccessReport(tenant.value(), first, last, asked, staffApprovals, customerApprovals,
                new AccessReport.Denials(staffDenials, customerDenials), activations, emergencyUses,
                new AccessReport.Ended(concluded, revoked, ticketClosed, expired), durations(seconds),
                new AccessReport.OnTime(onTime, late, total == 0 ? 100.0 : round(100.0 * onTime / total)), notes);
    }

    private static boolean closedTicket(ElevationRequest r) {
        for (int k = r.history().size() - 1; k >= 0; k--) {
            ElevationRequest.Step step = r.history().get(k);
            if ("revoked".equals(step.event())) {
                return step.note() != null && step.note().startsWith("ticket-closed");
            }
        }
        return false;
    }

    private static AccessReport.Durations durations(List<Long> seconds) {
        if (seconds.isEmpty()) {
            return new AccessReport.Durations(0, 0, 0);
        }
        List<Long> sorted = seconds.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        return new AccessReport.Durations(n, round(median / 60.0), round(sorted.get(n - 1) / 60.0));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static boolean in(Instant at, Instant start, Instant end) {
        return at != null && !at.isBefore(start) && at.isBefore(end);
    }

    private static LocalDate date(String text, String field, LocalDate fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw BilingualProblem.field(ProblemType.VALIDATION, field, field + " must be an ISO date, e.g."
                    + " 2026-11-01.", field + " deve essere una data ISO, per esempio 2026-11-01.");
        }
    }
}
