package eu.custodia.server.tenancy;

import eu.custodia.server.platform.TenantId;
import java.util.Optional;

/**
 * The tenant register, as other modules see it. No authorization here: callers of this interface are
 * other modules acting on an already authorized request, or background work.
 */
public interface Tenants {

    /** Returns the tenant, or empty if there is none with this id. */
    Optional<Tenant> find(TenantId id);

    /** Returns the tenant's lifecycle state, or empty if there is none with this id. */
    default Optional<TenantState> state(TenantId id) {
        return find(id).map(Tenant::state);
    }
}
