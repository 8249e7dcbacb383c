package eu.custodia.server.records;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantId;
import java.util.List;
import java.util.Map;

/**
 * A tenant's collections of JSON documents. Every method first asks the decision point
 * ({@code records:read} or {@code records:write} on the tenant), then works inside one transaction scoped to
 * the tenant's rows, and ledgers what it did in the tenant's log: ids, versions and counts, never content.
 * Documents are sealed with the tenant's records keyset; see {@code README.md}, "Records", for the layout.
 *
 * <p>Failures are RFC 9457 problems: 400 for a bad name, id, document or filter; 404 for no such collection
 * or record; 409 for a schema change that existing documents cannot follow; 412 and 428 for versions; 413 for
 * a document over 1 MiB; 503 {@code kms-unavailable} when the tenant's keys cannot be reached.
 */
public interface Records {

    /** Largest document accepted, in bytes of JSON (1 MiB). */
    int MAX_DOCUMENT_BYTES = 1 << 20;

    /** Creates a collection, or changes its schema (only personal marks and the subject field once it holds documents). */
    CollectionInfo defineCollection(Caller caller, TenantId tenant, String name, CollectionSchema schema);

    CollectionInfo collection(Caller caller, TenantId tenant, String name);

    List<CollectionInfo> collections(Caller caller, TenantId tenant);

    /** Writes a document: creates it when {@code id} is null (a new id) or absent, else replaces it. */
    StoredRecord write(Caller caller, TenantId tenant, String collection, String id, byte[] json,
            Precondition precondition);

    StoredRecord read(Caller caller, TenantId tenant, String collection, String id);

    /** Deletes a document; {@code precondition} must name its version (or {@code *}). */
    void delete(Caller caller, TenantId tenant, String collection, String id, Precondition precondition);

    /**
     * A page of documents in id order; {@code filters} (field → value, all must match) search indexed fields
     * by exact match through their blind indexes.
     */
    RecordPage list(Caller caller, TenantId tenant, String collection, Map<String, String> filters, String cursor,
            int limit);
}
