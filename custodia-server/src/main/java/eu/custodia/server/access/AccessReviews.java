package eu.custodia.server.access;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Access reviews (commitment 3). A campaign, opened on demand or once per calendar quarter, snapshots every
 * role assignment of every account that is not deprovisioned, each with the audience that reviews it:
 * assignments on the platform by security officers; assignments on a tenant by that tenant's administrators,
 * or by security officers when the tenant has no other active administrator. Reviewers certify or revoke
 * (revoking takes the role away at once); nobody reviews their own assignment; what is undecided at the
 * deadline is revoked automatically and the campaign closes. Every change writes its ledger event in the same
 * transaction: the platform log for platform assignments, the tenant's log for a tenant's, by ids only (a
 * reviewer's note is never ledgered).
 *
 * <p>Where a method takes a {@code tenant}: null is the platform's view (every item of a campaign; decisions on
 * the items security officers review), a tenant is that tenant's view (its items only; decisions on the items
 * its administrators review). Authorization ({@link Permission#REVIEWS_RUN} on that scope) is the decision
 * point's, asked by the caller of this interface.
 */
public interface AccessReviews {

    /** A campaign opened by the quarterly job. */
    String QUARTERLY = "quarterly";
    /** A campaign opened on demand. */
    String ON_DEMAND = "on-demand";
    /** Reviewed by the platform's security officers. */
    String BY_SECURITY_OFFICERS = "security-officer";
    /** Reviewed by the tenant's administrators. */
    String BY_TENANT_ADMINS = "tenant-admin";
    /** Decisions, as stored and shown. */
    String CERTIFIED = "certified";
    String REVOKED = "revoked";
    String AUTO_REVOKED = "auto-revoked";
    String GONE = "gone";
    /**
     * Not revoked at the deadline although nobody certified it: the last active platform administrator's
     * role, which is never taken away automatically (the platform would have nobody to run it).
     */
    String KEPT = "kept";
    /** The filter for items with no decision yet. */
    String UNDECIDED = "undecided";
    /** The shortest and the longest time a campaign may run. */
    Duration MIN_DEADLINE = Duration.ofDays(1);
    Duration MAX_DEADLINE = Duration.ofDays(90);

    /**
     * Opens a campaign on demand, ending {@code runFor} from now (null: the configured default, 14 days).
     *
     * @throws eu.custodia.server.platform.ProblemException validation when {@code runFor} is outside 1–90 days
     */
    Campaign open(Caller actor, Duration runFor);

    /**
     * Opens a {@code quarterly} campaign when none (of either kind) was opened in the current calendar quarter
     * (UTC) and an active security officer exists to review the platform's assignments; at most one per quarter,
     * even with several nodes. The scheduled job calls it.
     *
     * @return the campaign opened, or empty when none was due
     */
    Optional<Campaign> openQuarterlyIfDue();

    /** The campaigns, newest first; in a tenant's view only those with items of the tenant, counted on them. */
    List<Campaign> list(TenantId tenant);

    /** The campaign, counted on the view's items. */
    Optional<Campaign> find(String id, TenantId tenant);

    /**
     * The view's items of a campaign, optionally only those with {@code decision} ({@link #UNDECIDED}, or a
     * decision).
     *
     * @throws eu.custodia.server.platform.ProblemException not-found for an unknown campaign; validation for
     *     an unknown decision filter
     */
    List<Item> items(String campaignId, TenantId tenant, String decision);

    /**
     * Certifies ({@code certify}) or revokes ({@code revoke}) one item; revoking takes the role away at once
     * ({@link eu.custodia.server.identity.Accounts#revokeRole}), in the same transaction.
     *
     * @param note the reviewer's optional note (at most 500 characters), kept with the item, never ledgered
     * @throws eu.custodia.server.platform.ProblemException not-found (unknown campaign, or no such item in the
     *     view); validation (decision, note); conflict when the item is decided, the campaign closed or past its
     *     deadline, or the assignment no longer exists (the item is then recorded as {@code gone});
     *     {@code self-review} (403) for one's own assignment, and forbidden when the item is reviewed by the
     *     other audience (both refusals are ledgered)
     */
    Item decide(Caller actor, String campaignId, String itemId, TenantId tenant, String decision, String note);

    /**
     * Revokes every undecided item of every open campaign past its deadline ({@code auto-revoked}, or
     * {@code gone} when the assignment no longer exists), then closes the campaign. Each item commits on its
     * own with its revocation and its ledger event, so an interrupted run loses nothing and the next one
     * finishes the rest; a run with nothing due changes nothing. The scheduled job calls it.
     */
    DeadlineRun enforceDeadlines();

    /**
     * The campaign's report in the view: each item with who decided what and when, the counts and the share
     * reviewed.
     *
     * @throws eu.custodia.server.platform.ProblemException not-found for an unknown campaign
     */
    Report report(String campaignId, TenantId tenant);

    /**
     * How many items a view of a campaign has, by decision.
     *
     * @param total every item
     * @param undecided not decided yet
     * @param certified certified by a reviewer
     * @param revoked revoked by a reviewer
     * @param autoRevoked revoked at the deadline
     * @param gone the assignment disappeared before anyone decided
     * @param kept not certified, yet kept at the deadline (the last platform administrator)
     */
    record Counts(int total, int undecided, int certified, int revoked, int autoRevoked, int gone, int kept) {

        /**
         * The share of the items that needed a decision (all but {@code gone}) that a reviewer decided; 1 when
         * none needed one.
         */
        public double completion() {
            int needed = total - gone;
            return needed == 0 ? 1.0 : (double) (certified + revoked) / needed;
        }
    }

    /**
     * A campaign.
     *
     * @param id {@code arc-…}
     * @param trigger {@link #QUARTERLY} or {@link #ON_DEMAND}
     * @param quarter the calendar quarter of a quarterly campaign ({@code 2026-Q4}), else null
     * @param openedAt when it opened
     * @param openedBy the account that opened it, or {@code system}
     * @param deadline when its undecided items are revoked
     * @param state {@code open} or {@code closed}
     * @param closedAt when it closed, or null
     * @param counts its items (in the view) by decision
     */
    record Campaign(String id, String trigger, String quarter, Instant openedAt, String openedBy, Instant deadline,
            String state, Instant closedAt, Counts counts) {
    }

    /**
     * One assignment under review.
     *
     * @param id {@code ari-…}
     * @param campaign the campaign's id
     * @param account the account holding the role
     * @param role the role
     * @param tenant the tenant the role applies to, or null for the platform
     * @param reviewer who reviews it: {@link #BY_SECURITY_OFFICERS} or {@link #BY_TENANT_ADMINS}
     * @param decision null until decided, then certified, revoked, auto-revoked or gone
     * @param decidedAt when
     * @param decidedBy the reviewer's account, or {@code system}
     * @param note the reviewer's note, or null
     */
    record Item(String id, String campaign, String account, String role, String tenant, String reviewer,
            String decision, Instant decidedAt, String decidedBy, String note) {
    }

    /**
     * A campaign's report.
     *
     * @param campaign the campaign, counted on the view's items
     * @param completion the share of the items needing a decision that a reviewer decided (0–1)
     * @param items every item of the view, with who decided what and when
     */
    record Report(Campaign campaign, double completion, List<Item> items) {
    }

    /**
     * What one deadline run did.
     *
     * @param autoRevoked items revoked for want of a decision
     * @param gone items whose assignment no longer existed
     * @param kept items kept for want of another platform administrator
     * @param closed campaigns closed
     */
    record DeadlineRun(int autoRevoked, int gone, int kept, int closed) {
    }
}
