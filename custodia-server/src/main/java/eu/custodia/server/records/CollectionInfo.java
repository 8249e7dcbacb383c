package eu.custodia.server.records;

import java.time.Instant;

/** A collection: its name, schema, and when it was defined and last changed. */
public record CollectionInfo(String name, CollectionSchema schema, Instant createdAt, Instant updatedAt) {
}
