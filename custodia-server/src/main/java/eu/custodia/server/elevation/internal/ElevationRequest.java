package eu.custodia.server.elevation.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A just-in-time access request as its readers see it, with its full history. The free text is shown to
 * whoever may read the request; it never reaches a ledger.
 *
 * @param id the request's id, which is also the grant's id once active
 * @param tenant the tenant it opens
 * @param requester the support engineer's account
 * @param ticketSystem the ticket system
 * @param ticket the ticket reference
 * @param reasonCode one of {@link Elevations#REASON_CODES}
 * @param reasonText the requester's free text (at most 500 characters), or null
 * @param access {@code read} or {@code write}
 * @param collections the collections asked for (empty: all)
 * @param duration how long the access lasts once activated
 * @param customerApprovalRequired whether one of the tenant's administrators must approve
 * @param state pending-staff, pending-customer, approved, active, concluded, revoked, expired or denied
 * @param createdAt when it was asked
 * @param activatedAt when it was activated, or null
 * @param expiresAt when the access ends (activation plus duration), or null before activation
 * @param endedAt when it was concluded, revoked, denied or expired, or null
 * @param emergency true for a break-glass grant: activated at once, without either approval gate
 * @param reviewDueAt when a break-glass grant's post-hoc review is due, or null
 * @param review a break-glass grant's post-hoc review, or null while none was given
 * @param revocation how the end of its active grant reached every node (concluded, revoked or ticket closed
 *     while active), or null when no active grant was ended that way
 * @param history every step, oldest first
 */
record ElevationRequest(String id, String tenant, String requester, String ticketSystem, String ticket,
        String reasonCode, String reasonText, String access, List<String> collections, Duration duration,
        boolean customerApprovalRequired, String state, Instant createdAt, Instant activatedAt, Instant expiresAt,
        Instant endedAt, boolean emergency, Instant reviewDueAt, Review review, Revocation revocation, List<Step> history) {

    ElevationRequest {
        collections = List.copyOf(collections);
        history = List.copyOf(history);
    }

    /** The post-hoc review of a break-glass grant: who, when, {@code justified} or {@code unjustified}, a note. */
    record Review(String reviewer, Instant at, String outcome, String note) {
    }

    /**
     * The end of an active grant on every node: {@code revoking} (ended in the store, not yet confirmed by every
     * live node), {@code revoked} (confirmed) or {@code revocation-failed} (not confirmed by the deadline: a
     * critical alert was raised; still watched, so a late confirmation turns it {@code revoked}).
     */
    record Revocation(String state, Instant startedAt, Instant confirmedAt, Instant failedAt) {
    }

    /** One step: what happened, from which state to which, who did it, when, and a note. */
    record Step(String event, String fromState, String toState, String actor, Instant at, String note) {
    }
}
