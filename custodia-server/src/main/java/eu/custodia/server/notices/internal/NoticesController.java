package eu.custodia.server.notices.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's notices about staff access ({@code /api/v1/tenants/{id}/notices}) and its webhook endpoints
 * ({@code /api/v1/tenants/{id}/webhook-endpoints}). Notices are read, and marked read, by whoever reads the
 * tenant's access requests ({@code elevation:read}: its administrators and auditors, security officers), in
 * English or Italian by {@code Accept-Language}; endpoints are added and removed by its administrators
 * ({@code notices:admin}).
 */
@RestController
@Tag(name = "Notices")
@ApiResponse(responseCode = "400", description = "A malformed id or parameter, or a refused endpoint address",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The caller may not do this on this tenant",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
final class NoticesController {

    private static final Pattern ID = Pattern.compile("[a-z]{3}_[0-9a-f]{24}");
    private static final int MAX_LIMIT = 500;

    private final NoticeStore notices;
    private final WebhookEndpoints endpoints;
    private final DecisionPoint decisions;
    private final TransactionTemplate tx;

    NoticesController(NoticeStore notices, WebhookEndpoints endpoints, DecisionPoint decisions,
            TransactionTemplate tx) {
        this.notices = notices;
        this.endpoints = endpoints;
        this.decisions = decisions;
        this.tx = tx;
    }

    /** A notice as shown, its title and summary in the language asked for. */
    record NoticeView(String id, String kind, String type, String requestId, String action, String actor,
            String reason, String ledgerRequestId, Instant occurredAt, boolean read, Instant readAt,
            String language, String title, String summary) {

        static NoticeView of(Notice n, NoticeKind.Language language) {
            return new NoticeView(n.id(), n.kind().code(), n.kind().type(), n.requestId(), n.action(), n.actor(),
                    n.reason(), n.ledgerRequestId(), n.occurredAt(), n.readAt() != null, n.readAt(), language.tag(),
                    n.kind().title(language), n.kind().summary(language, n.requestId()));
        }
    }

    /** The body of a new endpoint. */
    record NewEndpoint(String url) {
    }

    @GetMapping("/api/v1/tenants/{tenantId}/notices")
    @Operation(summary = "The tenant's notices about staff access, newest first", description = "Its"
            + " administrators and auditors, security officers (`elevation:read`). `unread=true` for the unread"
            + " ones; `limit` 1–500 (100). Title and summary in English or Italian by `Accept-Language`.")
    ResponseEntity<List<NoticeView>> list(@PathVariable String tenantId,
            @RequestParam(defaultValue = "false") String unread, @RequestParam(defaultValue = "100") String limit,
            @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
        TenantId tenant = TenantId.parseOrInvalid(tenantId, "tenantId");
        if (!"true".equals(unread) && !"false".equals(unread)) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "unread", "unread must be true or false.",
                    "unread deve essere true o false.");
        }
        int max = limit(limit);
        decisions.require(CurrentCaller.get(), Permission.ELEVATION_READ, tenant);
        NoticeKind.Language language = NoticeKind.Language.of(acceptLanguage);
        List<NoticeView> views = tx.execute(s -> notices.list(tenant, "true".equals(unread), max)).stream()
                .map(n -> NoticeView.of(n, language)).toList();
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_LANGUAGE, language.tag()).body(views);
    }

    @PostMapping("/api/v1/tenants/{tenantId}/notices/{noticeId}/read")
    @Operation(summary = "Mark a notice read", description = "Whoever may read the tenant's notices"
            + " (`elevation:read`); marking it again keeps the first reader and time.")
    ResponseEntity<NoticeView> read(@PathVariable String tenantId, @PathVariable String noticeId,
            @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
        TenantId tenant = TenantId.parseOrInvalid(tenantId, "tenantId");
        Caller caller = CurrentCaller.get();
        decisions.require(caller, Permission.ELEVATION_READ, tenant);
        NoticeKind.Language language = NoticeKind.Language.of(acceptLanguage);
        Notice notice = (ID.matcher(noticeId).matches() ? tx.execute(s -> notices.markRead(tenant, noticeId,
                caller)) : java.util.Optional.<Notice>empty()).orElseThrow(() -> BilingualProblem.of(
                        ProblemType.NOT_FOUND, "The tenant has no such notice.", "Il tenant non ha questo avviso."));
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_LANGUAGE, language.tag())
                .body(NoticeView.of(notice, language));
    }

    @PostMapping("/api/v1/tenants/{tenantId}/webhook-endpoints")
    @Operation(summary = "Add a webhook endpoint for the tenant's notices", description = "The tenant's"
            + " administrators (`notices:admin`, a fresh second factor). `{\"url\"}`: https (in production mode a"
            + " public address only). The answer holds the endpoint's Standard Webhooks signing secret"
            + " (`whsec_…`), shown this once.")
    ResponseEntity<WebhookEndpoints.Created> add(@PathVariable String tenantId, @RequestBody NewEndpoint body) {
        TenantId tenant = TenantId.parseOrInvalid(tenantId, "tenantId");
        return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(endpoints.add(CurrentCaller.get(), tenant, body == null ? null : body.url()));
    }

    @GetMapping("/api/v1/tenants/{tenantId}/webhook-endpoints")
    @Operation(summary = "The tenant's webhook endpoints (never their secrets)", description = "`elevation:read`.")
    List<WebhookEndpoints.Endpoint> endpoints(@PathVariable String tenantId) {
        return endpoints.list(CurrentCaller.get(), TenantId.parseOrInvalid(tenantId, "tenantId"));
    }

    @DeleteMapping("/api/v1/tenants/{tenantId}/webhook-endpoints/{endpointId}")
    @Operation(summary = "Remove a webhook endpoint", description = "`notices:admin`; its unsent deliveries are"
            + " cancelled.")
    ResponseEntity<Void> remove(@PathVariable String tenantId, @PathVariable String endpointId) {
        TenantId tenant = TenantId.parseOrInvalid(tenantId, "tenantId");
        Caller caller = CurrentCaller.get();
        if (!ID.matcher(endpointId).matches()) {
            decisions.require(caller, Permission.NOTICES_ADMIN, tenant);
            throw WebhookEndpoints.notFound();
        }
        endpoints.remove(caller, tenant, endpointId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/tenants/{tenantId}/webhook-endpoints/{endpointId}/deliveries")
    @Operation(summary = "An endpoint's deliveries, newest first, with every attempt's outcome", description =
            "`elevation:read`; `limit` 1–500 (100).")
    List<WebhookEndpoints.Delivery> deliveries(@PathVariable String tenantId, @PathVariable String endpointId,
            @RequestParam(defaultValue = "100") String limit) {
        TenantId tenant = TenantId.parseOrInvalid(tenantId, "tenantId");
        int max = limit(limit);
        Caller caller = CurrentCaller.get();
        if (!ID.matcher(endpointId).matches()) {
            decisions.require(caller, Permission.ELEVATION_READ, tenant);
            throw WebhookEndpoints.notFound();
        }
        return endpoints.deliveries(caller, tenant, endpointId, max);
    }

    private static int limit(String limit) {
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw BilingualProblem.field(ProblemType.VALIDATION, "limit", "limit must be a whole number from 1 to "
                + MAX_LIMIT + ".", "limit deve essere un numero intero da 1 a " + MAX_LIMIT + ".");
    }
}
