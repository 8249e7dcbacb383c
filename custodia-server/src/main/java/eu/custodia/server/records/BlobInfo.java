package eu.custodia.server.records;

import java.time.Instant;

/**
 * A blob's metadata: id, version (the HTTP ETag), plaintext size, media type, the SHA-256 of its sealed file
 * (hex; of the ciphertext, never of the content, so it confirms nothing about the content) and times.
 */
public record BlobInfo(String id, long version, long size, String contentType, String sealedSha256,
        Instant createdAt, Instant updatedAt) {
}
