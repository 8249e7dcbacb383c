package eu.custodia.server.elevation.internal;

import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The per-tenant, per-period access report under {@code /api/v1/tenants/{id}/access-report}. */
@RestController
@Tag(name = "Access requests")
@ApiResponse(responseCode = "400", description = "A malformed date, to before from, or a period over 366 days",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The caller may not read this tenant's access requests",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
final class ElevationReportController {

    private final ElevationReports reports;

    ElevationReportController(ElevationReports reports) {
        this.reports = reports;
    }

    @GetMapping("/api/v1/tenants/{tenantId}/access-report")
    @Operation(summary = "The tenant's staff access report for a period", description = "Security officers, the"
            + " tenant's administrators and auditors (`elevation:read`). `from` and `to` are ISO dates (UTC days,"
            + " `to` included; default: the current month; at most 366 days). Requests made, approvals by gate,"
            + " denials by gate, activations, emergency uses, grants ended by cause, their durations in minutes"
            + " and `revokedOnTime` (grants whose access ended no later than their expiry). `Accept: text/plain`"
            + " (or `format=text`) gives a short text, `lang=en` or `it` (default: both).")
    ResponseEntity<?> report(@PathVariable String tenantId, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String lang,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        TenantId tenant = TenantId.parseOrInvalid(tenantId, "tenantId");
        if (lang != null && !ElevationReportText.LANGUAGES.contains(lang)) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "lang", "lang must be en or it.",
                    "lang deve essere en o it.");
        }
        if (format != null && !"json".equals(format) && !"text".equals(format)) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "format", "format must be json or text.",
                    "format deve essere json o text.");
        }
        AccessReport report = reports.report(CurrentCaller.get(), tenant, from, to);
        boolean text = "text".equals(format) || (format == null && accept != null
                && accept.contains(MediaType.TEXT_PLAIN_VALUE) && !accept.contains(MediaType.APPLICATION_JSON_VALUE));
        if (text) {
            return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_LANGUAGE, lang == null ? "en, it" : lang)
                    .body(ElevationReportText.text(report, lang));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }
}
