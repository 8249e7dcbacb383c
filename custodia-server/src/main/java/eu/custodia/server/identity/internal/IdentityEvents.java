package eu.custodia.server.identity.internal;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/** Writes identity's ledger events to the platform log (identifiers and metadata only). */
@Component
final class IdentityEvents {

    private final Ledger ledger;
    private final Clock clock;

    IdentityEvents(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Records a successful platform-log event, inside the caller's transaction. */
    void platform(Caller actor, String action, String target, String reason) {
        ledger.record(new LedgerEvent(clock.instant(), null, actor(actor), action, target, "success", reason, null));
    }

    /**
     * Records an event about an account: in the tenant's log for a tenant's account, else in the platform
     * log; inside the caller's transaction. Names the account by id only.
     */
    void account(Caller actor, TenantId tenant, String action, String target, String outcome, String reason) {
        ledger.record(new LedgerEvent(clock.instant(), tenant, actor(actor), action, target, outcome, reason, null));
    }


    /** An account acting on itself (accepting an invitation, enrolling, signing in). */
    static Caller self(eu.custodia.server.identity.Account account) {
        return new Caller(account.id(), account.kind(), java.util.Set.of(), account.tenant(), List.of());
    }

    static LedgerEvent.Actor actor(Caller caller) {
        return caller.ledgerActor();
    }
}
