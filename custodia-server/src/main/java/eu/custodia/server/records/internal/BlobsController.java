package eu.custodia.server.records.internal;

import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.records.BlobInfo;
import eu.custodia.server.records.Blobs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's blobs under {@code /api/v1/tenants/{tenantId}/blobs}: streamed in with PUT (any media type, up
 * to {@code custodia.records.max-blob-size}), streamed out with GET, versioned like records (ETag, If-Match,
 * If-None-Match), listed a page at a time.
 */
@RestController
@Tag(name = "Blobs", description = "A tenant's files, streamed and sealed with the tenant's streaming AEAD")
final class BlobsController {

    private static final String BASE = "/api/v1/tenants/{tenantId}/blobs";

    private final Blobs blobs;

    BlobsController(Blobs blobs) {
        this.blobs = blobs;
    }

    /** A page of blobs; {@code next} is the next page's URL, absent on the last page. */
    record BlobPageView(java.util.List<BlobInfo> items, String next) {
    }

    @PutMapping(BASE + "/{blobId}")
    @Operation(summary = "Upload a blob (streamed)", description = "The body is the content, streamed and sealed as "
            + "it arrives; its Content-Type is kept. Versioned like records: If-Match to replace, If-None-Match: * to "
            + "create only. 413 beyond the size limit, with nothing stored.")
    ResponseEntity<BlobInfo> put(@PathVariable String tenantId, @PathVariable String blobId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
            HttpServletRequest request) throws IOException {
        BlobInfo info;
        try (InputStream body = request.getInputStream()) {
            info = blobs.write(CurrentCaller.get(), tenant(tenantId), blobId, request.getContentType(), body,
                    request.getContentLengthLong(), RecordsController.precondition(ifMatch, ifNoneMatch));
        }
        return ResponseEntity.status(info.version() == 1 ? HttpStatus.CREATED : HttpStatus.OK)
                .eTag(RecordsController.etag(info.version())).body(info);
    }

    @GetMapping(BASE + "/{blobId}")
    @Operation(summary = "Download a blob (streamed)", description = "Decrypted as it is sent. A sealed file that was "
            + "altered, truncated or moved is refused before the first byte (500 integrity-failure) or, when the "
            + "damage is further on, ends the transfer early: check Content-Length.")
    void get(@PathVariable String tenantId, @PathVariable String blobId, HttpServletResponse response)
            throws IOException {
        Blobs.OpenBlob blob = blobs.open(CurrentCaller.get(), tenant(tenantId), blobId);
        // Written synchronously (no async timeout cuts a long download); headers go before the first byte.
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(blob.info().contentType());
        response.setContentLengthLong(blob.info().size());
        response.setHeader(HttpHeaders.ETAG, RecordsController.etag(blob.info().version()));
        response.setDateHeader(HttpHeaders.LAST_MODIFIED, blob.info().updatedAt().toEpochMilli());
        Blobs.copy(blob, response.getOutputStream());
    }

    @GetMapping(BASE + "/{blobId}/metadata")
    @Operation(summary = "Read a blob's metadata")
    ResponseEntity<BlobInfo> metadata(@PathVariable String tenantId, @PathVariable String blobId) {
        BlobInfo info = blobs.info(CurrentCaller.get(), tenant(tenantId), blobId);
        return ResponseEntity.ok().eTag(RecordsController.etag(info.version())).body(info);
    }

    @DeleteMapping(BASE + "/{blobId}")
    @Operation(summary = "Delete a blob", description = "Needs If-Match with its ETag (or *).")
    ResponseEntity<Void> delete(@PathVariable String tenantId, @PathVariable String blobId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        blobs.delete(CurrentCaller.get(), tenant(tenantId), blobId, RecordsController.precondition(ifMatch, null));
        return ResponseEntity.noContent().build();
    }

    @GetMapping(BASE)
    @Operation(summary = "List blobs", description = "Metadata in id order, one page at a time: follow `next`.")
    ResponseEntity<BlobPageView> list(@PathVariable String tenantId,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "cursor", required = false) String cursor, HttpServletRequest request) {
        int size = limit == null ? JdbcBlobs.DEFAULT_LIMIT : limit;
        Blobs.BlobPage page = blobs.list(CurrentCaller.get(), tenant(tenantId), cursor, size);
        String next = page.nextCursor() == null ? null
                : request.getRequestURI() + "?limit=" + size + "&cursor=" + page.nextCursor();
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (next != null) {
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(new BlobPageView(page.blobs(), next));
    }

    private static TenantId tenant(String text) {
        return TenantId.parseOrInvalid(text, "tenantId");
    }
}
