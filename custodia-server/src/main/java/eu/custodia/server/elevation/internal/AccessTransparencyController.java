package eu.custodia.server.elevation.internal;

import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.platform.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Access transparency under {@code /api/v1/tenants/{id}/access-transparency}: the tenant's staff-access events
 * from its own log with ledger indexes and inclusion proofs (C2SP tlog-proof, RFC 9162), and the same as an
 * evidence bundle ({@code docs/evidence-bundle.md}) for {@code custodia-verify bundle}.
 */
@RestController
@Tag(name = "Access requests")
@ApiResponse(responseCode = "400", description = "A malformed request id or date, or to before from"
        + " (urn:custodia:problem:validation); more than 10,000 events (urn:custodia:problem:access-transparency-too-many)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The caller may not read this tenant's access requests",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "409", description = "Bundle only: the tenant's log has no signed checkpoint yet"
        + " (urn:custodia:problem:ledger-not-integrated); try again in a few seconds",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
final class AccessTransparencyController {

    /** Response header: matching events recorded but not yet integrated, so not in the bundle. */
    static final String PENDING_HEADER = "Custodia-Pending-Events";

    private static final MediaType ZIP = MediaType.parseMediaType("application/zip");

    private final AccessTransparency transparency;

    AccessTransparencyController(AccessTransparency transparency) {
        this.transparency = transparency;
    }

    @GetMapping("/api/v1/tenants/{tenantId}/access-transparency")
    @Operation(summary = "Every staff-access event on the tenant, with ledger index and inclusion proof",
            description = "Security officers, the tenant's administrators and auditors (`elevation:read`). Every"
                    + " `elevation.*` event of the tenant's log (request, approvals, denial, activation, break-glass,"
                    + " each use of a grant, conclusion, revocation, expiry), oldest first; `request` narrows to one"
                    + " access request (`elv-…`), `from` (included) and `to` (excluded) to a period (RFC 3339). Each"
                    + " event has its ledger `index` and `proof`, a C2SP tlog-proof against the answer's `checkpoint`;"
                    + " an event not yet integrated has `status` `pending` and neither. `origin` and `verifierKey`"
                    + " are what `custodia-verify` needs.")
    ResponseEntity<AccessTransparency.View> list(@PathVariable String tenantId,
            @RequestParam(required = false) String request, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        TenantId tenant = TenantId.parseOrInvalid(tenantId, "tenantId");
        AccessTransparency.Query query = AccessTransparency.query(request, from, to);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(transparency.list(CurrentCaller.get(), tenant, query));
    }

    @GetMapping("/api/v1/tenants/{tenantId}/access-transparency/bundle")
    @Operation(summary = "The same events as an evidence bundle", description = "An `application/zip` evidence"
            + " bundle (docs/evidence-bundle.md) of the matching events that are integrated, each with its"
            + " tlog-proof against one checkpoint, the manifest signed by the log's key: check it offline with"
            + " `custodia-verify bundle FILE --key VKEY`. The tenant's pending events are integrated first; header"
            + " `Custodia-Pending-Events` says how many matching events were still pending and are not in it.")
    ResponseEntity<byte[]> bundle(@PathVariable String tenantId, @RequestParam(required = false) String request,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        TenantId tenant = TenantId.parseOrInvalid(tenantId, "tenantId");
        AccessTransparency.Query query = AccessTransparency.query(request, from, to);
        AccessTransparency.Bundle bundle = transparency.bundle(CurrentCaller.get(), tenant, query);
        String name = "access-transparency-" + tenant.value() + "-" + bundle.treeSize() + ".zip";
        return ResponseEntity.ok().contentType(ZIP).cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build()
                        .toString())
                .header(PENDING_HEADER, Long.toString(bundle.pending())).body(bundle.zip());
    }
}
