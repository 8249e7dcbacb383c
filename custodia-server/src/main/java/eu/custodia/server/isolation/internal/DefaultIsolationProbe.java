package eu.custodia.server.isolation.internal;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.isolation.CheckResult;
import eu.custodia.server.isolation.CheckStatus;
import eu.custodia.server.isolation.IsolationProbe;
import eu.custodia.server.isolation.ProbeRun;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.RequestIds;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the probe: makes sure the canary tenants exist, issues a key of each for the run, runs every
 * {@link IsolationCheck} in order, revokes the keys, then keeps the run and ledgers it in one transaction. A
 * run that cannot prepare its canaries fails every check with the reason, so it is ledgered and alerted like
 * any other failure.
 */
@Service
final class DefaultIsolationProbe implements IsolationProbe {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultIsolationProbe.class);
    private static final SecureRandom IDS = new SecureRandom();

    private final CanaryTenants canaries;
    private final ProbeKeys keys;
    private final List<IsolationCheck> checks;
    private final ProbeRuns runs;
    private final Ledger ledger;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ReentrantLock oneAtATime = new ReentrantLock();

    DefaultIsolationProbe(CanaryTenants canaries, ProbeKeys keys, List<IsolationCheck> checks, ProbeRuns runs,
            Ledger ledger, TransactionTemplate tx, Clock clock) {
        this.canaries = canaries;
        this.keys = keys;
        this.checks = List.copyOf(checks);
        this.runs = runs;
        this.ledger = ledger;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public ProbeRun run(Caller trigger) {
        oneAtATime.lock();
        try {
            Instant started = now();
            String id = newId();
            List<CheckResult> results = check();
            ProbeRun run = new ProbeRun(id, started, now(), ProbeRun.passes(results), trigger.id(), results);
            tx.executeWithoutResult(status -> {
                runs.insert(run);
                ledger.record(new LedgerEvent(run.finishedAt(), null, trigger.ledgerActor(), LEDGER_ACTION,
                        "isolation/runs/" + id, run.passed() ? "success" : "failure", run.summary(),
                        RequestIds.current()));
            });
            if (run.passed()) {
                LOG.info("isolation probe run {} passed: {}", id, run.summary());
            } else {
                LOG.error("isolation probe run {} FAILED: {}", id, run.summary());
                run.checks().stream().filter(c -> c.status() == CheckStatus.FAILED)
                        .forEach(c -> LOG.error("isolation probe run {}: {} failed: {}", id, c.id(), c.reason()));
            }
            return run;
        } finally {
            oneAtATime.unlock();
        }
    }

    private List<CheckResult> check() {
        ProbeKeys.ProbeKey keyA = null;
        ProbeKeys.ProbeKey keyB = null;
        try {
            CanaryTenants.Canaries tenants = canaries.ensure();
            keyA = keys.issue(tenants.a());
            keyB = keys.issue(tenants.b());
            ProbeContext context = new ProbeContext(tenants.a(), tenants.b(), keyA.caller(), keyB.caller(),
                    canaries.sealed(tenants.a()).orElse(null));
            List<CheckResult> results = new ArrayList<>();
            for (IsolationCheck check : checks) {
                results.add(safely(check, context));
            }
            return results;
        } catch (RuntimeException e) {
            LOG.error("isolation probe: the canaries could not be prepared", e);
            String reason = "the probe could not prepare its canary tenants and keys (" + Failures.describe(e) + ")";
            return checks.stream().map(c -> CheckResult.failed(c.id(), reason)).toList();
        } finally {
            if (keyA != null) {
                keys.revoke(keyA.id());
            }
            if (keyB != null) {
                keys.revoke(keyB.id());
            }
        }
    }

    private static CheckResult safely(IsolationCheck check, ProbeContext context) {
        try {
            return check.run(context);
        } catch (RuntimeException e) {
            LOG.error("isolation probe: check {} broke", check.id(), e);
            return CheckResult.failed(check.id(), "the check could not run (" + Failures.describe(e) + ")");
        }
    }

    @Override
    public List<ProbeRun> latest(int limit) {
        return runs.latest(limit);
    }

    @Override
    public Optional<ProbeRun> find(String id) {
        return runs.find(id);
    }

    /** The clock's time at the stores' precision (microseconds), so a run reads back as it was kept. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String newId() {
        byte[] bytes = new byte[10];
        IDS.nextBytes(bytes);
        return "iso-" + HexFormat.of().formatHex(bytes);
    }
}
