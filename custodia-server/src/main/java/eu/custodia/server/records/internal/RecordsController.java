package eu.custodia.server.records.internal;

import com.fasterxml.jackson.annotation.JsonRawValue;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.IfMatch;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.records.CollectionInfo;
import eu.custodia.server.records.CollectionSchema;
import eu.custodia.server.records.Precondition;
import eu.custodia.server.records.RecordPage;
import eu.custodia.server.records.Records;
import eu.custodia.server.records.StoredRecord;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The records API under {@code /api/v1/tenants/{tenantId}/collections}: collections and their schemas, JSON
 * documents with optimistic versioning (the ETag is the version; writes send If-Match or If-None-Match),
 * cursor-paginated listing and exact-match search on indexed fields ({@code ?filter.<field>=<value>}).
 */
@RestController
@Tag(name = "Records", description = "A tenant's collections of JSON documents, sealed under the tenant's own keys")
final class RecordsController {

    private static final String BASE = "/api/v1/tenants/{tenantId}/collections";
    /** Our ETags: a version, at most 18 digits so that it parses as a long. */
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");

    private final Records records;
    private final Reencryption reencryption;

    RecordsController(Records records, Reencryption reencryption) {
        this.records = records;
        this.reencryption = reencryption;
    }

    @PostMapping("/api/v1/tenants/{tenantId}/records/reencryption")
    @Operation(summary = "Re-encrypt a tenant's records under its current keys", description = "After a keyset "
            + "rotation: seals again, in the background, every document sealed under an older key, and recomputes "
            + "blind indexes under the current PRF key. Resumes a failed or interrupted job from where it stopped; "
            + "starts over after a completed one. Needs keys:rotate. Answers 202 with the job; follow it with GET.")
    ResponseEntity<Reencryption.Job> reencrypt(@PathVariable String tenantId) {
        return ResponseEntity.accepted().body(reencryption.start(CurrentCaller.get(), tenant(tenantId)));
    }

    @GetMapping("/api/v1/tenants/{tenantId}/records/reencryption")
    @Operation(summary = "Progress of a tenant's re-encryption", description = "State (running, completed, failed), "
            + "records done of the total, percent, and the error of a failed job.")
    Reencryption.Job reencryptionStatus(@PathVariable String tenantId) {
        return reencryption.status(CurrentCaller.get(), tenant(tenantId));
    }

    /** A collection's schema as the API takes it. */
    record SchemaRequest(Map<String, CollectionSchema.Field> fields, String subjectField) {
    }

    /** A record's metadata, answered to writes. */
    record RecordMeta(String collection, String id, long version, Instant createdAt, Instant updatedAt) {
        static RecordMeta of(StoredRecord r) {
            return new RecordMeta(r.collection(), r.id(), r.version(), r.createdAt(), r.updatedAt());
        }
    }

    /** A record in a page: its metadata and its document. */
    record RecordItem(String id, long version, Instant createdAt, Instant updatedAt, @JsonRawValue String document) {
    }

    /** A page of records; {@code next} is the next page's URL (also a Link header), absent on the last page. */
    record RecordPageView(List<RecordItem> items, String next) {
    }

    @GetMapping(BASE)
    @Operation(summary = "List a tenant's collections")
    List<CollectionInfo> collections(@PathVariable String tenantId) {
        return records.collections(CurrentCaller.get(), tenant(tenantId));
    }

    @GetMapping(BASE + "/{collection}")
    @Operation(summary = "Read a collection's schema")
    CollectionInfo collection(@PathVariable String tenantId, @PathVariable String collection) {
        return records.collection(CurrentCaller.get(), tenant(tenantId), collection);
    }

    @PutMapping(path = BASE + "/{collection}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Define a collection or change its schema", description = "Declares top-level fields as "
            + "indexed (exact-match search through blind indexes) and/or personal, and which field holds the "
            + "data-subject key. Once a collection holds documents its indexed fields and subject field are fixed.")
    CollectionInfo define(@PathVariable String tenantId, @PathVariable String collection,
            @RequestBody SchemaRequest request) {
        return records.defineCollection(CurrentCaller.get(), tenant(tenantId), collection,
                new CollectionSchema(request.fields(), request.subjectField()));
    }

    @PostMapping(path = BASE + "/{collection}/records", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a record with a new id", description = "The body is the JSON document (an object, "
            + "at most 1 MiB). Answers 201 with Location and the ETag of version 1.")
    ResponseEntity<RecordMeta> create(@PathVariable String tenantId, @PathVariable String collection,
            HttpServletRequest request) throws IOException {
        StoredRecord stored = records.write(CurrentCaller.get(), tenant(tenantId), collection, null, body(request),
                Precondition.MUST_NOT_EXIST);
        return ResponseEntity.created(URI.create(request.getRequestURI() + "/" + stored.id()))
                .eTag(etag(stored.version())).lastModified(stored.updatedAt()).body(RecordMeta.of(stored));
    }

    @PutMapping(path = BASE + "/{collection}/records/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create or replace a record", description = "Replacing needs If-Match with the ETag you "
            + "read (or *); If-None-Match: * creates only if absent; without either, the record is created if "
            + "absent and 428 answers if it exists.")
    ResponseEntity<RecordMeta> put(@PathVariable String tenantId, @PathVariable String collection,
            @PathVariable String id, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
            HttpServletRequest request) throws IOException {
        StoredRecord stored = records.write(CurrentCaller.get(), tenant(tenantId), collection, id, body(request),
                precondition(ifMatch, ifNoneMatch));
        return ResponseEntity.status(stored.version() == 1 ? HttpStatus.CREATED : HttpStatus.OK)
                .eTag(etag(stored.version())).lastModified(stored.updatedAt()).body(RecordMeta.of(stored));
    }

    @GetMapping(path = BASE + "/{collection}/records/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Read a record", description = "The body is the document; the ETag is its version.")
    ResponseEntity<byte[]> read(@PathVariable String tenantId, @PathVariable String collection,
            @PathVariable String id) {
        StoredRecord stored = records.read(CurrentCaller.get(), tenant(tenantId), collection, id);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).eTag(etag(stored.version()))
                .lastModified(stored.updatedAt()).body(stored.document());
    }

