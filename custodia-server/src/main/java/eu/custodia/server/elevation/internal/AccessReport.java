package eu.custodia.server.elevation.internal;

import java.time.LocalDate;
import java.util.List;

/**
 * The access report of one tenant over one period (UTC days, both ends included): what was asked, decided,
 * activated and ended, how long the grants were used, and whether every grant that ended did so no later than
 * its expiry. It feeds the compliance report.
 *
 * @param tenant the tenant
 * @param from the first day of the period
 * @param to the last day of the period
 * @param requests access requests made in the period
 * @param staffApprovals approvals by the provider's security officers given in the period
 * @param customerApprovals approvals by the tenant's administrators given in the period
 * @param denials denials given in the period, by gate
 * @param activations grants activated in the period
 * @param emergencyUses break-glass grants activated in the period
 * @param ended grants whose access ended in the period, by cause
 * @param durations how long those grants were in force (activation to end of access)
 * @param revokedOnTime whether those grants ended no later than their expiry
 * @param notes how the figures were computed, where that is not obvious
 */
record AccessReport(String tenant, LocalDate from, LocalDate to, long requests, long staffApprovals,
        long customerApprovals, Denials denials, long activations, long emergencyUses, Ended ended,
        Durations durations, OnTime revokedOnTime, List<String> notes) {

    AccessReport {
        notes = List.copyOf(notes);
    }

    /** Denials by gate. */
    record Denials(long staff, long customer) {
    }

    /** Grants ended in the period by cause; {@code ticketClosed} are revocations for a closed ticket. */
    record Ended(long concluded, long revoked, long ticketClosed, long expired) {

        long total() {
            return concluded + revoked + ticketClosed + expired;
        }
    }

    /** Durations in minutes of the grants ended in the period; median and max are 0 when count is 0. */
    record Durations(long count, double medianMinutes, double maxMinutes) {
    }

    /** Grants ended in the period no later than their expiry, and after it; 100.0 when none ended. */
    record OnTime(long onTime, long late, double percentOnTime) {
    }
}
