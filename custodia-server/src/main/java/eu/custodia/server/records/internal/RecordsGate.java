package eu.custodia.server.records.internal;

import eu.custodia.server.access.AccessGrants;
import eu.custodia.server.access.Decision;
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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

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
    private final Supplier<AccessGrants> grants;

    @Autowired
    RecordsGate(DecisionPoint decisions, Tenants tenants, TenantKeysets keysets, Ledger ledger, Clock clock,
            ObjectProvider<AccessGrants> grants) {
        this(decisions, tenants, keysets, ledger, clock,
                SingletonSupplier.of(() -> grants.getIfAvailable(() -> AccessGrants.NONE)));
    }

    /** Without the elevation module: no grant, so no stream is bound to one. */
    RecordsGate(DecisionPoint decisions, Tenants tenants, TenantKeysets keysets, Ledger ledger, Clock clock) {
        this(decisions, tenants, keysets, ledger, clock, () -> AccessGrants.NONE);
    }

    private RecordsGate(DecisionPoint decisions, Tenants tenants, TenantKeysets keysets, Ledger ledger, Clock clock,
            Supplier<AccessGrants> grants) {
        this.grants = grants;
        this.decisions = decisions;
        this.keysets = keysets;
        this.tenants = tenants;
        this.ledger = ledger;
        this.clock = clock;
    }

    Decision authorize(Caller caller, Permission permission, TenantId tenant) {
        return authorize(caller, permission, tenant, null);
    }

    /** Like {@link #authorize(Caller, Permission, TenantId)}, for a call in one collection. */
    Decision authorize(Caller caller, Permission permission, TenantId tenant, String collection) {
        Decision decision = decisions.require(caller, permission, tenant, collection);
        if (tenants.state(tenant).isEmpty()) {
            throw BilingualProblem.of(ProblemType.NOT_FOUND, "No tenant " + tenant + ".", "Nessun tenant " + tenant
                    + ".");
        }
        keysets.requireNotShredded(tenant);
        return decision;
    }

    /**
     * {@code in}, bound to the just-in-time access grant that allowed the call, if one did: a stream (a blob's
     * download or upload) that outlives the decision stops with an {@link IOException} within
     * {@value GrantBound#CHECK_MILLIS} ms of the grant's end, so an ended grant leaves no transfer running.
     */
    InputStream whileGranted(Decision decision, InputStream in) {
        return decision.grantId() == null ? in : new GrantBound(in, decision.grantId(), grants.get(), clock);
    }

    /**
     * Refuses to go on with work allowed by a just-in-time access grant that has ended since (403, nothing
     * stored): for the last check before an upload commits.
     */
    void requireStillGranted(Decision decision) {
        if (decision.grantId() != null && !grants.get().inForce(decision.grantId(), clock.instant())) {
            throw ended(decision.grantId());
        }
    }

    /** The problem of a transfer stopped because its grant ended. */
    static eu.custodia.server.platform.ProblemException ended(String grantId) {
        return BilingualProblem.of(ProblemType.FORBIDDEN, "Access grant " + grantId + " ended during the transfer:"
                + " nothing was stored.", "L'autorizzazione di accesso " + grantId + " è terminata durante il"
                + " trasferimento: nulla è stato salvato.");
    }

    /** Thrown by a {@link GrantBound} stream whose grant has ended. */
    static final class GrantEnded extends IOException {

        private static final long serialVersionUID = 1L;
        private final String grantId;

        GrantEnded(String grantId) {
            super("access grant " + grantId + " has ended: the transfer is stopped");
            this.grantId = grantId;
        }

        String grantId() {
            return grantId;
        }
    }

    /** A stream that checks, as it is read, that the grant it was opened under is still in force. */
    static final class GrantBound extends FilterInputStream {

        static final long CHECK_MILLIS = 100;

        private final String grantId;
        private final AccessGrants grants;
        private final Clock clock;
        private long nextCheck;

        GrantBound(InputStream in, String grantId, AccessGrants grants, Clock clock) {
            super(in);
            this.grantId = grantId;
            this.grants = grants;
            this.clock = clock;
        }

        @Override
        public int read() throws IOException {
            check();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return super.read(b, off, len);
        }

        private void check() throws IOException {
            long now = System.nanoTime();
            if (now - nextCheck < 0) {
                return;
            }
            if (!grants.inForce(grantId, clock.instant())) {
                throw new GrantEnded(grantId);
            }
            nextCheck = now + CHECK_MILLIS * 1_000_000;
        }
    }

    /** Records an event in the tenant's log, inside the caller's transaction: ids, versions, counts only. */
    void record(Caller actor, TenantId tenant, String action, String target, String outcome, String reason) {
        ledger.record(new LedgerEvent(clock.instant(), tenant, actor.ledgerActor(), action, target, outcome, reason,
                null));
    }
}
