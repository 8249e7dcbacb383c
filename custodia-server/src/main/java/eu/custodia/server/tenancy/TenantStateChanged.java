package eu.custodia.server.tenancy;

import eu.custodia.server.platform.TenantId;
import java.time.Instant;

/**
 * Published after a tenant's lifecycle state changed (in the same transaction as the change). Identifiers
 * only. {@code from} is {@code null} when the tenant was just created.
 */
public record TenantStateChanged(TenantId tenant, TenantState from, TenantState to, Instant at) {
}
