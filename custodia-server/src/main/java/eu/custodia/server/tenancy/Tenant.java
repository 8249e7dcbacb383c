package eu.custodia.server.tenancy;

import eu.custodia.server.platform.TenantId;
import java.time.Instant;

/**
 * A tenant in the register: its id, lifecycle state, version (for optimistic concurrency: the HTTP ETag)
 * and contract data.
 */
public record Tenant(TenantId id, TenantState state, long version, Instant createdAt, Instant updatedAt,
        TenantContract contract) {
}
