package eu.custodia.server.tenancy;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantId;

/**
 * Changes to the tenant register for other modules (the demo seeder, later onboarding flows). Every call
 * passes the decision point as {@code caller} and is ledgered in the same transaction, exactly like the
 * REST API.
 */
public interface TenantCommands {

    /** Registers a tenant in state provisioning. */
    Tenant create(Caller caller, TenantContract contract);

    /** Replaces the contract data of the tenant at {@code expectedVersion} (optimistic concurrency). */
    Tenant update(Caller caller, TenantId id, long expectedVersion, TenantContract contract);

    /** Moves the tenant to {@code to}, if that transition is legal, recording {@code reason}. */
    Tenant transition(Caller caller, TenantId id, TenantState to, String reason);
}
