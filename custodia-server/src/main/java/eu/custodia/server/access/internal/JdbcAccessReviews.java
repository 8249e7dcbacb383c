package eu.custodia.server.access.internal;

import eu.custodia.server.access.AccessReviews;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.AccountState;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.RoleAssignments;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link AccessReviews} on tables {@code access_review_campaigns} and {@code access_review_items}. Role
 * assignments are read through identity's {@link RoleAssignments} and {@link Accounts}, and taken away only
 * through {@link Accounts#revokeRole}, which joins the review's transaction: a revocation, its review item and
 * both ledger events commit together or not at all. Every decision is a conditional update of an undecided
 * item, so a reviewer and the deadline job (or two nodes' jobs) never both decide one item.
 */
@Service
final class JdbcAccessReviews implements AccessReviews {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcAccessReviews.class);

    /** Nobody reviews their own assignment (dynamic segregation of duties). */
    static final ProblemType SELF_REVIEW = new ProblemType("self-review", HttpStatus.FORBIDDEN,
            "Nobody reviews their own access");
    static final String SYSTEM_ID = "system";
    private static final Caller SYSTEM = new Caller(SYSTEM_ID, "system", Set.of(), null, List.of());
    private static final Pattern NOTE = Pattern.compile("[\\p{L}\\p{N}\\p{P}\\p{Zs}\\p{S}]{1,500}");
    private static final Set<String> FILTERS = Set.of(UNDECIDED, CERTIFIED, REVOKED, AUTO_REVOKED, GONE, KEPT);
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ITEM_COLUMNS = "i.id, i.campaign_id, i.account_id, i.role, i.tenant_id, i.reviewer,"
            + " i.decision, i.decided_at, i.decided_by, i.note";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SqlInstants instants;
    private final Ledger ledger;
    private final Clock clock;
    private final Accounts accounts;
    private final RoleAssignments assignments;
    private final Duration defaultDeadline;
    /** The quarter whose missing security officer was last logged (once per quarter, not at every check). */
    private volatile String warnedFor;

    JdbcAccessReviews(JdbcClient jdbc, TransactionTemplate tx, SqlInstants instants, Ledger ledger, Clock clock,
            Accounts accounts, RoleAssignments assignments,
            @Value("${custodia.access.reviews.deadline:P14D}") Duration defaultDeadline) {
        if (defaultDeadline.compareTo(MIN_DEADLINE) < 0 || defaultDeadline.compareTo(MAX_DEADLINE) > 0) {
            throw new IllegalArgumentException("custodia.access.reviews.deadline must be between 1 and 90 days, not "
                    + defaultDeadline);
        }
        this.jdbc = jdbc;
        this.tx = tx;
        this.instants = instants;
        this.ledger = ledger;
        this.clock = clock;
        this.accounts = accounts;
        this.assignments = assignments;
        this.defaultDeadline = defaultDeadline;
    }

    // ---------------------------------------------------------------- opening

    @Override
    public Campaign open(Caller actor, Duration runFor) {
        Duration runs = runFor == null ? defaultDeadline : runFor;
        if (runs.compareTo(MIN_DEADLINE) < 0 || runs.compareTo(MAX_DEADLINE) > 0) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "deadlineDays", "A campaign runs 1 to 90 days"
                    + " (default " + defaultDeadline.toDays() + ").", "Una campagna dura da 1 a 90 giorni"
                    + " (predefinito " + defaultDeadline.toDays() + ").");
        }
        Instant now = clock.instant();
        return tx.execute(status -> insertCampaign(ON_DEMAND, null, actor, now, now.plus(runs)));
    }

    @Override
    public Optional<Campaign> openQuarterlyIfDue() {
        Instant now = clock.instant();
        Quarter quarter = Quarter.of(now);
        return tx.execute(status -> {
            long opened = jdbc.sql("SELECT count(*) FROM access_review_campaigns WHERE opened_at >= ? AND opened_at < ?")
                    .params(instants.bind(quarter.start()), instants.bind(quarter.end())).query(Long.class).single();
            if (opened > 0) {
                return Optional.<Campaign>empty();
            }
            List<RoleAssignments.Assignment> all = assignments.all();
            boolean officer = all.stream().anyMatch(a -> a.tenant() == null
                    && Roles.SECURITY_OFFICER.equals(a.role()) && a.accountState() == AccountState.ACTIVE);
            if (!officer) {
                if (!quarter.label().equals(warnedFor)) {
                    LOG.warn("access review for {} not opened: no active security officer to review the platform's"
                            + " assignments; it opens once there is one", quarter.label());
                    warnedFor = quarter.label();
                }
                return Optional.<Campaign>empty();
            }
            return Optional.ofNullable(insertCampaign(QUARTERLY, quarter.label(), SYSTEM, now,
                    now.plus(defaultDeadline)));
        });
    }

    /** Inserts a campaign and its snapshot, in the current transaction; null when the quarter already has one. */
    private Campaign insertCampaign(String trigger, String quarter, Caller actor, Instant now, Instant deadline) {
        String id = "arc-" + randomId();
        int inserted = jdbc.sql("INSERT INTO access_review_campaigns (id, trigger_kind, quarter, opened_at, opened_by,"
                + " deadline, state) VALUES (?, ?, ?, ?, ?, ?, 'open') ON CONFLICT (quarter) DO NOTHING")
                .params(id, trigger, quarter, instants.bind(now), person(actor), instants.bind(deadline)).update();
        if (inserted == 0) {
            return null;
        }
        List<RoleAssignments.Assignment> all = assignments.all();
        Map<TenantId, Set<String>> administrators = new HashMap<>();
        for (RoleAssignments.Assignment a : all) {
            if (a.tenant() != null && Roles.TENANT_ADMIN.equals(a.role()) && a.accountState() == AccountState.ACTIVE) {
                administrators.computeIfAbsent(a.tenant(), t -> new HashSet<>()).add(a.account());
            }
        }
        int byOfficers = 0;
        for (RoleAssignments.Assignment a : all) {
            String reviewer = reviewerOf(a, administrators);
            if (BY_SECURITY_OFFICERS.equals(reviewer)) {
                byOfficers++;
            }
            jdbc.sql("INSERT INTO access_review_items (id, campaign_id, account_id, role, tenant_id, reviewer)"
                    + " VALUES (?, ?, ?, ?, ?, ?)").params("ari-" + randomId(), id, a.account(), a.role(),
                            a.tenant() == null ? "" : a.tenant().value(), reviewer).update();
        }
        ledger.record(new LedgerEvent(now, null, actor(actor), "access-review.opened", "access-review/" + id,
                "success", trigger + (quarter == null ? "" : " " + quarter) + " campaign: " + all.size()
                        + " assignments to review (" + byOfficers + " by security officers, " + (all.size() - byOfficers)
                        + " by tenant administrators), deadline " + deadline, null));
        return campaign(id, null).orElseThrow();
    }

    /**
     * Who reviews an assignment: security officers for the platform's; for a tenant's, its administrators when
     * another active one exists (nobody reviews their own), else security officers.
     */
    private static String reviewerOf(RoleAssignments.Assignment a, Map<TenantId, Set<String>> administrators) {
        if (a.tenant() == null) {
            return BY_SECURITY_OFFICERS;
        }
        boolean another = administrators.getOrDefault(a.tenant(), Set.of()).stream()
                .anyMatch(admin -> !admin.equals(a.account()));
        return another ? BY_TENANT_ADMINS : BY_SECURITY_OFFICERS;
    }

    // ---------------------------------------------------------------- reading

    @Override
    public List<Campaign> list(TenantId tenant) {
        List<String> ids = tenant == null
                ? jdbc.sql("SELECT id FROM access_review_campaigns ORDER BY opened_at DESC, id").query(String.class).list()
                : jdbc.sql("SELECT c.id FROM access_review_campaigns c WHERE EXISTS (SELECT 1 FROM access_review_items i"
                        + " WHERE i.campaign_id = c.id AND i.tenant_id = ?) ORDER BY c.opened_at DESC, c.id")
                        .param(tenant.value()).query(String.class).list();
        return ids.stream().map(id -> campaign(id, tenant).orElseThrow()).toList();
    }

    @Override
    public Optional<Campaign> find(String id, TenantId tenant) {
        return id == null ? Optional.empty() : campaign(id, tenant);
    }

    @Override
    public List<Item> items(String campaignId, TenantId tenant, String decision) {
        if (decision != null && !FILTERS.contains(decision)) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "decision", "decision must be one of undecided,"
                    + " certified, revoked, auto-revoked, gone, kept.", "decision deve essere undecided, certified,"
                    + " revoked, auto-revoked, gone o kept.");
        }
        existing(campaignId, tenant);
        StringBuilder sql = new StringBuilder("SELECT " + ITEM_COLUMNS + " FROM access_review_items i"
                + " WHERE i.campaign_id = ?");
        List<Object> params = new ArrayList<>(List.of(campaignId));
        if (tenant != null) {
            sql.append(" AND i.tenant_id = ?");
            params.add(tenant.value());
        }
        if (UNDECIDED.equals(decision)) {
            sql.append(" AND i.decision IS NULL");
        } else if (decision != null) {
            sql.append(" AND i.decision = ?");
            params.add(decision);
        }
        sql.append(" ORDER BY i.tenant_id, i.account_id, i.role");
        return jdbc.sql(sql.toString()).params(params).query(this::item).list();
    }

    @Override
    public Report report(String campaignId, TenantId tenant) {
        Campaign campaign = existing(campaignId, tenant);
        return new Report(campaign, campaign.counts().completion(), items(campaignId, tenant, null));
    }

    private Campaign existing(String id, TenantId tenant) {
        return find(id, tenant).orElseThrow(() -> BilingualProblem.of(ProblemType.NOT_FOUND, "No access review "
                + id + ".", "Nessuna revisione degli accessi " + id + "."));
    }

    private Optional<Campaign> campaign(String id, TenantId tenant) {
        return jdbc.sql("SELECT id, trigger_kind, quarter, opened_at, opened_by, deadline, state, closed_at"
                + " FROM access_review_campaigns WHERE id = ?").param(id)
                .query((rs, n) -> new Campaign(rs.getString("id"), rs.getString("trigger_kind"),
                        rs.getString("quarter"), instants.read(rs, "opened_at"), rs.getString("opened_by"),
                        instants.read(rs, "deadline"), rs.getString("state"), instants.read(rs, "closed_at"), null))
                .optional().map(c -> new Campaign(c.id(), c.trigger(), c.quarter(), c.openedAt(), c.openedBy(),
                        c.deadline(), c.state(), c.closedAt(), counts(c.id(), tenant)));
    }

    private Counts counts(String campaignId, TenantId tenant) {
        Map<String, Integer> by = new HashMap<>();
        String sql = "SELECT COALESCE(decision, '') AS decision, count(*) AS n FROM access_review_items"
                + " WHERE campaign_id = ?" + (tenant == null ? "" : " AND tenant_id = ?")
                + " GROUP BY COALESCE(decision, '')";
        List<Object> params = tenant == null ? List.of(campaignId) : List.of(campaignId, tenant.value());
        jdbc.sql(sql).params(params).query(rs -> {
            by.put(rs.getString("decision"), rs.getInt("n"));
        });
        int total = by.values().stream().mapToInt(Integer::intValue).sum();
        return new Counts(total, by.getOrDefault("", 0), by.getOrDefault(CERTIFIED, 0), by.getOrDefault(REVOKED, 0),
                by.getOrDefault(AUTO_REVOKED, 0), by.getOrDefault(GONE, 0), by.getOrDefault(KEPT, 0));
    }

    private Item item(ResultSet rs, int n) throws SQLException {
        String tenant = rs.getString("tenant_id");
        return new Item(rs.getString("id"), rs.getString("campaign_id"), rs.getString("account_id"),
                rs.getString("role"), tenant.isEmpty() ? null : tenant, rs.getString("reviewer"),
                rs.getString("decision"), instants.read(rs, "decided_at"), rs.getString("decided_by"),
                rs.getString("note"));
    }

    // ---------------------------------------------------------------- deciding

    /** An item with its campaign's state and deadline. */
    private record Loaded(Item item, String campaignState, Instant deadline) {
    }

    /** The decided item, or the refusal to raise once its ledger event is committed. */
    private record Decided(Item item, ProblemException refusal) {
    }

    @Override
    public Item decide(Caller actor, String campaignId, String itemId, TenantId tenant, String decision,
            String note) {
        boolean certify = "certify".equals(decision);
        if (!certify && !"revoke".equals(decision)) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "decision", "decision must be certify or revoke.",
                    "decision deve essere certify o revoke.");
        }
        String text = note == null || note.isBlank() ? null : note.strip();
        if (text != null && !NOTE.matcher(text).matches()) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "note", "note is optional: at most 500 printable"
                    + " characters on one line.", "note è facoltativa: al massimo 500 caratteri stampabili su una"
                    + " riga.");
        }
        String action = certify ? "access-review.item-certified" : "access-review.item-revoked";
        Decided decided = tx.execute(status -> {
            Instant now = clock.instant();
            Loaded loaded = load(campaignId, itemId, tenant);
            Item item = loaded.item();
            if (!"open".equals(loaded.campaignState()) || !now.isBefore(loaded.deadline())) {
                throw BilingualProblem.of(ProblemType.CONFLICT, "Access review " + campaignId + " is closed or past its"
                        + " deadline: its undecided items are revoked.", "La revisione degli accessi " + campaignId
                        + " è chiusa o scaduta: le voci non decise sono revocate.", Map.of("state",
                                loaded.campaignState()));
            }
            if (item.decision() != null) {
                throw decidedAlready(item);
            }
            String reviewer = person(actor);
            if (reviewer == null) {
                throw BilingualProblem.of(ProblemType.FORBIDDEN, "A review is decided by a person: use a key of"
                        + " one's own account, or a session.", "Una revisione è decisa da una persona: usare una"
                        + " chiave del proprio account, o una sessione.", Map.of("rule", "reviewer"));
            }
            TenantId log = item.tenant() == null ? null : new TenantId(item.tenant());
            String subject = "item " + item.id() + " of campaign " + campaignId + " (role " + item.role()
                    + where(item) + ")";
            if (reviewer.equals(item.account())) {
                ledger.record(event(now, log, actor, action, item, "denied", subject
                        + " refused: nobody reviews their own assignment (segregation of duties)"));
                return new Decided(null, BilingualProblem.of(SELF_REVIEW, "Nobody reviews their own access: another"
                        + " reviewer decides on " + item.id() + ".", "Nessuno rivede i propri accessi: su " + item.id()
                        + " decide un altro revisore.", Map.of("rule", "segregation-of-duties", "item", item.id())));
            }
            String audience = tenant == null ? BY_SECURITY_OFFICERS : BY_TENANT_ADMINS;
            if (!audience.equals(item.reviewer())) {
                ledger.record(event(now, log, actor, action, item, "denied", subject + " refused: reviewed by "
                        + item.reviewer() + ", not " + audience));
                return new Decided(null, BilingualProblem.of(ProblemType.FORBIDDEN, BY_SECURITY_OFFICERS.equals(
                        item.reviewer()) ? "Item " + item.id() + " is reviewed by the platform's security officers."
                        : "Item " + item.id() + " is reviewed by its tenant's administrators.",
                        BY_SECURITY_OFFICERS.equals(item.reviewer()) ? "La voce " + item.id() + " è rivista dai"
                                + " responsabili della sicurezza della piattaforma." : "La voce " + item.id()
                                + " è rivista dagli amministratori del suo tenant.",
                        Map.of("rule", "reviewer", "reviewer", item.reviewer())));
            }
            if (!stillHeld(item)) {
                if (mark(item.id(), GONE, now, SYSTEM_ID, null)) {
                    ledger.record(event(now, log, SYSTEM, "access-review.item-gone", item, "success", subject
                            + ": the assignment no longer exists"));
                }
                return new Decided(null, BilingualProblem.of(ProblemType.CONFLICT, "The assignment of item " + item.id()
                        + " no longer exists: it is recorded as gone.", "L'assegnazione della voce " + item.id()
                        + " non esiste più: è registrata come non più presente.", Map.of("decision", GONE)));
            }
            if (!mark(item.id(), certify ? CERTIFIED : REVOKED, now, reviewer, text)) {
                throw decidedAlready(item);
            }
            if (!certify) {
                accounts.revokeRole(actor, item.account(), item.role(), log);
            }
            ledger.record(event(now, log, actor, action, item, "success", subject + (certify ? " certified"
                    : " revoked")));
            return new Decided(load(campaignId, itemId, tenant).item(), null);
        });
        if (decided.refusal() != null) {
            throw decided.refusal();
        }
        return decided.item();
    }

    private static ProblemException decidedAlready(Item item) {
        return BilingualProblem.of(ProblemType.CONFLICT, "Item " + item.id() + " is already decided.", "La voce "
                + item.id() + " è già decisa.", Map.of("decision", item.decision() == null ? "" : item.decision()));
    }

    /** The item in the view; not-found when the campaign or the item does not exist there. */
    private Loaded load(String campaignId, String itemId, TenantId tenant) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + ", c.state, c.deadline FROM access_review_items i"
                + " JOIN access_review_campaigns c ON c.id = i.campaign_id WHERE i.id = ? AND i.campaign_id = ?"
                + (tenant == null ? "" : " AND i.tenant_id = ?"))
                .params(tenant == null ? List.of(itemId, campaignId) : List.of(itemId, campaignId, tenant.value()))
                .query((rs, n) -> new Loaded(item(rs, n), rs.getString("state"), instants.read(rs, "deadline")))
                .optional().orElseThrow(() -> {
                    existing(campaignId, tenant);
                    return BilingualProblem.of(ProblemType.NOT_FOUND, "Access review " + campaignId + " has no item "
                            + itemId + ".", "La revisione degli accessi " + campaignId + " non ha la voce " + itemId
                            + ".");
                });
    }

    /** Decides an undecided item; false when it was decided meanwhile. */
    private boolean mark(String itemId, String decision, Instant now, String by, String note) {
        return jdbc.sql("UPDATE access_review_items SET decision = ?, decided_at = ?, decided_by = ?, note = ?"
                + " WHERE id = ? AND decision IS NULL").params(decision, instants.bind(now), by, note, itemId)
                .update() == 1;
    }

    /** True for the platform-admin role of the only active account that holds it. */
    private boolean lastPlatformAdministrator(Item item) {
        return Roles.PLATFORM_ADMIN.equals(item.role()) && item.tenant() == null
                && assignments.all().stream().filter(a -> Roles.PLATFORM_ADMIN.equals(a.role()) && a.tenant() == null)
                        .filter(a -> a.accountState() == AccountState.ACTIVE)
                        .noneMatch(a -> !a.account().equals(item.account()));
    }

    private boolean stillHeld(Item item) {
        TenantId tenant = item.tenant() == null ? null : new TenantId(item.tenant());
        return accounts.find(item.account()).filter(a -> a.state() != AccountState.DEPROVISIONED)
                .map(a -> a.roles().contains(new Account.RoleAssignment(item.role(), tenant))).orElse(false);
    }

    // ---------------------------------------------------------------- deadline

    @Override
    public DeadlineRun enforceDeadlines() {
        return enforceDeadlines(Integer.MAX_VALUE);
    }

    /** Like {@link #enforceDeadlines()}, stopping after {@code budget} items (as a crash would). */
    DeadlineRun enforceDeadlines(int budget) {
        Instant now = clock.instant();
        List<String> due = jdbc.sql("SELECT id FROM access_review_campaigns WHERE state = 'open' AND deadline <= ?"
                + " ORDER BY deadline, id").param(instants.bind(now)).query(String.class).list();
        int autoRevoked = 0;
        int gone = 0;
        int kept = 0;
        int closed = 0;
        int left = budget;
        for (String campaignId : due) {
            List<Item> undecided = items(campaignId, null, UNDECIDED);
            for (Item item : undecided) {
                if (left-- <= 0) {
                    return new DeadlineRun(autoRevoked, gone, kept, closed);
                }
                String outcome = tx.execute(status -> expire(campaignId, item));
                if (AUTO_REVOKED.equals(outcome)) {
                    autoRevoked++;
                } else if (GONE.equals(outcome)) {
                    gone++;
                } else if (KEPT.equals(outcome)) {
                    kept++;
                }
            }
            if (Boolean.TRUE.equals(tx.execute(status -> close(campaignId)))) {
                closed++;
            }
        }
        if (autoRevoked + gone + kept + closed > 0) {
            LOG.info("access reviews past their deadline: {} assignments revoked, {} gone, {} kept (the last platform"
                    + " administrator), {} campaigns closed", autoRevoked, gone, kept, closed);
        }
        return new DeadlineRun(autoRevoked, gone, kept, closed);
    }

    /** Revokes one undecided item, in the current transaction; its decision, or null if decided meanwhile. */
    private String expire(String campaignId, Item item) {
        Instant now = clock.instant();
        boolean held = stillHeld(item);
        boolean kept = held && lastPlatformAdministrator(item);
        String decision = kept ? KEPT : held ? AUTO_REVOKED : GONE;
        if (!mark(item.id(), decision, now, SYSTEM_ID, null)) {
            return null;
        }
        TenantId tenant = item.tenant() == null ? null : new TenantId(item.tenant());
        String subject = "item " + item.id() + " of campaign " + campaignId + " (role " + item.role() + where(item)
                + ")";
        if (kept) {
            ledger.record(event(now, tenant, SYSTEM, "access-review.item-kept", item, "denied", subject
                    + " not certified by the deadline of campaign " + campaignId + ", yet kept: the last active"
                    + " platform administrator is never revoked automatically; appoint another and review it"));
        } else if (held) {
            accounts.revokeRole(SYSTEM, item.account(), item.role(), tenant);
            ledger.record(event(now, tenant, SYSTEM, "access-review.item-auto-revoked", item, "success", subject
                    + " revoked: not certified by the deadline of campaign " + campaignId));
        } else {
            ledger.record(event(now, tenant, SYSTEM, "access-review.item-gone", item, "success", subject
                    + ": the assignment no longer exists"));
        }
        return decision;
    }

    /** Closes a campaign whose items are all decided, in the current transaction; false otherwise. */
    private boolean close(String campaignId) {
        Instant now = clock.instant();
        int updated = jdbc.sql("UPDATE access_review_campaigns SET state = 'closed', closed_at = ? WHERE id = ?"
                + " AND state = 'open' AND NOT EXISTS (SELECT 1 FROM access_review_items WHERE campaign_id = ?"
                + " AND decision IS NULL)").params(instants.bind(now), campaignId, campaignId).update();
        if (updated == 0) {
            return false;
        }
        Counts counts = counts(campaignId, null);
        ledger.record(new LedgerEvent(now, null, actor(SYSTEM), "access-review.closed", "access-review/" + campaignId,
                "success", "deadline passed: " + counts.total() + " assignments, " + counts.certified()
                        + " certified, " + counts.revoked() + " revoked, " + counts.autoRevoked() + " auto-revoked, "
                        + counts.gone() + " gone", null));
        return true;
    }

    // ---------------------------------------------------------------- helpers

    private static String where(Item item) {
        return (item.tenant() == null ? " on the platform" : " on tenant " + item.tenant()) + " of account "
                + item.account();
    }

    private static LedgerEvent event(Instant now, TenantId log, Caller actor, String action, Item item,
            String outcome, String reason) {
        return new LedgerEvent(now, log, actor(actor), action, "account/" + item.account(), outcome, reason, null);
    }

    private static LedgerEvent.Actor actor(Caller caller) {
        if (SYSTEM_ID.equals(caller.id()) && caller.owner() == null) {
            return LedgerEvent.Actor.SYSTEM;
        }
        return caller.ledgerActor();
    }

    /** The person behind a caller: its account (a key's owner), {@code system}, or null for an ownerless key. */
    private static String person(Caller caller) {
        if (caller.owner() != null) {
            return caller.owner();
        }
        return SYSTEM_ID.equals(caller.id()) || caller.id().startsWith("acc-") ? caller.id() : null;
    }

    private static String randomId() {
        StringBuilder sb = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            sb.append(BASE32[RANDOM.nextInt(32)]);
        }
        return sb.toString();
    }

    /** A calendar quarter in UTC: its label ({@code 2026-Q4}) and its bounds. */
    record Quarter(String label, Instant start, Instant end) {

        static Quarter of(Instant now) {
            LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
            int index = (day.getMonthValue() - 1) / 3;
            LocalDate first = LocalDate.of(day.getYear(), index * 3 + 1, 1);
            return new Quarter(String.format(Locale.ROOT, "%d-Q%d", day.getYear(), index + 1),
                    first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    first.plusMonths(3).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
    }

}
