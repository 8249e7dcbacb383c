package eu.custodia.server.elevation.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inbound webhook of a ticket system: {@code POST /api/v1/elevation/ticket-events/{system}}, signed per
 * Standard Webhooks with the system's {@code custodia.elevation.ticket-systems.<system>.webhook-secret}. No
 * API key: the signature is the credential (the security configuration lets the path through without one and
 * without a CSRF token). A missing or invalid signature, a timestamp more than five minutes from the clock and
 * a replayed delivery id are refused (401 {@code webhook-signature-invalid}) before the body is read; a closed
 * or resolved ticket revokes every open or active access request under it.
 */
@RestController
@Tag(name = "Access requests")
@ApiResponse(responseCode = "401", description = "Signature missing or invalid, timestamp outside the tolerance, or"
        + " a replayed webhook-id (urn:custodia:problem:webhook-signature-invalid)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "404", description = "No such ticket system, or it has no webhook secret",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
final class TicketWebhookController {

    /** The events that close a ticket. */
    static final Set<String> CLOSING = Set.of("closed", "resolved");

    private static final Pattern DELIVERY_ID = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final int MAX_TICKET = 64;

    private final Elevations elevations;
    private final ElevationProperties properties;
    private final Clock clock;
    private final JsonMapper json;

    TicketWebhookController(Elevations elevations, ElevationProperties properties, Clock clock, JsonMapper json) {
        this.elevations = elevations;
        this.properties = properties;
        this.clock = clock;
        this.json = json;
    }

    /** What a ticket system tells: which ticket, and what happened to it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TicketEvent(String ticket, String event) {
    }

    /** The answer: the ticket, its event, and how many requests or grants it revoked. */
    record Outcome(String ticketSystem, String ticket, String event, int revoked) {
    }

    @PostMapping("/api/v1/elevation/ticket-events/{system}")
    @Operation(summary = "Receive a ticket system's event (webhook)", description = "Signed per Standard Webhooks:"
            + " headers `webhook-id`, `webhook-timestamp` (unix seconds, at most 5 minutes from the server's clock)"
            + " and `webhook-signature` (`v1,<base64 HMAC-SHA256 of \"{id}.{timestamp}.{body}\">`, several"
            + " space-separated allowed) under the system's `webhook-secret`; a webhook-id is accepted once. Body"
            + " `{\"ticket\": \"OPS-123\", \"event\": \"closed\"}`: `closed` or `resolved` revokes every open or active"
            + " access request under that ticket (reason ticket-closed); other events are accepted and ignored."
            + " Answers how many were revoked.")
    Outcome receive(@PathVariable String system,
            @RequestHeader(name = "webhook-id", required = false) String deliveryId,
            @RequestHeader(name = "webhook-timestamp", required = false) String timestamp,
            @RequestHeader(name = "webhook-signature", required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        ElevationProperties.TicketSystem ticketSystem = properties.ticketSystems().get(system);
        if (ticketSystem == null || ticketSystem.webhookSecret() == null) {
            throw BilingualProblem.of(ProblemType.NOT_FOUND, "No webhook for ticket system " + system + ".",
                    "Nessun webhook per il sistema di ticket " + system + ".");
        }
        byte[] content = body == null ? new byte[0] : body;
        if (deliveryId == null || timestamp == null || signature == null || !DELIVERY_ID.matcher(deliveryId).matches()
                || !TIMESTAMP.matcher(timestamp).matches()) {
            throw refused("The headers webhook-id, webhook-timestamp and webhook-signature are required.",
                    "Servono le intestazioni webhook-id, webhook-timestamp e webhook-signature.");
        }
        Instant sentAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(sentAt, clock.instant()).abs().compareTo(WebhookSignatures.TOLERANCE) > 0) {
            throw refused("webhook-timestamp is more than " + WebhookSignatures.TOLERANCE.toMinutes() + " minutes from"
                    + " the server's clock.", "webhook-timestamp dista più di " + WebhookSignatures.TOLERANCE.toMinutes()
                    + " minuti dall'orologio del server.");
        }
        if (!eu.custodia.server.platform.StandardWebhooks.valid(ticketSystem.webhookKey(), deliveryId, timestamp, content, signature)) {
            throw refused("No valid v1 signature of this delivery under the ticket system's webhook secret.",
                    "Nessuna firma v1 valida di questa consegna con il segreto del webhook del sistema di ticket.");
        }
        TicketEvent event;
        try {
            event = json.readValue(content, TicketEvent.class);
        } catch (JacksonException e) {
            throw BilingualProblem.of(ProblemType.MALFORMED, "The body is not a JSON ticket event.",
                    "Il corpo non è un evento di ticket in JSON.");
        }
        if (event == null || event.ticket() == null || event.ticket().isBlank() || event.ticket().length() > MAX_TICKET
                || event.event() == null || event.event().isBlank()) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "ticket", "ticket (at most 64 characters) and event"
                    + " are required.", "ticket (al massimo 64 caratteri) ed event sono obbligatori.");
        }
        boolean closing = CLOSING.contains(event.event());
        int revoked = elevations.ticketEvent(system, deliveryId, sentAt, event.ticket(), closing);
        return new Outcome(system, event.ticket(), event.event(), revoked);
    }

    private static eu.custodia.server.platform.ProblemException refused(String en, String it) {
        return BilingualProblem.of(ProblemType.WEBHOOK_SIGNATURE_INVALID, en, it);
    }
}
