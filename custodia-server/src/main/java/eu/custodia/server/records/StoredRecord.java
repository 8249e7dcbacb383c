package eu.custodia.server.records;

import java.time.Instant;

/**
 * One document as stored: its id, version (the HTTP ETag), when it was created and last written, and its
 * JSON bytes (plaintext, only ever in memory, only for the caller that may read it).
 */
public record StoredRecord(String collection, String id, long version, Instant createdAt, Instant updatedAt,
        byte[] document) {
}
