package eu.custodia.server.access;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantId;

/**
 * The one decision point every request passes (DESIGN.md §3.1): composable rules (tenant match, role
 * permission; later MFA freshness, grants, segregation of duties), deny by default. Every deny, and every
 * allow of a sensitive permission, is recorded in the ledger.
 */
public interface DecisionPoint {

    /**
     * Decides whether {@code caller} may exercise {@code permission} on {@code tenant} (null for a
     * platform-wide action), and records the decision when it must be ledgered.
     */
    Decision decide(Caller caller, Permission permission, TenantId tenant);

    /** Like {@link #decide}, but throws a 403 problem naming the rule when denied. */
    void require(Caller caller, Permission permission, TenantId tenant);

    /**
     * Like {@link #decide}, for a call in one collection of the tenant's records: a just-in-time access grant
     * narrowed to some collections covers only those. An implementation that knows no grants may ignore it.
     */
    default Decision decide(Caller caller, Permission permission, TenantId tenant, String collection) {
        return decide(caller, permission, tenant);
    }

    /**
     * Like {@link #require}, for a call in one collection of the tenant's records; returns the allowing decision,
     * whose {@link Decision#grantId()} names the just-in-time access grant it used, if any (work that outlives
     * the call, such as a stream, checks {@link AccessGrants#inForce} as it goes).
     */
    default Decision require(Caller caller, Permission permission, TenantId tenant, String collection) {
        require(caller, permission, tenant);
        return Decision.allow("require", "allowed");
    }
}
