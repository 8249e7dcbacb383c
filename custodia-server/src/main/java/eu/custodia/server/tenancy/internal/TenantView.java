package eu.custodia.server.tenancy.internal;

import eu.custodia.server.tenancy.Tenant;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.tenancy.TenantState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A tenant as the API shows it; {@code version} is also its ETag. */
@Schema(name = "Tenant", description = "A tenant in the register")
record TenantView(
        @Schema(example = "t-abcdefghijklmnopqrstuvwxyz") String id,
        @Schema(allowableValues = {"provisioning", "active", "suspended", "terminated"}) TenantState state,
        long version, Instant createdAt, Instant updatedAt, TenantContract contract) {

    static TenantView of(Tenant t) {
        return new TenantView(t.id().value(), t.state(), t.version(), t.createdAt(), t.updatedAt(), t.contract());
    }
}
