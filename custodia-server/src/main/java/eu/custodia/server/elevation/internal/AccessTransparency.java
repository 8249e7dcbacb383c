package eu.custodia.server.elevation.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.ledger.LedgerEvidence;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Access transparency: the customer's own view of every staff-access event in its tenant's log (requests,
 * approvals, denials, activations, break-glass, each use of a grant, conclusions, revocations, expiries: every
 * action starting {@code elevation.}), each with its ledger index and an RFC 9162 inclusion proof as a C2SP
 * tlog-proof against one signed checkpoint, and the same events as an evidence bundle for
 * {@code custodia-verify bundle}. Authorized by the decision point like the customer's list of requests
 * ({@link Permission#ELEVATION_READ} on the tenant).
 *
 * <p>Events recorded but not yet integrated into the tree are listed with {@code "status": "pending"}, no
 * index and no proof; the bundle integrates the tenant's pending events first and then holds every matching
 * event that has an index, telling how many are still pending.
 */
@Component
final class AccessTransparency {

    /** The action prefix of every staff-access event. */
    static final String PREFIX = "elevation.";
    /** Most events in one answer or bundle; narrow the period for more. */
    static final int MAX_EVENTS = 10_000;
    static final ProblemType TOO_MANY = new ProblemType("access-transparency-too-many", HttpStatus.BAD_REQUEST,
            "Too many access events for one answer: narrow the period");
    static final ProblemType NOT_INTEGRATED = new ProblemType("ledger-not-integrated", HttpStatus.CONFLICT,
            "The tenant's log has no signed checkpoint yet");

    private static final Pattern REQUEST_ID = Pattern.compile("elv-[a-z2-7]{26}");
    private static final String TARGET = "access-request/";

    private final LedgerEvidence evidence;
    private final DecisionPoint decisions;
    private final Clock clock;

    AccessTransparency(LedgerEvidence evidence, DecisionPoint decisions, Clock clock) {
        this.evidence = evidence;
        this.decisions = decisions;
        this.clock = clock;
    }

    /** The query: one request's events (or all), in the period {@code [from, to)} (either end open). */
    record Query(String request, Instant from, Instant to) {
    }

    /** The answer: where to check, against what, and the events. */
    record View(String tenant, String logId, String origin, String verifierKey, Long treeSize, String checkpoint,
            long pending, List<Event> events) {
    }

    /**
     * One event: its ledger index and proof ({@code null} while {@code status} is {@code pending}), what the
     * log says, and the entry's exact bytes (base64) that the proof covers. Index and proof are written even
     * when null, so a pending event says so.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Event(Long index, String status, Instant time, String action, String request, String grant,
            LedgerEvent.Actor actor, String outcome, String reason, String requestId, String entry, String proof) {
    }

    /** A bundle and how many matching events it could not hold yet. */
    record Bundle(byte[] zip, long treeSize, long pending) {
    }

    /** Parses the query parameters, or throws a bilingual 400 naming the parameter. */
    static Query query(String request, String from, String to) {
        if (request != null && !REQUEST_ID.matcher(request).matches()) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "request", "request must be an access request id:"
                    + " elv- followed by 26 base32 characters.", "request deve essere l'id di una richiesta di"
                    + " accesso: elv- seguito da 26 caratteri base32.");
        }
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "to", "to must not be before from.",
                    "to non può precedere from.");
        }
        return new Query(request, start, end);
    }

    private static Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw BilingualProblem.field(ProblemType.VALIDATION, field, field + " must be an RFC 3339 date-time with"
                    + " an offset, e.g. 2026-11-01T00:00:00Z.", field + " deve essere una data e ora RFC 3339 con"
                    + " fuso orario, per esempio 2026-11-01T00:00:00Z.");
        }
    }

    /** The tenant's access events matching {@code query}, each with its proof against one checkpoint. */
    View list(Caller caller, TenantId tenant, Query query) {
        decisions.require(caller, Permission.ELEVATION_READ, tenant);
        LedgerEvidence.Listing listing = evidence.entries(tenant, PREFIX);
        List<LedgerEvidence.Entry> matching = matching(listing, tenant, query);
        Map<Long, byte[]> proofs = evidence.inclusionProofs(listing, matching.stream()
                .filter(e -> !e.pending()).map(LedgerEvidence.Entry::index).toList());
        Base64.Encoder b64 = Base64.getEncoder();
        List<Event> events = new ArrayList<>(matching.size());
        long pending = 0;
        for (LedgerEvidence.Entry e : matching) {
            LedgerEvent ev = e.event();
            byte[] proof = e.pending() ? null : proofs.get(e.index());
            pending += e.pending() ? 1 : 0;
            events.add(new Event(e.index(), e.pending() ? "pending" : "integrated", ev.time(), ev.action(),
                    requestOf(ev), ev.actor().grantId(), ev.actor(), ev.outcome(), ev.reason(), ev.requestId(),
                    b64.encodeToString(e.raw()), proof == null ? null : new String(proof, StandardCharsets.UTF_8)));
        }
        LedgerEvidence.Head head = listing.head();
        return new View(tenant.value(), listing.logId(), listing.origin(), listing.verifierKey(),
                head == null ? null : head.size(),
                head == null ? null : new String(head.checkpoint(), StandardCharsets.UTF_8), pending, events);
    }

    /** The tenant's integrated access events matching {@code query} as an evidence bundle (version 1). */
    Bundle bundle(Caller caller, TenantId tenant, Query query) {
        decisions.require(caller, Permission.ELEVATION_READ, tenant);
        evidence.integrate(tenant);
        LedgerEvidence.Listing listing = evidence.entries(tenant, PREFIX);
        if (listing.head() == null) {
            throw BilingualProblem.of(NOT_INTEGRATED, "The tenant's log has no signed checkpoint yet; try again in"
                    + " a few seconds.", "Il registro del tenant non ha ancora un checkpoint firmato; riprovare tra"
                    + " qualche secondo.");
        }
        List<LedgerEvidence.Entry> matching = matching(listing, tenant, query);
        List<LedgerEvidence.Entry> integrated = matching.stream().filter(e -> !e.pending()).toList();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try {
            evidence.writeBundle(listing, integrated, clock.instant(), zip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Bundle(zip.toByteArray(), listing.head().size(), matching.size() - integrated.size());
    }

    private static List<LedgerEvidence.Entry> matching(LedgerEvidence.Listing listing, TenantId tenant,
            Query query) {
        List<LedgerEvidence.Entry> out = new ArrayList<>();
        for (LedgerEvidence.Entry e : listing.entries()) {
            LedgerEvent ev = e.event();
            if (!tenant.equals(ev.tenant())
                    || (query.request() != null && !query.request().equals(requestOf(ev)))
                    || (query.from() != null && ev.time().isBefore(query.from()))
                    || (query.to() != null && !ev.time().isBefore(query.to()))) {
                continue;
            }
            if (out.size() == MAX_EVENTS) {
                throw BilingualProblem.of(TOO_MANY, "More than " + MAX_EVENTS + " access events match; narrow the"
                        + " period with from and to.", "Più di " + MAX_EVENTS + " eventi di accesso corrispondono;"
                        + " restringere il periodo con from e to.");
            }
            out.add(e);
        }
        return out;
    }

    /**
     * The access request an event is about: its target {@code access-request/<id>}, or for a use of a grant
     * the grant's id (a grant is its request's id); {@code null} for a refused break-glass attempt.
     */
    static String requestOf(LedgerEvent event) {
        if (event.target().startsWith(TARGET)) {
            return event.target().substring(TARGET.length());
        }
        return event.actor().grantId();
    }
}
