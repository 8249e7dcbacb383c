package eu.custodia.server.records.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.Tenants;
import eu.custodia.server.vault.TenantKeysets;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * What every records and blobs call goes through: the decision point first (then 404 for a tenant that does
 * not exist, so a caller learns nothing about tenants it may not see, and 410 for a crypto-shredded one, read
 * from the store on every call so that no node serves it from cached keys), and the tenant's ledger after.
 */
@Component
final class RecordsGate {

    private final DecisionPoint decisions;
    private final Tenants tenants;
    private final TenantKeysets keysets;
    private final Ledger ledger;
    private final Clock clock;

    RecordsGate(DecisionPoint decisions, Tenants tenants, TenantKeysets keysets, Ledger ledger, Clock clock) {
        this.decisions = decisions;
        this.keysets = keysets;
        this.tenants = tenants;
        this.ledger = ledger;
        this.clock = clock;
    }

    void authorize(Caller caller, Permission permission, TenantId tenant) {
        authorize(caller, permission, tenant, null);
    }

    /** Like {@link #authorize(Caller, Permission, TenantId)}, for a call in one collection. */
    void authorize(Caller caller, Permission permission, TenantId tenant, String collection) {
        decisions.require(caller, permission, tenant, collection);
        if (tenants.find(tenant).isEmpty()) {
            throw BilingualProblem.of(ProblemType.NOT_FOUND, "No tenant " + tenant + ".", "Nessun tenant " + tenant
                    + ".");
        }
        keysets.requireNotShredded(tenant);
    }

    /** Records an event in the tenant's log, inside the caller's transaction: ids, versions, counts only. */
    void record(Caller actor, TenantId tenant, String action, String target, String outcome, String reason) {
        ledger.record(new LedgerEvent(clock.instant(), tenant, actor.ledgerActor(), action, target, outcome, reason,
                null));
    }
}