    @DeleteMapping(BASE + "/{collection}/records/{id}")
    @Operation(summary = "Delete a record", description = "Needs If-Match with its ETag (or *).")
    ResponseEntity<Void> delete(@PathVariable String tenantId, @PathVariable String collection,
            @PathVariable String id, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        records.delete(CurrentCaller.get(), tenant(tenantId), collection, id, precondition(ifMatch, null));
        return ResponseEntity.noContent().build();
    }

    @GetMapping(BASE + "/{collection}/records")
    @Operation(summary = "List or search records", description = "In id order, one page at a time: follow `next` "
            + "(also a Link header) until it is absent. `filter.<field>=<value>` (repeatable, all must match) "
            + "searches indexed fields by exact match.")
    ResponseEntity<RecordPageView> list(@PathVariable String tenantId, @PathVariable String collection,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "cursor", required = false) String cursor,
            @RequestParam Map<String, String> params, HttpServletRequest request) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (var param : params.entrySet()) {
            if (param.getKey().startsWith("filter.")) {
                filters.put(param.getKey().substring("filter.".length()), param.getValue());
            } else if (!param.getKey().equals("limit") && !param.getKey().equals("cursor")) {
                throw BilingualProblem.field(ProblemType.VALIDATION, param.getKey(), "Unknown query parameter "
                        + param.getKey() + "; use limit, cursor and filter.<field>.", "Parametro sconosciuto "
                        + param.getKey() + "; usare limit, cursor e filter.<campo>.");
            }
        }
        int size = limit == null ? JdbcRecords.DEFAULT_LIMIT : limit;
        RecordPage page = records.list(CurrentCaller.get(), tenant(tenantId), collection, filters, cursor, size);
        List<RecordItem> items = page.records().stream().map(r -> new RecordItem(r.id(), r.version(), r.createdAt(),
                r.updatedAt(), new String(r.document(), StandardCharsets.UTF_8))).toList();
        String next = null;
        if (page.nextCursor() != null) {
            StringBuilder url = new StringBuilder(request.getRequestURI()).append("?limit=").append(size)
                    .append("&cursor=").append(page.nextCursor());
            filters.forEach((f, v) -> url.append("&filter.").append(f).append('=')
                    .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
            next = url.toString();
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (next != null) {
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(new RecordPageView(items, next));
    }

    /** Reads the request body, refusing more than 1 MiB without reading further. */
    private static byte[] body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > Records.MAX_DOCUMENT_BYTES) {
            throw new JdbcRecords.ProblemTooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(Records.MAX_DOCUMENT_BYTES + 1);
            if (bytes.length > Records.MAX_DOCUMENT_BYTES) {
                throw new JdbcRecords.ProblemTooLarge();
            }
            return bytes;
        }
    }

    /** The precondition of If-Match / If-None-Match (RFC 9110 §13.1.1-2); our ETags are versions in quotes. */
    static Precondition precondition(String ifMatch, String ifNoneMatch) {
        if (ifMatch != null && ifNoneMatch != null) {
            throw BilingualProblem.of(ProblemType.VALIDATION, "Send If-Match or If-None-Match, not both.",
                    "Inviare If-Match oppure If-None-Match, non entrambi.");
        }
        if (ifNoneMatch != null) {
            if (!ifNoneMatch.trim().equals("*")) {
                throw BilingualProblem.field(ProblemType.VALIDATION, "If-None-Match", "Only If-None-Match: * "
                        + "(create only if absent) is supported on writes.", "Sulle scritture è ammesso solo "
                        + "If-None-Match: * (crea solo se assente).");
            }
            return Precondition.MUST_NOT_EXIST;
        }
        if (ifMatch == null) {
            return Precondition.NONE;
        }
        IfMatch parsed = IfMatch.parse(ifMatch);
        if (parsed.any()) {
            return new Precondition(Precondition.Kind.ANY_VERSION, Set.of());
        }
        Set<Long> versions = new HashSet<>();
        for (String tag : parsed.tags()) {
            if (VERSION.matcher(tag).matches()) {
                versions.add(Long.parseLong(tag));
            }
        }
        return new Precondition(Precondition.Kind.VERSIONS, versions);
    }

    static String etag(long version) {
        return IfMatch.etag(version);
    }

    private static TenantId tenant(String text) {
        return TenantId.parseOrInvalid(text, "tenantId");
    }
}
