package eu.custodia.server.elevation.internal;

import eu.custodia.server.access.AccessGrants;
import eu.custodia.server.access.Agreements;
import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.RoleConflicts;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.RequestIds;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.Tenant;
import eu.custodia.server.tenancy.Tenants;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Just-in-time access requests on tables {@code elevation_requests} and {@code elevation_request_history}:
 * the state machine (pending-staff → pending-customer → approved → active → concluded, revoked or expired;
 * denied at either gate; expired when unanswered), its checks, and its ledger events in the tenant's log
 * (ids, ticket and reason code only, never the free text). The in-memory {@link GrantIndex} is updated after
 * each commit that activates or ends a grant. Authorization goes through the decision point first
 * ({@code elevation:request}, {@code elevation:approve}, {@code elevation:read}, each sensitive one with a
 * fresh second factor); the rules that hold whoever calls (nobody approves their own request, the gates in
 * order, an administrator only of the tenant concerned) are enforced here.
 */
@Service
final class Elevations {

    /** Why staff ask for access, a closed list. */
    static final List<String> REASON_CODES = List.of("troubleshooting", "customer-requested-support",
            "incident-response", "legal-obligation");
    /** Why a grant is revoked, a closed list. */
    static final List<String> REVOCATION_REASONS = List.of("no-longer-needed", "suspected-misuse",
            "customer-withdrawn", "ticket-closed", "other");

    static final String PENDING_STAFF = "pending-staff";
    static final String PENDING_CUSTOMER = "pending-customer";
    static final String APPROVED = "approved";
    static final String ACTIVE = "active";
    static final String CONCLUDED = "concluded";
    static final String REVOKED = "revoked";
    static final String EXPIRED = "expired";
    static final String DENIED = "denied";
    private static final Set<String> OPEN = Set.of(PENDING_STAFF, PENDING_CUSTOMER, APPROVED);
    /** The only reason code under which break-glass access is asked. */
    static final String INCIDENT_RESPONSE = "incident-response";
    /** The outcomes of a break-glass grant's post-hoc review. */
    static final List<String> REVIEW_OUTCOMES = List.of("justified", "unjustified");
    /** The tenant's policy forbids emergency break-glass access. */
    static final ProblemType BREAK_GLASS_FORBIDDEN = new ProblemType("break-glass-forbidden", HttpStatus.FORBIDDEN,
            "The tenant's policy forbids emergency break-glass access");

    private static final Pattern COLLECTION = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern TICKET_SYSTEM = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_TEXT = 500;
    private static final int MAX_TICKET = 64;
    private static final int MAX_COLLECTIONS = 20;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SqlInstants instants;
    private final Ledger ledger;
    private final Clock clock;
    private final DecisionPoint decisions;
    private final Agreements agreements;
    private final Tenants tenants;
    private final RoleConflicts conflicts;
    private final ElevationProperties properties;
    private final GrantIndex index;
    private final GrantRevocations revocations;
    private final TenantAccessPolicies policies;
    private final StaffAffiliations affiliations;
    private final Map<String, Pattern> ticketPatterns;

