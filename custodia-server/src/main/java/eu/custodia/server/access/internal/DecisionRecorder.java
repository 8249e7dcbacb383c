package eu.custodia.server.access.internal;

import eu.custodia.server.access.Decision;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.RequestIds;
import eu.custodia.server.platform.TenantId;
import java.time.Clock;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ledgers decisions: in the tenant's log when a tenant is involved (the one acted on, else the caller's),
 * else in the platform log. Outside a transaction it opens one of its own. Inside one it records there,
 * so an allowed change and its decision commit together; a deny is written again in a fresh transaction
 * if the surrounding one rolls back (as it usually does after the 403), so no deny is lost. That second
 * write runs on a separate thread once the rolled-back connection is released: SQLite has one writer, and
 * the rolled-back connection keeps its write lock until it is handed back to the pool. The event names the
 * request it was decided for when it is built, so the deny written again on that thread still carries it.
 */
@Component
final class DecisionRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionRecorder.class);
    /** A collection name as the records module accepts it: only such a name is written into a ledger reason. */
    private static final java.util.regex.Pattern COLLECTION = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final Ledger ledger;
    private final Clock clock;
    private final TransactionTemplate own;
    private final TransactionTemplate fresh;
    private final ExecutorService afterRollback = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "decision-recorder");
        thread.setDaemon(true);
        return thread;
    });

    DecisionRecorder(Ledger ledger, Clock clock, PlatformTransactionManager transactions) {
        this.ledger = ledger;
        this.clock = clock;
        this.own = new TransactionTemplate(transactions);
        this.fresh = new TransactionTemplate(transactions);
        this.fresh.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    void record(AccessRequest request, Decision decision) {
        LedgerEvent event = event(request, decision);
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            own.executeWithoutResult(status -> ledger.record(event));
            return;
        }
        ledger.record(event);
        if (!decision.allowed() && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        afterRollback.execute(() -> recordAfterRollback(event));
                    }
                }
            });
        }
    }

    private void recordAfterRollback(LedgerEvent event) {
        try {
            fresh.executeWithoutResult(s -> ledger.record(event));
        } catch (RuntimeException e) {
            LOG.error("could not ledger a deny decision of {} after its transaction rolled back", event.actor().id(), e);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        afterRollback.shutdown();
        afterRollback.awaitTermination(10, TimeUnit.SECONDS);
    }

    private LedgerEvent event(AccessRequest request, Decision decision) {
        Caller caller = request.caller();
        TenantId log = request.tenant() != null ? request.tenant() : caller.tenant();
        String target = request.tenant() == null ? "platform" : "tenant/" + request.tenant();
        if (decision.allowed() && decision.grantId() != null) {
            // A use of a just-in-time access grant: the tenant's log says who, under which grant, ticket and
            // reason, for whom they work and from where, and what they reached.
            LedgerEvent.Actor actor = caller.ledgerActor(decision.grantId());
            return new LedgerEvent(clock.instant(), log, actor, "elevation.grant-used", target, "success",
                    request.permission().code() + " on " + target
                            + (request.collection() == null ? ""
                                    : COLLECTION.matcher(request.collection()).matches()
                                            ? " collection " + request.collection() : " a collection not named validly")
                            + " by principal " + caller.principal() + " under "
                            + decision.reason(),
                    RequestIds.current());
        }
        LedgerEvent.Actor actor = caller.ledgerActor();
        return new LedgerEvent(clock.instant(), log, actor, decision.allowed() ? "access.allowed" : "access.denied",
                target, decision.allowed() ? "success" : "denied",
                request.permission().code() + " by rule " + decision.rule() + ": " + decision.reason(),
                RequestIds.current());
    }
}
