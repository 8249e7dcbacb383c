package eu.custodia.server.tenancy.internal;

import eu.custodia.server.platform.IfMatch;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.Tenant;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.tenancy.TenantState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/tenants}: the tenant register and lifecycle. Authorization is the service's first step
 * on every operation (the decision point); this class only translates HTTP.
 */
@RestController
@RequestMapping(path = "/api/v1/tenants", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Tenants", description = "The tenant and contract register and the tenant lifecycle "
        + "(provisioning → active ⇄ suspended → terminated). Errors are RFC 9457 problem details.")
@ApiResponse(responseCode = "400", description = "Invalid request: field errors, unknown field or malformed body",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "401", description = "Not authenticated",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The caller may not do this (decision point)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
class TenantController {

    static final String BASE = "/api/v1/tenants";
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final TenantService tenants;
    private final CurrentCallerAdapter caller;

    TenantController(TenantService tenants, CurrentCallerAdapter caller) {
        this.tenants = tenants;
        this.caller = caller;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Register a tenant", description = "Creates a tenant in state provisioning. With an "
            + "Idempotency-Key, repeating the same request returns the first response; the same key with a "
            + "different body is refused (422).")
    @ApiResponse(responseCode = "201", description = "Created", headers = {
            @Header(name = "Location", description = "The tenant's URL"),
            @Header(name = "ETag", description = "The tenant's version")})
    @ApiResponse(responseCode = "422", description = "Idempotency-Key reused with a different body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<TenantView> create(
            @Parameter(description = "Client-chosen key (1–255 visible ASCII characters) making the request safe to retry")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @Valid @RequestBody TenantContract contract) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw fieldProblem("Idempotency-Key", "must be 1-255 visible ASCII characters");
        }
        TenantService.Created created = tenants.create(caller.get(), contract, idempotencyKey);
        TenantView view = created.tenant();
        ResponseEntity.BodyBuilder response = ResponseEntity.created(URI.create(BASE + "/" + view.id()))
                .eTag(IfMatch.etag(view.version()));
        if (created.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(view);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read a tenant", description = "The ETag header carries the version to send in If-Match.")
    @ApiResponse(responseCode = "200", description = "The tenant", headers = @Header(name = "ETag"))
    @ApiResponse(responseCode = "404", description = "No such tenant",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<TenantView> get(@PathVariable("id") String id) {
        return withETag(tenants.get(caller.get(), tenantId(id)));
    }

    @GetMapping
    @Operation(summary = "List tenants", description = "In creation order, one page at a time: follow `next` "
            + "(also a Link header with rel=\"next\") until it is absent. A tenant-bound caller sees only its own tenant.")
    @ApiResponse(responseCode = "200", description = "A page of tenants")
    ResponseEntity<TenantPage> list(
            @Parameter(description = "Page size, 1–" + MAX_LIMIT) @RequestParam(name = "limit", required = false) Integer limit,
            @Parameter(description = "Opaque cursor from a previous page's next link")
            @RequestParam(name = "cursor", required = false) String cursor) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw fieldProblem("limit", "must be between 1 and " + MAX_LIMIT);
        }
        long after = Cursor.decode(cursor);
        List<TenantRepository.Row> rows = tenants.list(caller.get(), after, size + 1);
        boolean more = rows.size() > size;
        List<TenantRepository.Row> page = more ? rows.subList(0, size) : rows;
        String next = more ? BASE + "?limit=" + size + "&cursor=" + Cursor.encode(page.get(size - 1).seq()) : null;
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (next != null) {
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(new TenantPage(page.stream().map(r -> TenantView.of(r.tenant())).toList(), next));
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replace a tenant's contract data", description = "Send the full contract document and "
            + "If-Match with the ETag you read. The ledger records which fields changed, never their values.")
    @ApiResponse(responseCode = "200", description = "The updated tenant", headers = @Header(name = "ETag"))
    @ApiResponse(responseCode = "409", description = "The tenant is terminated",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "412", description = "If-Match does not match the tenant's current version",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "428", description = "If-Match is missing",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<TenantView> update(@PathVariable("id") String id,
            @Parameter(description = "The ETag of the version being replaced, e.g. \"3\"")
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody TenantContract contract) {
        return withETag(tenants.update(caller.get(), tenantId(id), IfMatch.parse(ifMatch), contract));
    }

    @PostMapping(path = "/{id}/state", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Move a tenant to another lifecycle state", description = "Legal transitions: "
            + "provisioning → active, active → suspended, suspended → active, active or suspended → terminated; "
            + "terminated is final. Any other is refused with urn:custodia:problem:illegal-transition (409). "
            + "If-Match is optional here; when sent it must match.")
    @ApiResponse(responseCode = "200", description = "The tenant in its new state", headers = @Header(name = "ETag"))
    @ApiResponse(responseCode = "409", description = "Illegal transition",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<TenantView> transition(@PathVariable("id") String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody TransitionRequest request) {
        return withETag(tenants.transition(caller.get(), tenantId(id), TenantState.fromCode(request.to()),
                request.reason(), IfMatch.parse(ifMatch)));
    }

    @GetMapping("/{id}/history")
    @Operation(summary = "A tenant's lifecycle history", description = "Every state transition, oldest first, "
            + "with actor and reason.")
    @ApiResponse(responseCode = "200", description = "The transitions")
    List<TransitionView> history(@PathVariable("id") String id) {
        return tenants.history(caller.get(), tenantId(id)).stream().map(TransitionView::of).toList();
    }

    private static ResponseEntity<TenantView> withETag(Tenant tenant) {
        return ResponseEntity.ok().eTag(IfMatch.etag(tenant.version())).body(TenantView.of(tenant));
    }

    /** A path segment that is not a tenant id names no tenant: the same 404 as an unknown one. */
    private static TenantId tenantId(String id) {
        TenantId parsed = TenantId.parseOrNull(id);
        if (parsed == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "There is no such tenant.");
        }
        return parsed;
    }

    private static ProblemException fieldProblem(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, "Some fields are not valid; see errors.",
                Map.of("errors", List.of(Map.of("field", field, "message", message))));
    }
}
