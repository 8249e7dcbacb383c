package eu.custodia.server.access.internal;

import eu.custodia.server.access.AccessReviews;
import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Access reviews: security officers under {@code /api/v1/access-reviews} ({@link Permission#REVIEWS_RUN} on the
 * platform: open a campaign, read every item, decide the items security officers review, read reports); a
 * tenant's administrators under {@code /api/v1/tenants/{tenantId}/access-reviews} ({@link Permission#REVIEWS_RUN}
 * on that tenant: its items only, deciding those its administrators review). Every handler asks the decision
 * point first; an unknown campaign or item is a 404 only after that.
 */
@RestController
@Tag(name = "Access reviews", description = "Campaigns that list every role assignment with its reviewer; "
        + "reviewers certify or revoke; what is undecided at the deadline is revoked automatically. Errors are "
        + "RFC 9457 problem details.")
@ApiResponse(responseCode = "400", description = "Invalid request (urn:custodia:problem:validation, with the text "
        + "in English as detail and in Italian as messageIt)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The caller may not do this (decision point), or the item is "
        + "one's own (urn:custodia:problem:self-review) or reviewed by the other audience",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "404", description = "No such campaign, or no such item in it (in the tenant's view)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
final class AccessReviewController {

    private static final String PLATFORM = "/api/v1/access-reviews";
    private static final String TENANT = "/api/v1/tenants/{tenantId}/access-reviews";
    private static final String DECIDE_DOC = "`{\"decision\": \"certify\"|\"revoke\", \"note\": …}` (the note is "
            + "optional, at most 500 characters, kept with the item and never ledgered). Revoking takes the role away "
            + "at once. Nobody decides on their own assignment (403 urn:custodia:problem:self-review, ledgered); a "
            + "decided item, a closed campaign or one past its deadline, or an assignment that no longer exists "
            + "(then recorded as gone) is a 409.";
    private static final String REPORT_DOC = "Who decided what and when for each item, the counts (certified, "
            + "revoked, auto-revoked, gone, undecided) and `completion` (the share of the items needing a decision "
            + "that a reviewer decided). `format=json` (default), `text` or `csv`; `lang=en` (default) or `it` for "
            + "the headings.";

    private final AccessReviews reviews;
    private final DecisionPoint decisions;

    AccessReviewController(AccessReviews reviews, DecisionPoint decisions) {
        this.reviews = reviews;
        this.decisions = decisions;
    }

    /** A campaign to open: how many days it runs (1–90; default 14). */
    record NewCampaign(Integer deadlineDays) {
    }

    /** A reviewer's decision on one item. */
    record ItemDecision(String decision, String note) {
    }

    /** A campaign and its items (in the caller's view). */
    record CampaignView(AccessReviews.Campaign campaign, List<AccessReviews.Item> items) {
    }

    // ---------------------------------------------------------------- security officers

    @PostMapping(PLATFORM)
    @Operation(summary = "Open an access review", description = "Snapshots every role assignment of every account "
            + "that is not deprovisioned, each with its reviewer: security officers for the platform's, the tenant's "
            + "administrators for a tenant's (security officers when the tenant has no other active administrator). "
            + "Optional body `{\"deadlineDays\": 1–90}` (default 14). Needs reviews:run on the platform.")
    @ApiResponse(responseCode = "201", description = "The campaign")
    ResponseEntity<AccessReviews.Campaign> open(@RequestBody(required = false) NewCampaign request) {
        Caller caller = require(null);
        Duration runFor = request == null || request.deadlineDays() == null ? null
                : Duration.ofDays(request.deadlineDays());
        AccessReviews.Campaign campaign = reviews.open(caller, runFor);
        return ResponseEntity.created(URI.create(PLATFORM + "/" + campaign.id())).body(campaign);
    }

    @GetMapping(PLATFORM)
    @Operation(summary = "List access reviews", description = "Newest first, with their counts. Needs reviews:run "
            + "on the platform.")
    List<AccessReviews.Campaign> list() {
        require(null);
        return reviews.list(null);
    }

    @GetMapping(PLATFORM + "/{id}")
    @Operation(summary = "An access review and its items", description = "Every item; `decision=undecided` (or a "
            + "decision) filters them. Needs reviews:run on the platform.")
    CampaignView get(@PathVariable String id, @Parameter(description = "undecided, certified, revoked, auto-revoked "
            + "or gone") @RequestParam(required = false) String decision) {
        return view(id, null, decision);
    }

    @GetMapping(PLATFORM + "/{id}/items")
    @Operation(summary = "An access review's items", description = "As GET /api/v1/access-reviews/{id}, items only.")
    List<AccessReviews.Item> items(@PathVariable String id, @RequestParam(required = false) String decision) {
        require(null);
        return reviews.items(id, null, decision);
    }

    @PostMapping(PLATFORM + "/{id}/items/{itemId}")
    @Operation(summary = "Certify or revoke an item reviewed by security officers", description = DECIDE_DOC
            + " Items reviewed by a tenant's administrators are decided by them (403). Needs reviews:run on the "
            + "platform.")
    AccessReviews.Item decide(@PathVariable String id, @PathVariable String itemId,
            @RequestBody ItemDecision request) {
        Caller caller = require(null);
        return reviews.decide(caller, id, itemId, null, request.decision(), request.note());
    }

    @GetMapping(PLATFORM + "/{id}/report")
    @Operation(summary = "An access review's report", description = REPORT_DOC + " Needs reviews:run on the "
            + "platform.")
    ResponseEntity<?> report(@PathVariable String id, @RequestParam(required = false) String format,
            @RequestParam(required = false) String lang) {
        return report(id, null, format, lang);
    }

    // ---------------------------------------------------------------- a tenant's administrators

    @GetMapping(TENANT)
    @Operation(summary = "List the access reviews with items of a tenant", description = "Counted on the tenant's "
            + "items. Needs reviews:run on the tenant (its administrators).")
    List<AccessReviews.Campaign> listForTenant(@PathVariable String tenantId) {
        TenantId tenant = tenant(tenantId);
        require(tenant);
        return reviews.list(tenant);
    }

    @GetMapping(TENANT + "/{id}")
    @Operation(summary = "An access review's items of a tenant", description = "The tenant's items only; "
            + "`decision=undecided` (or a decision) filters them. Needs reviews:run on the tenant.")
    CampaignView getForTenant(@PathVariable String tenantId, @PathVariable String id,
            @RequestParam(required = false) String decision) {
        return view(id, tenant(tenantId), decision);
    }

    @GetMapping(TENANT + "/{id}/items")
    @Operation(summary = "An access review's items of a tenant", description = "As GET "
            + "/api/v1/tenants/{tenantId}/access-reviews/{id}, items only.")
    List<AccessReviews.Item> itemsForTenant(@PathVariable String tenantId, @PathVariable String id,
            @RequestParam(required = false) String decision) {
        TenantId tenant = tenant(tenantId);
        require(tenant);
        return reviews.items(id, tenant, decision);
    }

    @PostMapping(TENANT + "/{id}/items/{itemId}")
    @Operation(summary = "Certify or revoke an item of the tenant", description = DECIDE_DOC + " Only the tenant's "
            + "items reviewed by its administrators (an item of another tenant or of the platform is a 404; one "
            + "reviewed by security officers a 403). Needs reviews:run on the tenant.")
    AccessReviews.Item decideForTenant(@PathVariable String tenantId, @PathVariable String id,
            @PathVariable String itemId, @RequestBody ItemDecision request) {
        TenantId tenant = tenant(tenantId);
        Caller caller = require(tenant);
        return reviews.decide(caller, id, itemId, tenant, request.decision(), request.note());
    }

    @GetMapping(TENANT + "/{id}/report")
    @Operation(summary = "An access review's report on a tenant's items", description = REPORT_DOC + " Needs "
            + "reviews:run on the tenant.")
    ResponseEntity<?> reportForTenant(@PathVariable String tenantId, @PathVariable String id,
            @RequestParam(required = false) String format, @RequestParam(required = false) String lang) {
        return report(id, tenant(tenantId), format, lang);
    }

    // ---------------------------------------------------------------- shared

    private CampaignView view(String id, TenantId tenant, String decision) {
        require(tenant);
        List<AccessReviews.Item> items = reviews.items(id, tenant, decision);
        return new CampaignView(reviews.find(id, tenant).orElseThrow(), items);
    }

    private ResponseEntity<?> report(String id, TenantId tenant, String format, String lang) {
        require(tenant);
        String f = format == null ? "json" : format;
        String l = lang == null ? "en" : lang;
        if (!List.of("json", "text", "csv").contains(f)) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "format", "format must be json, text or csv.",
                    "format deve essere json, text o csv.");
        }
        if (!AccessReviewReportText.LANGUAGES.contains(l)) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "lang", "lang must be en or it.",
                    "lang deve essere en o it.");
        }
        AccessReviews.Report report = reviews.report(id, tenant);
        return switch (f) {
            case "text" -> ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_LANGUAGE, l).body(AccessReviewReportText.text(report, l));
            case "csv" -> ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_LANGUAGE, l)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + report.campaign().id()
                            + ".csv\"").body(AccessReviewReportText.csv(report, l));
            default -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
        };
    }

    private Caller require(TenantId tenant) {
        Caller caller = CurrentCaller.get();
        decisions.require(caller, Permission.REVIEWS_RUN, tenant);
        return caller;
    }

    private static TenantId tenant(String text) {
        return TenantId.parseOrInvalid(text, "tenantId");
    }
}
