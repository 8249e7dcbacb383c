package eu.custodia.server.alerts.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Security alerts in-app, under {@code /api/v1/alerts}: list (newest first, {@code state=open|acknowledged},
 * cursor pages), read one ({@link Permission#ALERTS_READ}: security officers and the platform auditor), and
 * acknowledge one with a note ({@link Permission#ALERTS_ACK}: security officers). Every handler asks the
 * decision point first, then reads its input. There is no way to delete an alert: {@code DELETE} is answered
 * 405 {@code urn:custodia:problem:alert-not-deletable}, and the database refuses it too.
 */
@RestController
@Tag(name = "Alerts", description = "Security alerts for security officers (commitment 3): raised by rules that "
        + "observe the ledger, acknowledged once with a note, never deleted. Errors are RFC 9457 problem details, "
        + "in English (detail) and Italian (messageIt).")
@ApiResponse(responseCode = "400", description = "Invalid input (urn:custodia:problem:validation, naming the field)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "401", description = "Not authenticated, or no second factor for an administrative role",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The caller may not do this (decision point)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
final class AlertController {

    static final String BASE = "/api/v1/alerts";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;
    static final int MAX_NOTE = 1000;
    /** Bodies longer than this cannot hold a valid note, even with every character escaped. */
    private static final int MAX_BODY = 16_384;
    private static final Pattern ID = Pattern.compile("alr-[0-9a-f]{20}");
    private static final String CURSOR_PREFIX = "a1:";

    private final AlertStore store;
    private final Acknowledgements acknowledgements;
    private final DecisionPoint decisions;
    private final JsonMapper json;

    AlertController(AlertStore store, Acknowledgements acknowledgements, DecisionPoint decisions, JsonMapper json) {
        this.store = store;
        this.acknowledgements = acknowledgements;
        this.decisions = decisions;
        this.json = json;
    }

    /** What raised an alert: a ledger event's action and the request it belongs to (either may be absent). */
    record Trigger(String action, String requestId) {
    }

    /** An alert as the API shows it; {@code state} is {@code open} or {@code acknowledged}. */
    @Schema(name = "SecurityAlert")
    record AlertView(String id, String kind, String severity, Instant raisedAt, String subject, String tenant,
            String detail, Trigger trigger, String state, Instant acknowledgedAt, String acknowledgedBy, String note) {

        static AlertView of(Alert a) {
            Trigger trigger = a.triggerAction() == null && a.triggerRequestId() == null ? null
                    : new Trigger(a.triggerAction(), a.triggerRequestId());
            return new AlertView(a.id(), a.kind(), a.severity().code(), a.raisedAt(), a.subject(),
                    a.tenant() == null ? null : a.tenant().value(), a.detail(), trigger,
                    a.acknowledged() ? "acknowledged" : "open", a.acknowledgedAt(), a.acknowledgedBy(), a.note());
        }
    }

    /** One page of alerts, newest first; {@code next} links the following page, absent on the last. */
    @Schema(name = "SecurityAlertPage")
    record AlertPage(List<AlertView> items, String next) {
    }

    /** The acknowledgement's body. */
    @Schema(name = "AlertAcknowledgement")
    record Acknowledgement(@Schema(description = "Why the alert needs no more action, 1–1000 characters; kept with "
            + "the alert, ledgered only as its SHA-256") String note) {
    }

    @GetMapping(BASE)
    @Operation(summary = "List security alerts", description = "Newest first, one page at a time: follow `next` "
            + "(also a Link header with rel=\"next\") until it is absent. Needs alerts:read (security officers, the "
            + "platform auditor).")
    ResponseEntity<AlertPage> list(
            @Parameter(description = "open or acknowledged (default: both)") @RequestParam(required = false) String state,
            @Parameter(description = "Page size, 1–" + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")")
            @RequestParam(required = false) String limit,
            @Parameter(description = "Opaque cursor from a previous page's next link")
            @RequestParam(required = false) String cursor) {
        decisions.require(CurrentCaller.get(), Permission.ALERTS_READ, null);
        AlertStore.State filter = state(state);
        int size = limit(limit);
        long before = cursor(cursor);
        List<Alert> page = store.page(filter, before, size + 1);
        boolean more = page.size() > size;
        List<Alert> shown = more ? page.subList(0, size) : page;
        String next = more ? BASE + "?" + (state == null ? "" : "state=" + state + "&") + "limit=" + size + "&cursor="
                + encode(shown.get(size - 1).seq()) : null;
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (next != null) {
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(new AlertPage(shown.stream().map(AlertView::of).toList(), next));
    }

    @GetMapping(BASE + "/{id}")
    @Operation(summary = "Read a security alert", description = "Needs alerts:read.")
    @ApiResponse(responseCode = "404", description = "No such alert", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<AlertView> get(@PathVariable String id) {
        decisions.require(CurrentCaller.get(), Permission.ALERTS_READ, null);
        Alert alert = (ID.matcher(id).matches() ? store.find(id) : Optional.<Alert>empty())
                .orElseThrow(() -> notFound(id));
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(AlertView.of(alert));
    }

    @PostMapping(BASE + "/{id}/acknowledgement")
    @Operation(summary = "Acknowledge a security alert", description = "`{\"note\": \"…\"}` (1–1000 characters, "
            + "required). Once: a second acknowledgement is refused (409 urn:custodia:problem:alert-already-"
            + "acknowledged), and nobody acknowledges an alert about themselves (403 "
            + "urn:custodia:problem:alert-self-acknowledgement); both refusals are ledgered. Ledgered as "
            + "alert.acknowledged with the note's SHA-256; the note stays with the alert. Needs alerts:ack "
            + "(security officers).")
    @ApiResponse(responseCode = "409", description = "Already acknowledged", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<AlertView> acknowledge(@PathVariable String id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = Acknowledgement.class)))
            @RequestBody(required = false) String body) {
        Caller caller = CurrentCaller.get();
        decisions.require(caller, Permission.ALERTS_ACK, null);
        String note = note(body);
        if (!ID.matcher(id).matches()) {
            throw notFound(id);
        }
        Alert alert = acknowledgements.acknowledge(caller, id, note);
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(AlertView.of(alert));
    }

    @DeleteMapping({BASE, BASE + "/{id}"})
    @Operation(summary = "Alerts are never deleted", description = "Always 405 "
            + "urn:custodia:problem:alert-not-deletable: acknowledge an alert instead.")
    @ApiResponse(responseCode = "405", description = "Alerts are never deleted", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<ProblemDetail> delete() {
        ProblemException e = BilingualProblem.of(ProblemType.ALERT_NOT_DELETABLE, "Security alerts are never deleted:"
                + " acknowledge the alert with a note instead (POST " + BASE + "/{id}/acknowledgement).", "Gli avvisi"
                + " di sicurezza non si cancellano mai: prenderne atto con una nota (POST " + BASE
                + "/{id}/acknowledgement).");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.type().status(), e.getMessage());
        problem.setType(e.type().uri());
        problem.setTitle(e.type().title());
        e.properties().forEach(problem::setProperty);
        return ResponseEntity.status(e.type().status()).header(HttpHeaders.ALLOW, "GET, POST").body(problem);
    }

    static ProblemException notFound(String id) {
        return BilingualProblem.of(ProblemType.NOT_FOUND, "No security alert has this id.", "Nessun avviso di"
                + " sicurezza ha questo identificativo.");
    }

    private static AlertStore.State state(String state) {
        if (state == null) {
            return AlertStore.State.ALL;
        }
        return switch (state) {
            case "open" -> AlertStore.State.OPEN;
            case "acknowledged" -> AlertStore.State.ACKNOWLEDGED;
            default -> throw BilingualProblem.field(ProblemType.VALIDATION, "state", "state must be open or"
                    + " acknowledged.", "state deve essere open o acknowledged.");
        };
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = limit.length() > 4 ? -1 : Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw BilingualProblem.field(ProblemType.VALIDATION, "limit", "limit must be a whole number from 1 to "
                + MAX_LIMIT + ".", "limit deve essere un numero intero da 1 a " + MAX_LIMIT + ".");
    }

    static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + seq).getBytes(StandardCharsets.US_ASCII));
    }

    /** The position before which the page starts: the end for no cursor. */
    static long cursor(String cursor) {
        if (cursor == null) {
            return Long.MAX_VALUE;
        }
        try {
            if (cursor.length() <= 32) {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
                if (text.startsWith(CURSOR_PREFIX)) {
                    long seq = Long.parseLong(text.substring(CURSOR_PREFIX.length()));
                    if (seq > 0) {
                        return seq;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below (NumberFormatException is one too)
        }
        throw BilingualProblem.field(ProblemType.VALIDATION, "cursor", "Use the cursor from a previous page's next"
                + " link unchanged.", "Usare il cursore del link next di una pagina precedente, senza modificarlo.");
    }

    /** The note of an acknowledgement's body: a JSON object with one text field, {@code note}. */
    private String note(String body) {
        JsonNode node = null;
        if (body != null && body.length() > MAX_BODY) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "note", "note must be 1 to " + MAX_NOTE
                    + " characters.", "note deve avere da 1 a " + MAX_NOTE + " caratteri.", Map.of("maxLength", MAX_NOTE));
        }
        if (body != null && !body.isBlank()) {
            try {
                node = json.readTree(body);
            } catch (JacksonException e) {
                throw BilingualProblem.of(ProblemType.MALFORMED, "The body must be a JSON object such as"
                        + " {\"note\": \"…\"}.", "Il corpo deve essere un oggetto JSON come {\"note\": \"…\"}.");
            }
        }
        if (node == null || !node.isObject()) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "note", "Send {\"note\": \"…\"}: a note of 1 to "
                    + MAX_NOTE + " characters is required.", "Inviare {\"note\": \"…\"}: è obbligatoria una nota da 1"
                    + " a " + MAX_NOTE + " caratteri.");
        }
        for (String field : node.propertyNames()) {
            if (!"note".equals(field)) {
                throw BilingualProblem.field(ProblemType.VALIDATION, field.length() > 64 ? "?" : field, "Unknown"
                        + " field: the body holds only note.", "Campo sconosciuto: il corpo contiene solo note.");
            }
        }
        JsonNode note = node.get("note");
        if (note == null || !note.isString()) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "note", "note is required: text of 1 to " + MAX_NOTE
                    + " characters.", "note è obbligatoria: un testo da 1 a " + MAX_NOTE + " caratteri.");
        }
        String text = note.stringValue();
        int length = text.codePointCount(0, text.length());
        if (text.isBlank() || length > MAX_NOTE) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "note", "note must be 1 to " + MAX_NOTE
                    + " characters, not only spaces.", "note deve avere da 1 a " + MAX_NOTE + " caratteri, non solo"
                    + " spazi.", Map.of("maxLength", MAX_NOTE));
        }
        if (text.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "note", "note must not contain control characters"
                    + " other than line breaks and tabs.", "note non deve contenere caratteri di controllo diversi"
                    + " da a capo e tabulazioni.");
        }
        return text;
    }
}