    Elevations(JdbcClient jdbc, TransactionTemplate tx, SqlInstants instants, Ledger ledger, Clock clock,
            DecisionPoint decisions, Agreements agreements, Tenants tenants, RoleConflicts conflicts,
            ElevationProperties properties, GrantIndex index, GrantRevocations revocations,
            TenantAccessPolicies policies, StaffAffiliations affiliations) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.instants = instants;
        this.ledger = ledger;
        this.clock = clock;
        this.decisions = decisions;
        this.agreements = agreements;
        this.tenants = tenants;
        this.conflicts = conflicts;
        this.properties = properties;
        this.index = index;
        this.revocations = revocations;
        this.policies = policies;
        this.affiliations = affiliations;
        this.ticketPatterns = properties.ticketSystems().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Pattern.compile(e.getValue().pattern())));
    }

    /** What a support engineer asks for. */
    record NewRequest(String tenant, String ticketSystem, String ticket, String reasonCode, String reasonText,
            String access, List<String> collections, String duration) {
    }

    /** A gate's answer: approve (optionally narrowing access, collections or duration) or deny. */
    record Answer(String decision, String reason, String access, List<String> collections, String duration) {
    }

    // ---------------------------------------------------------------- request

    /** A request's fields, checked. */
    private record Checked(TenantId tenant, Tenant found, TenantAccessPolicies.AccessPolicy policy, String system,
            String ticket, String reasonCode, String access, List<String> collections) {
    }

    ElevationRequest request(Caller caller, NewRequest body) {
        Checked c = check(caller, body);
        TenantId tenant = c.tenant();
        String system = c.system();
        String ticket = c.ticket();
        String reasonCode = c.reasonCode();
        String access = c.access();
        List<String> collections = c.collections();
        Duration duration = duration(body.duration(), null, c.policy().maxDuration());
        boolean customerGate = c.policy().customerApprovalRequired(access);
        String id = newId();
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            jdbc.sql("INSERT INTO elevation_requests (id, tenant_id, requester, ticket_system, ticket, reason_code,"
                    + " reason_text, access, collections, duration_seconds, customer_gate, state, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(id, tenant.value(), caller.principal(), system, ticket, reasonCode, body.reasonText(),
                            access, String.join(",", collections), duration.toSeconds(),
                            customerGate ? "required" : "not-required", PENDING_STAFF, instants.bind(now))
                    .update();
            history(id, "requested", null, PENDING_STAFF, caller.principal(), now, null);
            ledger(caller, tenant, "elevation.requested", id, "success", "ticket " + system + "/" + ticket
                    + ", reason " + reasonCode + ", access " + access + ", duration " + duration
                    + (collections.isEmpty() ? "" : ", collections " + String.join(",", collections))
                    + (customerGate ? ", customer approval required" : ""));
        });
        return find(id).orElseThrow();
    }

    /** The checks common to every request: the caller, the tenant, the ticket, the reason and the scope. */
    private Checked check(Caller caller, NewRequest body) {
        if (body == null) {
            throw invalid("tenant", "A request body is required.", "Serve il corpo della richiesta.");
        }
        TenantId tenant = TenantId.parseOrInvalid(body.tenant(), "tenant");
        decisions.require(caller, Permission.ELEVATION_REQUEST, tenant);
        if (caller.tenant() != null || !caller.hasRole(Roles.SUPPORT_ENGINEER)) {
            throw BilingualProblem.of(ProblemType.FORBIDDEN, "Only the provider's support engineers ask for access.",
                    "Solo i tecnici di supporto del fornitore chiedono un accesso.");
        }
        if (!agreements.covered(caller.principal())) {
            throw BilingualProblem.of(ProblemType.AGREEMENT_REQUIRED, "Account " + caller.principal() + " has no valid"
                    + " confidentiality agreement.", "L'account " + caller.principal() + " non ha un accordo di"
                    + " riservatezza valido.");
        }
        Tenant found = tenants.find(tenant).orElseThrow(() -> BilingualProblem.of(ProblemType.NOT_FOUND, "No tenant "
                + tenant + ".", "Nessun tenant " + tenant + "."));
        affiliations.requireNamedBy(found, caller.principal());
        String system = body.ticketSystem() == null || body.ticketSystem().isBlank()
                ? ElevationProperties.DEFAULT_TICKET_SYSTEM : body.ticketSystem();
        Pattern ticketPattern = TICKET_SYSTEM.matcher(system).matches() ? ticketPatterns.get(system) : null;
        if (ticketPattern == null) {
            throw invalid("ticketSystem", "ticketSystem must be one of " + ticketPatterns.keySet().stream().sorted()
                    .toList() + ".", "ticketSystem deve essere uno tra " + ticketPatterns.keySet().stream().sorted()
                    .toList() + ".");
        }
        String ticket = body.ticket();
        if (ticket == null || ticket.length() > MAX_TICKET || !ticketPattern.matcher(ticket).matches()
                || !ticket.chars().allMatch(c -> c > 32 && c < 127)) {
            throw invalid("ticket", "ticket must be a reference of ticket system " + system + " (" + ticketPattern
                    .pattern() + ").", "ticket deve essere un riferimento del sistema " + system + " ("
                    + ticketPattern.pattern() + ").");
        }
        String reasonCode = reasonCode(body.reasonCode());
        if (body.reasonText() != null && body.reasonText().length() > MAX_TEXT) {
            throw invalid("reasonText", "reasonText is at most 500 characters.",
                    "reasonText è lungo al massimo 500 caratteri.");
        }
        String access = access(body.access(), null);
        List<String> collections = collections(body.collections(), null);
        return new Checked(tenant, found, policies.inForce(found), system, ticket, reasonCode, access, collections);
    }

    // ---------------------------------------------------------------- approvals

    ElevationRequest answer(Caller caller, String id, Answer answer) {
        ElevationRequest request = settled(id);
        TenantId tenant = new TenantId(request.tenant());
        decisions.require(caller, Permission.ELEVATION_APPROVE, tenant);
        if (caller.principal().equals(request.requester())) {
            throw BilingualProblem.of(ProblemType.SELF_APPROVAL, "Nobody approves or denies their own access request.",
                    "Nessuno approva o respinge la propria richiesta di accesso.", Map.of("request", id));
        }
        String decision = answer == null ? null : answer.decision();
        if (!"approve".equals(decision) && !"deny".equals(decision)) {
            throw invalid("decision", "decision must be approve or deny.", "decision deve essere approve oppure deny.");
        }
        if (PENDING_STAFF.equals(request.state())) {
            if (caller.tenant() != null || !caller.hasRole(Roles.SECURITY_OFFICER)) {
                throw state(request, "it waits for the provider's security officers");
            }
            if ("approve".equals(decision) && properties.staffApprovals() == 0) {
                throw BilingualProblem.of(ProblemType.ELEVATION_APPROVALS_DISABLED, "No staff approvals are configured"
                        + " (custodia.elevation.staff-approvals=0): no access request can be approved.",
                        "Nessuna approvazione del personale è configurata (custodia.elevation.staff-approvals=0):"
                                + " nessuna richiesta di accesso può essere approvata.");
            }
            if (request.history().stream().anyMatch(h -> "staff-approved".equals(h.event())
                    && h.actor().equals(caller.principal()))) {
                throw BilingualProblem.of(ProblemType.CONFLICT, "Account " + caller.principal() + " already approved"
                        + " request " + id + ".", "L'account " + caller.principal() + " ha già approvato la richiesta "
                        + id + ".");
            }
            return "deny".equals(decision) ? deny(caller, request, answer.reason(), "staff")
                    : staffApprove(caller, request, answer);
        }
        if (PENDING_CUSTOMER.equals(request.state())) {
            if (!tenant.equals(caller.tenant()) || !caller.hasRole(Roles.TENANT_ADMIN)) {
                throw state(request, "it waits for an administrator of tenant " + tenant);
            }
            return "deny".equals(decision) ? deny(caller, request, answer.reason(), "customer")
                    : customerApprove(caller, request, answer);
        }
        throw state(request, "it is no longer waiting for an approval");
    }

    private ElevationRequest staffApprove(Caller caller, ElevationRequest request, Answer answer) {
        String access = access(answer.access(), request.access());
        List<String> collections = collections(answer.collections(), request.collections());
        Duration duration = duration(answer.duration(), request.duration(), request.duration());
        long approvals = request.history().stream().filter(h -> "staff-approved".equals(h.event())).count() + 1;
        boolean enough = approvals >= properties.staffApprovals();
        String next = !enough ? PENDING_STAFF : request.customerApprovalRequired() ? PENDING_CUSTOMER : APPROVED;
        Instant now = clock.instant();
        String scope = "access " + access + ", duration " + duration
                + (collections.isEmpty() ? "" : ", collections " + String.join(",", collections));
        tx.executeWithoutResult(s -> {
            requireState(request.id(), PENDING_STAFF);
            narrow(request.id(), access, collections, duration);
            jdbc.sql("UPDATE elevation_requests SET state = ? WHERE id = ?").params(next, request.id()).update();
            history(request.id(), "staff-approved", PENDING_STAFF, next, caller.principal(), now, scope);
            ledger(caller, new TenantId(request.tenant()), "elevation.staff-approved", request.id(), "success",
                    "ticket " + request.ticketSystem() + "/" + request.ticket() + ", reason " + request.reasonCode()
                            + ", " + scope + ", staff approval " + approvals + " of " + properties.staffApprovals());
        });
        return find(request.id()).orElseThrow();
    }

    private ElevationRequest customerApprove(Caller caller, ElevationRequest request, Answer answer) {
        String access = access(answer.access(), request.access());
        List<String> collections = collections(answer.collections(), request.collections());
        Duration duration = duration(answer.duration(), request.duration(), request.duration());
        Instant now = clock.instant();
        String scope = "access " + access + ", duration " + duration
                + (collections.isEmpty() ? "" : ", collections " + String.join(",", collections));
        tx.executeWithoutResult(s -> {
            requireState(request.id(), PENDING_CUSTOMER);
            narrow(request.id(), access, collections, duration);
            jdbc.sql("UPDATE elevation_requests SET state = ? WHERE id = ?").params(APPROVED, request.id()).update();
            history(request.id(), "customer-approved", PENDING_CUSTOMER, APPROVED, caller.principal(), now, scope);
            ledger(caller, new TenantId(request.tenant()), "elevation.customer-approved", request.id(), "success",
                    "ticket " + request.ticketSystem() + "/" + request.ticket() + ", reason " + request.reasonCode()
                            + ", " + scope);
        });
        return find(request.id()).orElseThrow();
    }

    private ElevationRequest deny(Caller caller, ElevationRequest request, String reason, String gate) {
        if (reason != null && reason.length() > MAX_TEXT) {
            throw invalid("reason", "reason is at most 500 characters.", "reason è lungo al massimo 500 caratteri.");
        }
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            requireState(request.id(), request.state());
            end(request, DENIED, now);
            history(request.id(), "denied", request.state(), DENIED, caller.principal(), now, reason);
            ledger(caller, new TenantId(request.tenant()), "elevation.denied", request.id(), "success", "ticket "
                    + request.ticketSystem() + "/" + request.ticket() + ", reason " + request.reasonCode()
                    + ", denied at the " + gate + " gate");
        });
        return find(request.id()).orElseThrow();
    }

    // ---------------------------------------------------------------- activation and end

    ElevationRequest activate(Caller caller, String id) {
        ElevationRequest request = settled(id);
        TenantId tenant = new TenantId(request.tenant());
        decisions.require(caller, Permission.ELEVATION_REQUEST, tenant);
        if (!caller.principal().equals(request.requester())) {
            throw BilingualProblem.of(ProblemType.FORBIDDEN, "Only the requester activates an access request.",
                    "Solo chi l'ha chiesta attiva una richiesta di accesso.");
        }
        if (!APPROVED.equals(request.state())) {
            throw state(request, "only an approved request is activated");
        }
        if (!agreements.covered(caller.principal())) {
            throw BilingualProblem.of(ProblemType.AGREEMENT_REQUIRED, "Account " + caller.principal() + " has no valid"
                    + " confidentiality agreement.", "L'account " + caller.principal() + " non ha un accordo di"
                    + " riservatezza valido.");
        }
        requireNoConflict(caller);
        if (request.history().stream().anyMatch(h -> h.event().endsWith("-approved")
                && h.actor().equals(caller.principal()))) {
            throw BilingualProblem.of(ProblemType.SELF_APPROVAL, "The requester approved this request.",
                    "Chi ha chiesto l'accesso lo ha anche approvato.");
        }
        Instant now = clock.instant();
        Instant expires = now.plus(request.duration());
        tx.executeWithoutResult(s -> {
            requireState(id, APPROVED);
            jdbc.sql("UPDATE elevation_requests SET state = ?, activated_at = ?, expires_at = ? WHERE id = ?")
                    .params(ACTIVE, instants.bind(now), instants.bind(expires), id).update();
            history(id, "activated", APPROVED, ACTIVE, caller.principal(), now, "until " + expires);
            revocations.changed();
            ledger(caller, tenant, "elevation.activated", id, "success", "ticket " + request.ticketSystem() + "/"
                    + request.ticket() + ", reason " + request.reasonCode() + ", access " + request.access()
                    + ", until " + expires);
        });
        return indexed(id);
    }

    /** The request after its activation committed, its grant put in the index while the store says active. */
    private ElevationRequest indexed(String id) {
        ElevationRequest active = find(id).orElseThrow();
        TenantId tenant = new TenantId(active.tenant());
        if (ACTIVE.equals(active.state())) {
            index.put(GrantIndex.grant(id, active.requester(), tenant, active.access(), active.collections(),
                    active.ticketSystem() + "/" + active.ticket(), active.reasonCode(),
                    affiliations.of(active.requester()), active.expiresAt()));
            // A conclusion or revocation that committed between our commit and the put above removed nothing:
            // read the state again, so the index never keeps a grant the store has ended.
            String stateAfter = jdbc.sql("SELECT state FROM elevation_requests WHERE id = ?").param(id).query(String.class)
                    .single();
            if (!ACTIVE.equals(stateAfter)) {
                index.remove(id, active.requester(), tenant);
            }
        }
        return active;
    }

    /** Refuses a caller whose other roles may not be held together with the support role. */
    private void requireNoConflict(Caller caller) {
        Set<String> others = new HashSet<>(caller.roles());
        others.remove(Roles.SUPPORT_ENGINEER);
        Optional<RoleConflicts.Conflict> conflict = conflicts.conflict(others, Roles.SUPPORT_ENGINEER);
        if (conflict.isPresent() && conflict.get().response() == RoleConflicts.Response.REFUSE) {
            throw BilingualProblem.of(ProblemType.SOD_CONFLICT, "Segregation of duties: " + conflict.get().pair()
                    + " may not be held together, so the access is not activated.", "Separazione dei compiti: "
                    + conflict.get().pair() + " non possono essere tenuti insieme, quindi l'accesso non è attivato.");
        }
    }

    // ---------------------------------------------------------------- break-glass

    /**
     * Emergency break-glass access: where the tenant's policy allows it ({@code custodia.elevation.break-glass.
     * <profile>}), a support engineer's request under reason code {@code incident-response} skips both approval
     * gates and is active at once, for at most {@code break-glass.max-duration}, marked emergency, its post-hoc
     * review due within {@code break-glass.review-within}. The customer is told at once in the tenant's log
     * ({@code elevation.break-glass-activated}). Where the policy forbids it: 403 {@code break-glass-forbidden},
     * the attempt ledgered ({@code elevation.break-glass-refused}, denied) and nothing granted.
     */
    ElevationRequest breakGlass(Caller caller, NewRequest body) {
        Checked c = check(caller, body);
        TenantId tenant = c.tenant();
        if (!INCIDENT_RESPONSE.equals(c.reasonCode())) {
            throw invalid("reasonCode", "Break-glass access needs reasonCode " + INCIDENT_RESPONSE + ".",
                    "Un accesso di emergenza richiede reasonCode " + INCIDENT_RESPONSE + ".");
        }
        Duration cap = min(properties.breakGlassMaxDuration(), c.policy().maxDuration());
        Duration duration = duration(body.duration(), cap, cap);
        String ticketRef = c.system() + "/" + c.ticket();
        if (!c.policy().breakGlassAllowed()) {
            tx.executeWithoutResult(s -> ledger.record(new LedgerEvent(clock.instant(), tenant, caller.ledgerActor(),
                    "elevation.break-glass-refused", "tenant/" + tenant.value(), "denied", "ticket " + ticketRef
                            + ", reason " + c.reasonCode() + ", break-glass forbidden by the tenant's policy ("
                            + c.policy().source() + ")",
                    RequestIds.current())));
            throw BilingualProblem.of(BREAK_GLASS_FORBIDDEN, "The policy of tenant " + tenant + " (" + c.policy()
                    .source() + ") forbids break-glass access: ask for access through the approvals.", "La politica del"
                    + " tenant " + tenant + " (" + c.policy().source() + ") vieta l'accesso di emergenza: chiedere"
                    + " l'accesso con le approvazioni.", Map.of("tenant", tenant.value()));
        }
        requireNoConflict(caller);
        boolean customerGate = c.policy().customerApprovalRequired(c.access());
        String id = newId();
        Instant now = clock.instant();
        Instant expires = now.plus(duration);
        Instant reviewDue = now.plus(properties.breakGlassReviewWithin());
        tx.executeWithoutResult(s -> {
            jdbc.sql("INSERT INTO elevation_requests (id, tenant_id, requester, ticket_system, ticket, reason_code,"
                    + " reason_text, access, collections, duration_seconds, customer_gate, state, created_at,"
                    + " activated_at, expires_at, emergency, review_due_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(id, tenant.value(), caller.principal(), c.system(), c.ticket(), c.reasonCode(),
                            body.reasonText(), c.access(), String.join(",", c.collections()), duration.toSeconds(),
                            customerGate ? "required" : "not-required", ACTIVE, instants.bind(now),
                            instants.bind(now), instants.bind(expires), true, instants.bind(reviewDue))
                    .update();
            history(id, "break-glass-activated", null, ACTIVE, caller.principal(), now, "emergency, approval gates"
                    + " skipped, until " + expires + ", review due by " + reviewDue);
            revocations.changed();
            ledger(caller, tenant, "elevation.break-glass-activated", id, "success", "ticket " + ticketRef
                    + ", reason " + c.reasonCode() + ", access " + c.access() + ", until " + expires
                    + (c.collections().isEmpty() ? "" : ", collections " + String.join(",", c.collections()))
                    + ", review due by " + reviewDue);
        });
        return indexed(id);
    }

    /**
     * The post-hoc review of a break-glass grant by a security officer who is not its requester: {@code justified}
     * or {@code unjustified}, with a short note kept with the request and never ledgered; once per grant, whether
     * still active or ended, overdue or not.
     */
    ElevationRequest review(Caller caller, String id, String outcome, String note) {
        ElevationRequest request = settled(id);
        TenantId tenant = new TenantId(request.tenant());
        decisions.require(caller, Permission.ELEVATION_APPROVE, tenant);
        if (caller.principal().equals(request.requester())) {
            throw BilingualProblem.of(ProblemType.SELF_APPROVAL, "Nobody reviews their own break-glass access.",
                    "Nessuno rivede il proprio accesso di emergenza.", Map.of("request", id));
        }
        if (caller.tenant() != null || !caller.hasRole(Roles.SECURITY_OFFICER)) {
            throw BilingualProblem.of(ProblemType.FORBIDDEN, "Only the provider's security officers review"
                    + " break-glass access.", "Solo i responsabili della sicurezza del fornitore rivedono gli accessi"
                    + " di emergenza.");
        }
        if (!REVIEW_OUTCOMES.contains(outcome)) {
            throw invalid("outcome", "outcome must be justified or unjustified.",
                    "outcome deve essere justified oppure unjustified.");
        }
        if (note != null && note.length() > MAX_TEXT) {
            throw invalid("note", "note is at most 500 characters.", "note è lungo al massimo 500 caratteri.");
        }
        if (!request.emergency()) {
            throw state(request, "only a break-glass grant is reviewed");
        }
        if (request.review() != null) {
            throw BilingualProblem.of(ProblemType.CONFLICT, "Break-glass access " + id + " was already reviewed.",
                    "L'accesso di emergenza " + id + " è già stato rivisto.");
        }
        Instant now = clock.instant();
        boolean late = now.isAfter(request.reviewDueAt());
        tx.executeWithoutResult(s -> {
            if (jdbc.sql("UPDATE elevation_requests SET reviewed_at = ?, reviewer = ?, review_outcome = ?,"
                    + " review_note = ? WHERE id = ? AND reviewed_at IS NULL")
                    .params(instants.bind(now), caller.principal(), outcome, note, id).update() != 1) {
                throw BilingualProblem.of(ProblemType.CONFLICT, "Break-glass access " + id + " was already"
                        + " reviewed.", "L'accesso di emergenza " + id + " è già stato rivisto.");
            }
            history(id, "break-glass-reviewed", request.state(), request.state(), caller.principal(), now, outcome
                    + (note == null ? "" : ": " + note));
            ledger(caller, tenant, "elevation.break-glass-reviewed", id, "success", "ticket "
                    + request.ticketSystem() + "/" + request.ticket() + ", reason " + request.reasonCode()
                    + ", outcome " + outcome + (late ? ", late (due by " + request.reviewDueAt() + ")" : ""));
        });
        return find(id).orElseThrow();
    }

    /**
     * Every break-glass grant whose review is overdue and not yet reported: ledgered once each as
     * {@code elevation.break-glass-review-overdue} in the tenant's log (the alerts module raises a high alert on
     * it). Runs every {@code custodia.elevation.break-glass.review-check} (PT1M) against the injected clock.
     * Returns how many were reported.
     */
    @Scheduled(fixedDelayString = "${custodia.elevation.break-glass.review-check:PT1M}",
            initialDelayString = "${custodia.elevation.break-glass.review-check:PT1M}")
    int reportOverdueReviews() {
        Instant now = clock.instant();
        List<String> ids = jdbc.sql("SELECT id FROM elevation_requests WHERE review_due_at IS NOT NULL AND"
                + " review_due_at <= ? AND reviewed_at IS NULL AND review_overdue_at IS NULL ORDER BY review_due_at,"
                + " id").param(instants.bind(now)).query(String.class).list();
        int reported = 0;
        for (String id : ids) {
            ElevationRequest request = find(id).orElseThrow();
            Boolean done = tx.execute(s -> {
                if (jdbc.sql("UPDATE elevation_requests SET review_overdue_at = ? WHERE id = ? AND reviewed_at IS NULL"
                        + " AND review_overdue_at IS NULL").params(instants.bind(now), id).update() != 1) {
                    return false;
                }
                ledger.record(new LedgerEvent(now, new TenantId(request.tenant()), LedgerEvent.Actor.SYSTEM,
                        "elevation.break-glass-review-overdue", "access-request/" + id, "failure", "ticket "
                                + request.ticketSystem() + "/" + request.ticket() + ", reason " + request.reasonCode()
                                + ", requester " + request.requester() + ", review was due by "
                                + request.reviewDueAt(), RequestIds.current()));
                return true;
            });
            if (Boolean.TRUE.equals(done)) {
                reported++;
            }
        }
        return reported;
    }

    /** The requester says the operation is over: the grant ends at once. */
    ElevationRequest conclude(Caller caller, String id) {
        ElevationRequest request = settled(id);
        if (caller.tenant() != null || !caller.principal().equals(request.requester())) {
            throw BilingualProblem.of(ProblemType.FORBIDDEN, "Only the requester concludes an access request.",
                    "Solo chi l'ha chiesta conclude una richiesta di accesso.");
        }
        if (!ACTIVE.equals(request.state()) && !APPROVED.equals(request.state())) {
            throw state(request, "only an approved or active request is concluded");
        }
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            requireState(id, request.state());
            end(request, CONCLUDED, now);
            history(id, "concluded", request.state(), CONCLUDED, caller.principal(), now, "operation concluded");
            ledger(caller, new TenantId(request.tenant()), "elevation.concluded", id, "success", "ticket "
                    + request.ticketSystem() + "/" + request.ticket() + ", reason " + request.reasonCode()
                    + ", operation concluded by the requester");
        });
        ended(request);
        return find(id).orElseThrow();
    }

    /** After the commit that ended {@code request}: its grant, if it was active, ends on every node. */
    private void ended(ElevationRequest request) {
        if (ACTIVE.equals(request.state())) {
            revocations.propagate(request.id(), request.requester(), new TenantId(request.tenant()));
        }
    }

    /** A security officer or an administrator of the tenant ends a request or grant. */
    ElevationRequest revoke(Caller caller, String id, String reason, String note) {
        ElevationRequest request = settled(id);
        TenantId tenant = new TenantId(request.tenant());
        decisions.require(caller, Permission.ELEVATION_APPROVE, tenant);
        boolean officer = caller.tenant() == null && caller.hasRole(Roles.SECURITY_OFFICER);
        boolean customer = tenant.equals(caller.tenant()) && caller.hasRole(Roles.TENANT_ADMIN);
        if (!officer && !customer) {
            throw BilingualProblem.of(ProblemType.FORBIDDEN, "Only a security officer or an administrator of tenant "
                    + tenant + " revokes this access.", "Solo un responsabile della sicurezza o un amministratore del"
                    + " tenant " + tenant + " revoca questo accesso.");
        }
        if (reason == null || !REVOCATION_REASONS.contains(reason)) {
            throw invalid("reason", "reason must be one of " + REVOCATION_REASONS + ".", "reason deve essere uno tra "
                    + REVOCATION_REASONS + ".");
        }
        if (note != null && note.length() > MAX_TEXT) {
            throw invalid("note", "note is at most 500 characters.", "note è lungo al massimo 500 caratteri.");
        }
        if (!OPEN.contains(request.state()) && !ACTIVE.equals(request.state())) {
            throw state(request, "it has already ended");
        }
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            requireState(id, request.state());
            end(request, REVOKED, now);
            history(id, "revoked", request.state(), REVOKED, caller.principal(), now, reason
                    + (note == null ? "" : ": " + note));
            ledger(caller, tenant, "elevation.revoked", id, "success", "ticket " + request.ticketSystem() + "/"
                    + request.ticket() + ", revoked by " + caller.principal() + " ("
                    + (officer ? "security officer" : "tenant administrator") + "), reason " + reason);
        });
        ended(request);
        return find(id).orElseThrow();
    }

    /**
     * A verified delivery of ticket system {@code system}'s webhook: recorded (a delivery id already recorded
     * for that system is a replay, refused), and when the ticket was closed, every open or active request
     * under it revoked (reason {@code ticket-closed}, actor {@code ticket-system:<system>}), all in one
     * transaction; the in-memory index drops the grants after the commit. Returns how many were revoked.
     */
    int ticketEvent(String system, String deliveryId, Instant sentAt, String ticket, boolean closed) {
        List<ElevationRequest> candidates = !closed ? List.of() : jdbc.sql("SELECT id FROM elevation_requests WHERE"
                + " ticket_system = ? AND ticket = ? AND state IN (?, ?, ?, ?)")
                .params(system, ticket, PENDING_STAFF, PENDING_CUSTOMER, APPROVED, ACTIVE).query(String.class).list()
                .stream().map(this::settled)
                .filter(r -> OPEN.contains(r.state()) || ACTIVE.equals(r.state())).toList();
        Instant now = clock.instant();
        Instant keepUntil = (now.isAfter(sentAt) ? now : sentAt).plus(WebhookSignatures.TOLERANCE.multipliedBy(2));
        String actor = "ticket-system:" + system;
        LedgerEvent.Actor ledgerActor = new LedgerEvent.Actor(actor, "ticket-system", List.of(),
                List.of("webhook-signature"), null);
        List<ElevationRequest> revoked = tx.execute(s -> {
            jdbc.sql("DELETE FROM elevation_webhook_deliveries WHERE keep_until < ?").param(instants.bind(now))
                    .update();
            int fresh = jdbc.sql("INSERT INTO elevation_webhook_deliveries (ticket_system, webhook_id, received_at,"
                    + " keep_until) VALUES (?, ?, ?, ?) ON CONFLICT (ticket_system, webhook_id) DO NOTHING")
                    .params(system, deliveryId, instants.bind(now), instants.bind(keepUntil)).update();
            if (fresh == 0) {
                throw BilingualProblem.of(ProblemType.WEBHOOK_SIGNATURE_INVALID, "Delivery " + deliveryId + " of"
                        + " ticket system " + system + " was already received: a replay is refused.", "La consegna "
                        + deliveryId + " del sistema di ticket " + system + " è già stata ricevuta: una ripetizione"
                        + " è rifiutata.");
            }
            List<ElevationRequest> done = new ArrayList<>();
            for (ElevationRequest request : candidates) {
                if (jdbc.sql("UPDATE elevation_requests SET state = ?, ended_at = ? WHERE id = ? AND state = ?")
                        .params(REVOKED, instants.bind(now), request.id(), request.state()).update() != 1) {
                    continue;
                }
                history(request.id(), "revoked", request.state(), REVOKED, actor, now, "ticket-closed: ticket "
                        + system + "/" + ticket + " closed (webhook delivery " + deliveryId + ")");
                beginRevocationIfActive(request, now);
                ledger.record(new LedgerEvent(now, new TenantId(request.tenant()), ledgerActor, "elevation.revoked",
                        "access-request/" + request.id(), "success", "ticket " + system + "/" + ticket
                                + ", revoked by " + actor + " (ticket closed, webhook delivery " + deliveryId
                                + "), reason ticket-closed", RequestIds.current()));
                done.add(request);
            }
            return done;
        });
        for (ElevationRequest request : revoked) {
            ended(request);
        }
        return revoked.size();
    }

    // ---------------------------------------------------------------- reading

    /** One request, readable by its requester and whoever holds {@code elevation:read} on its tenant. */
    ElevationRequest read(Caller caller, String id) {
        ElevationRequest request = settled(id);
        if (caller.tenant() != null || !caller.principal().equals(request.requester())) {
            decisions.require(caller, Permission.ELEVATION_READ, new TenantId(request.tenant()));
        }
        return request;
    }

    /** Every request in {@code state} (null: all), newest first, at most {@code limit}: for security officers. */
    List<ElevationRequest> list(Caller caller, String state, int limit) {
        decisions.require(caller, Permission.ELEVATION_READ, null);
        if (state != null && !Set.of(PENDING_STAFF, PENDING_CUSTOMER, APPROVED, ACTIVE, CONCLUDED, REVOKED, EXPIRED,
                DENIED).contains(state)) {
            throw invalid("state", "state must be one of pending-staff, pending-customer, approved, active,"
                    + " concluded, revoked, expired, denied.", "state deve essere uno tra pending-staff,"
                    + " pending-customer, approved, active, concluded, revoked, expired, denied.");
        }
        if (limit < 1 || limit > 500) {
            throw invalid("limit", "limit must be between 1 and 500.", "limit deve essere tra 1 e 500.");
        }
        List<String> ids = state == null
                ? jdbc.sql("SELECT id FROM elevation_requests ORDER BY created_at DESC, id").query(String.class).list()
                : jdbc.sql("SELECT id FROM elevation_requests WHERE state = ? ORDER BY created_at DESC, id")
                        .param(state).query(String.class).list();
        List<ElevationRequest> all = new ArrayList<>();
        for (String id : ids) {
            ElevationRequest request = settled(id);
            if ((state == null || state.equals(request.state())) && all.size() < limit) {
                all.add(request);
            }
        }
        return all;
    }

    /** The tenant's requests, newest first, each with its history. */
    List<ElevationRequest> ofTenant(Caller caller, TenantId tenant) {
        decisions.require(caller, Permission.ELEVATION_READ, tenant);
        List<String> ids = jdbc.sql("SELECT id FROM elevation_requests WHERE tenant_id = ? ORDER BY created_at DESC,"
                + " id").param(tenant.value()).query(String.class).list();
        List<ElevationRequest> all = new ArrayList<>();
        for (String id : ids) {
            all.add(settled(id));
        }
        return all;
    }

    Optional<ElevationRequest> find(String id) {
        List<ElevationRequest.Step> history = jdbc.sql("SELECT event, from_state, to_state, actor, at, note FROM"
                + " elevation_request_history WHERE request_id = ? ORDER BY seq").param(id)
                .query((rs, n) -> new ElevationRequest.Step(rs.getString("event"), rs.getString("from_state"),
                        rs.getString("to_state"), rs.getString("actor"), instants.read(rs, "at"), rs.getString("note")))
                .list();
        return jdbc.sql("SELECT * FROM elevation_requests WHERE id = ?").param(id)
                .query((rs, n) -> row(rs, history)).optional();
    }

    /**
     * The request after marking it expired when its time has passed: unanswered (or approved and not activated)
     * longer than the pending expiry, or active past its end.
     */
    private ElevationRequest settled(String id) {
        ElevationRequest request = find(id).orElseThrow(() -> BilingualProblem.of(ProblemType.NOT_FOUND,
                "No access request " + id + ".", "Nessuna richiesta di accesso " + id + "."));
        Instant now = clock.instant();
        boolean stale = OPEN.contains(request.state())
                && !now.isBefore(request.createdAt().plus(properties.pendingExpiry()));
        boolean over = ACTIVE.equals(request.state()) && !now.isBefore(request.expiresAt());
        if (!stale && !over) {
            return request;
        }
        tx.executeWithoutResult(s -> {
            if (jdbc.sql("UPDATE elevation_requests SET state = ?, ended_at = ? WHERE id = ? AND state = ?")
                    .params(EXPIRED, instants.bind(now), id, request.state()).update() == 1) {
                history(id, "expired", request.state(), EXPIRED, "system", now, stale ? "unanswered" : "grant ended");
                if (over) {
                    revocations.changed();
                }
                ledger.record(new LedgerEvent(now, new TenantId(request.tenant()), LedgerEvent.Actor.SYSTEM,
                        "elevation.expired", "access-request/" + id, "success", "ticket " + request.ticketSystem()
                                + "/" + request.ticket() + ", " + (stale ? "not answered or activated within "
                                + properties.pendingExpiry() : "access window ended at " + request.expiresAt()),
                        RequestIds.current()));
            }
        });
        if (over) {
            index.remove(id, request.requester(), new TenantId(request.tenant()));
        }
        return find(id).orElseThrow();
    }

    // ---------------------------------------------------------------- helpers

    private ElevationRequest row(ResultSet rs, List<ElevationRequest.Step> history) throws SQLException {
        return new ElevationRequest(rs.getString("id"), rs.getString("tenant_id"), rs.getString("requester"),
                rs.getString("ticket_system"), rs.getString("ticket"), rs.getString("reason_code"),
                rs.getString("reason_text"), rs.getString("access"), GrantIndex.collections(rs.getString("collections")),
                Duration.ofSeconds(rs.getLong("duration_seconds")), "required".equals(rs.getString("customer_gate")),
                rs.getString("state"), instants.read(rs, "created_at"), instants.read(rs, "activated_at"),
                instants.read(rs, "expires_at"), instants.read(rs, "ended_at"), rs.getBoolean("emergency"),
                instants.read(rs, "review_due_at"), rs.getString("review_outcome") == null ? null
                        : new ElevationRequest.Review(rs.getString("reviewer"), instants.read(rs, "reviewed_at"),
                                rs.getString("review_outcome"), rs.getString("review_note")),
                rs.getString("revocation_state") == null ? null
                        : new ElevationRequest.Revocation(rs.getString("revocation_state"),
                                instants.read(rs, "revocation_started_at"), instants.read(rs, "revocation_confirmed_at"),
                                instants.read(rs, "revocation_failed_at")), history);
    }

    private void requireState(String id, String expected) {
        String current = jdbc.sql("SELECT state FROM elevation_requests WHERE id = ?").param(id).query(String.class)
                .single();
        if (!expected.equals(current)) {
            throw BilingualProblem.of(ProblemType.ELEVATION_STATE, "Access request " + id + " is " + current
                    + " now.", "La richiesta di accesso " + id + " ora è " + current + ".", Map.of("state", current));
        }
    }

    private void narrow(String id, String access, List<String> collections, Duration duration) {
        jdbc.sql("UPDATE elevation_requests SET access = ?, collections = ?, duration_seconds = ? WHERE id = ?")
                .params(access, String.join(",", collections), duration.toSeconds(), id).update();
    }

    /** Ends {@code request} in {@code state}, in the caller's transaction; an active grant starts revoking. */
    private void end(ElevationRequest request, String state, Instant now) {
        jdbc.sql("UPDATE elevation_requests SET state = ?, ended_at = ? WHERE id = ?")
                .params(state, instants.bind(now), request.id()).update();
        beginRevocationIfActive(request, now);
    }

    /** In the transaction that ends {@code request}: when its grant was active, its revocation begins. */
    private void beginRevocationIfActive(ElevationRequest request, Instant now) {
        if (ACTIVE.equals(request.state())) {
            revocations.begin(request.id(), now);
        }
    }

    private void history(String id, String event, String from, String to, String actor, Instant at, String note) {
        jdbc.sql("INSERT INTO elevation_request_history (request_id, event, from_state, to_state, actor, at, note)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)").params(id, event, from, to, actor, instants.bind(at), note).update();
    }

    private void ledger(Caller caller, TenantId tenant, String action, String id, String outcome, String reason) {
        ledger.record(new LedgerEvent(clock.instant(), tenant, caller.ledgerActor(), action, "access-request/" + id,
                outcome, reason, RequestIds.current()));
    }

    private static String reasonCode(String code) {
        if (code == null || !REASON_CODES.contains(code)) {
            throw invalid("reasonCode", "reasonCode must be one of " + REASON_CODES + ".", "reasonCode deve essere uno"
                    + " tra " + REASON_CODES + ".");
        }
        return code;
    }

    /** The access asked or approved: read or write; an approver may narrow write to read, never widen. */
    private static String access(String asked, String current) {
        if (asked == null) {
            if (current == null) {
                throw invalid("access", "access must be read or write.", "access deve essere read oppure write.");
            }
            return current;
        }
        if (!AccessGrants.READ.equals(asked) && !AccessGrants.WRITE.equals(asked)) {
            throw invalid("access", "access must be read or write.", "access deve essere read oppure write.");
        }
        if (AccessGrants.READ.equals(current) && AccessGrants.WRITE.equals(asked)) {
            throw invalid("access", "An approval may narrow access, never widen it.",
                    "Un'approvazione può restringere l'accesso, mai allargarlo.");
        }
        return asked;
    }

    /** The collections asked or approved (empty: all); an approver may only keep or narrow them. */
    private static List<String> collections(List<String> asked, List<String> current) {
        if (asked == null) {
            return current == null ? List.of() : current;
        }
        if (asked.size() > MAX_COLLECTIONS || asked.stream().anyMatch(c -> c == null
                || !COLLECTION.matcher(c).matches())) {
            throw invalid("collections", "collections is a list of at most 20 collection names.",
                    "collections è un elenco di al massimo 20 nomi di collezione.");
        }
        List<String> unique = List.copyOf(new LinkedHashSet<>(asked));
        if (current != null && !current.isEmpty() && (unique.isEmpty() || !current.containsAll(unique))) {
            throw invalid("collections", "An approval may narrow the collections, never widen them.",
                    "Un'approvazione può restringere le collezioni, mai allargarle.");
        }
        return unique;
    }

    /**
     * The duration asked or approved: positive, at most {@code ceiling} (the tenant's maximum when asking, what
     * was asked when approving); when none is given, {@code current} or else the default (never above the ceiling).
     */
    private Duration duration(String asked, Duration current, Duration ceiling) {
        if (asked == null) {
            return current != null ? current : min(properties.defaultDuration(), ceiling);
        }
        Duration d;
        try {
            d = Duration.parse(asked);
        } catch (DateTimeParseException e) {
            throw invalid("duration", "duration is an ISO-8601 duration, e.g. PT4H.",
                    "duration è una durata ISO-8601, per esempio PT4H.");
        }
        Duration max = ceiling;
        if (d.isNegative() || d.isZero() || d.compareTo(max) > 0) {
            throw invalid("duration", "duration must be positive and at most " + max + ".",
                    "duration deve essere positiva e al massimo " + max + ".");
        }
        return d;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static eu.custodia.server.platform.ProblemException state(ElevationRequest request, String why) {
        return BilingualProblem.of(ProblemType.ELEVATION_STATE, "Access request " + request.id() + " is "
                + request.state() + ": " + why + ".", "La richiesta di accesso " + request.id() + " è "
                + request.state() + ".", Map.of("state", request.state()));
    }

    private static eu.custodia.server.platform.ProblemException invalid(String field, String en, String it) {
        return BilingualProblem.field(ProblemType.VALIDATION, field, en, it);
    }

    private static String newId() {
        StringBuilder sb = new StringBuilder("elv-");
        for (int i = 0; i < 26; i++) {
            sb.append(BASE32[RANDOM.nextInt(32)]);
        }
        return sb.toString();
    }
}
