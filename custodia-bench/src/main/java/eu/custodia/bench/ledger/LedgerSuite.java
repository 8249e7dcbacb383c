package eu.custodia.bench.ledger;

import eu.custodia.bench.Figure;
import eu.custodia.bench.RunContext;
import eu.custodia.bench.Suite;
import eu.custodia.bench.SuiteResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code ledger} suite: what the server's ledger costs a business write (on SQLite and PostgreSQL), how
 * fast the integrator turns recorded events into signed checkpoints on PostgreSQL, and how soon
 * {@code custodia-server-exec.jar serve} is ready.
 */
public final class LedgerSuite implements Suite {

    static final String SUITE = "ledger";
    static final int WRITERS = 16;
    /** The offered rate at which the commit-to-checkpoint latency is measured: the throughput target. */
    static final int PACED_EVENTS_PER_SECOND = 5_000;
    static final int LOGS = 100;

    @Override
    public String name() {
        return SUITE;
    }

    @Override
    public String summary() {
        return "Server ledger (custodia-server): overhead of ledgering a tenant update on SQLite and "
                + "PostgreSQL, integration throughput and commit-to-checkpoint latency on PostgreSQL, time "
                + "until `serve` is ready.";
    }

    /** Sizes of one variant. */
    record Plan(int warmupBlocks, int blocks, double integrationWarmup, double integrationSeconds, int serveRuns) {
    }

    static Plan plan(boolean quick) {
        return quick ? new Plan(5, 15, 2, 5, 3) : new Plan(15, 50, 5, 20, 3);
    }

    @Override
    public SuiteResult run(RunContext ctx) throws Exception {
        Path execJar = ctx.repoRoot().resolve("custodia-server").resolve("target").resolve("custodia-server-exec.jar");
        if (!Files.isRegularFile(execJar)) {
            throw new IOException(execJar + " is missing: build it with mvn -pl custodia-server -am package");
        }
        Plan plan = plan(ctx.quick());
        // The server prints to standard output (its log, the setup token); only figures may go there.
        PrintStream stdout = System.out;
        System.setOut(ctx.log());
        try {
            return measure(ctx, plan);
        } finally {
            System.setOut(stdout);
        }
    }

    private SuiteResult measure(RunContext ctx, Plan plan) throws Exception {
        List<Figure> figures = new ArrayList<>();
        List<String> details = new ArrayList<>();
        PrintStream log = ctx.log();

        // 1. Overhead of the ledger on a tenant update, SQLite then PostgreSQL.
        List<OverheadRun.Result> overheads = new ArrayList<>();
        try (BenchStore store = BenchStore.sqlite()) {
            overheads.add(OverheadRun.run(store, plan.warmupBlocks(), plan.blocks(), log));
        }
        try (BenchStore store = BenchStore.postgresql()) {
            overheads.add(OverheadRun.run(store, plan.warmupBlocks(), plan.blocks(), log));
        }
        for (OverheadRun.Result r : overheads) {
            figures.add(Figure.relative(SUITE, "tenant_update_ledger_overhead_" + r.store(), r.with().median(),
                    "ms median (PUT tenant)", r.without().median(), "<=1.3"));
            details.add(String.format(Locale.ROOT, "overhead on %s (%s): %,d updates per side after %,d warm-up; "
                            + "with the ledger p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, mean %.2f ms; with a no-op "
                            + "ledger p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, mean %.2f ms; took %.0f s",
                    r.store(), r.scheme().toUpperCase(Locale.ROOT), r.with().count(), r.warmupPerSide(),
                    r.with().median(), r.with().percentile(90), r.with().percentile(99), r.with().mean(),
                    r.without().median(), r.without().percentile(90), r.without().percentile(99),
                    r.without().mean(), r.seconds()));
            log.println("ledger: " + details.get(details.size() - 1));
        }

        // 2. Integration on PostgreSQL.
        // Throughput at saturation; latency at the rate the target names (a p99 at saturation grows with the
        // machine's overload, so it is reported beside, without a target).
        IntegrationRun.Result ir;
        IntegrationRun.Result paced;
        try (BenchStore store = BenchStore.postgresql()) {
            ir = IntegrationRun.run(store, WRITERS, LOGS, plan.integrationWarmup(), plan.integrationSeconds(), log);
        }
        try (BenchStore store = BenchStore.postgresql()) {
            paced = IntegrationRun.run(store, WRITERS, LOGS, plan.integrationWarmup(), plan.integrationSeconds(),
                    PACED_EVENTS_PER_SECOND, log);
        }
        boolean complete = ir.uncovered() == 0;
        figures.add(Figure.absolute(SUITE, "integration_events_per_s_postgresql", ir.integratedPerSecond(),
                "events/s", ">=5000"));
        double pacedP99 = paced.latencyMs().percentile(99);
        figures.add(Figure.absolute(SUITE, "integration_commit_to_checkpoint_p99_postgresql",
                Double.isFinite(pacedP99) ? pacedP99 / 1000 : null, String.format(Locale.ROOT, "s (writers offering"
                        + " %,d events/s; %,.0f/s committed)", PACED_EVENTS_PER_SECOND, paced.committedPerSecond()),
                "<=2").requiring(paced.uncovered() == 0 && paced.integratedPerSecond() >= 0.95 * PACED_EVENTS_PER_SECOND));
        double p99 = ir.latencyMs().percentile(99);
        figures.add(Figure.absolute(SUITE, "integration_commit_to_checkpoint_p99_saturated_postgresql",
                Double.isFinite(p99) ? p99 / 1000 : null, "s (writers as fast as they can)", null)
                .requiring(complete));
        Percentiles lat = ir.latencyMs();
        details.add(String.format(Locale.ROOT, "integration: %d writers, %d tenant logs, %.0f s measured after "
                        + "%.0f s warm-up; %,d events committed in the window (%.0f/s, in %.0f writes/s of %d "
                        + "events each), %,d integrated (%.0f/s) in "
                        + "%,d checkpoints (%.1f events per checkpoint); after the writers stopped the backlog took "
                        + "%.1f s to integrate; %s",
                ir.writers(), ir.logs(), ir.seconds(), ir.warmupSeconds(), ir.committed(), ir.committedPerSecond(),
                ir.writesPerSecond(), IntegrationRun.EVENTS_PER_WRITE, ir.integrated(), ir.integratedPerSecond(), ir.checkpoints(),
                ir.checkpoints() == 0 ? 0.0 : (double) ir.integrated() / ir.checkpoints(), ir.drainSeconds(),
                complete ? "every event of the window was seen covered"
                        : ir.uncovered() + " events of the window were never seen covered"));
        log.println("ledger: " + details.get(details.size() - 1));
        Percentiles pl = paced.latencyMs();
        details.add(String.format(Locale.ROOT, "paced integration: %d writers offering %,d events/s into %d tenant"
                        + " logs; %,d events committed in the window (%.0f/s), %,d integrated (%.0f/s); commit-to-"
                        + "checkpoint over %,d writes: p50 %s, p90 %s, p99 %s, max %s; %s", paced.writers(),
                PACED_EVENTS_PER_SECOND, paced.logs(), paced.committed(), paced.committedPerSecond(),
                paced.integrated(), paced.integratedPerSecond(), pl.count(), seconds(pl.median()),
                seconds(pl.percentile(90)), seconds(pl.percentile(99)), seconds(pl.max()), paced.uncovered() == 0
                        ? "every event of the window was seen covered"
                        : paced.uncovered() + " events of the window were never seen covered"));
        log.println("ledger: " + details.get(details.size() - 1));
        if (lat.count() > 0) {
            details.add(String.format(Locale.ROOT, "commit-to-checkpoint latency over %,d writes: p50 %s, p90 %s, "
                            + "p99 %s, max %s (poll every %d ms, one poll took %.1f ms on average)",
                    lat.count(), seconds(lat.median()), seconds(lat.percentile(90)), seconds(lat.percentile(99)),
                    seconds(lat.max()), IntegrationRun.POLL_MS, ir.pollMs()));
        }

        // 3. serve until ready, through the launcher, as a user starts it.
        Path launcher = ctx.repoRoot().resolve("custodia");
        log.println("ledger: ./custodia prepare (start-up archive; untimed)");
        ServeReadyRun.prepare(launcher, ctx.dataDir().resolve("serve"));
        List<ServeReadyRun> serves = new ArrayList<>();
        for (int i = 0; i < plan.serveRuns(); i++) {
            log.printf(Locale.ROOT, "ledger: serve until ready, run %d of %d%n", i + 1, plan.serveRuns());
            ServeReadyRun r = ServeReadyRun.run(launcher, ctx.dataDir().resolve("serve"));
            if (r.seconds() < 0) {
                log.println("ledger: the server never answered UP:\n" + r.outputTail());
            }
            serves.add(r);
        }
        boolean allUp = serves.stream().allMatch(r -> r.seconds() >= 0);
        Double best = serves.stream().filter(r -> r.seconds() >= 0).map(ServeReadyRun::seconds)
                .min(Double::compare).orElse(null);
        figures.add(Figure.absolute(SUITE, "serve_ready", best, "s (best of " + plan.serveRuns() + ")", "<=6")
                .requiring(allUp));
        StringBuilder times = new StringBuilder();
        for (ServeReadyRun r : serves) {
            times.append(times.length() == 0 ? "" : ", ")
                    .append(r.seconds() < 0 ? "never UP" : String.format(Locale.ROOT, "%.2f s", r.seconds()));
        }
        String scheme = serves.stream().filter(r -> r.scheme() != null).map(ServeReadyRun::scheme).findFirst()
                .orElse("?").toUpperCase(Locale.ROOT);
        details.add("serve: " + times + " from launch to the first `{\"status\":\"UP\"}` over " + scheme);

        return new SuiteResult(figures, details, explanation(plan));
    }

    private static String seconds(double ms) {
        return Double.isFinite(ms) ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : "never";
    }

    private static String explanation(Plan plan) {
        return String.format(Locale.ROOT, """
                ### What the `ledger` figures measure

                - **`tenant_update_ledger_overhead_sqlite`** and **`…_postgresql`**: median latency of \
                `PUT /api/v1/tenants/{id}` with `If-Match` and a changed contract (so the update writes and is \
                ledgered: the access decision and `tenant.contract-updated`, two events in the tenant's log, \
                in the update's transaction), sent by one client over the server's HTTPS listener (trusting \
                exactly the self-signed certificate the server generated), one request at a time, as the \
                platform administrator's API key. **Baseline**: the same request to a second server in the \
                same JVM, on the same store (same SQLite file, or same PostgreSQL database), whose `Ledger` \
                is a no-op primary bean, so it does everything but the ledger's work. The two servers take \
                turns in blocks of %d requests over 10 tenants, in seeded random order, %d warm-up blocks \
                each and then %d measured blocks each; before each block the ledgered server's integrator \
                has integrated everything pending, so the integration a ledgered block causes runs during \
                that block (and is part of its cost) and never during a baseline block. Ratio = with / \
                without; target `<=1.3`. Each store is fresh (a temporary data directory; a new PostgreSQL \
                database, dropped afterwards).
                - **`integration_events_per_s_postgresql`**: %d writer threads make business writes as fast \
                as they can into %d tenant logs chosen at random, for %.0f s after a %.0f s warm-up (%.0f s \
                and %.0f s with `--quick`), with the server's integrator on its defaults (every 200 ms, \
                batches of up to 4,096 per log); a poller reads `ledger_logs` (every log's published size) \
                every %d ms. Each write is one short transaction (`TransactionTemplate`) that calls \
                `Ledger.record` %d times, as every write through the decision point does: its access \
                decision (`access.allowed`) and its change, both in the tenant's log. Value: entries \
                published in checkpoints during the measured window, per second; target `>=5000`. The \
                writers' own commit rate (events and writes per second) is reported beside it: integration \
                cannot outrun it. (Until 2026-11-23 each writer transaction recorded one event; on this \
                2-core machine the writers then committed about 3,400 events/s, all of which were \
                integrated: the limit was the writers' transaction rate, not the integrator.)
                - **`integration_commit_to_checkpoint_p99_postgresql`**: for every write committed in the \
                window, the time from its transaction's commit returning to the first poll that saw its log \
                at a size covering its change event (its index is found afterwards by reading the log's \
                entry bundles back and matching the request id each writer gave it). An upper bound by at most one \
                poll interval. Measured in a **second run** (fresh databases, same writers, logs, warm-up and \
                window) in which the writers together **offer the target rate, 5,000 events/s** (2,500 writes/s, \
                each writer on its own even schedule with a random phase, never bursting to catch up a missed \
                slot), because that is the load the target names: a latency percentile at saturation grows with \
                however much the machine is overloaded. Target `<=2` s; fails if an event was never seen covered \
                or if less than 95%% of the offered rate was integrated. (Until 2026-11-24 it was measured in the \
                saturated run, where this 2-core machine gave 2.3 to 2.7 s.)
                - **`integration_commit_to_checkpoint_p99_saturated_postgresql`**: the same latency in the \
                saturated run (writers as fast as they can, the throughput figure's run); no target, reported so \
                that the cost of overload stays visible.
                - **`serve_ready`**: `./custodia serve --server.port=<free port> \
                --custodia.data-dir=<fresh temporary directory>` (embedded SQLite, dev mode: the first start \
                migrates the store and generates the ledger key and the TLS certificate), timed from launch \
                to the first `GET /actuator/health` answering `{"status":"UP"}`, polled every 20 ms over \
                HTTPS (trusting the generated certificate once it exists); best of %d fresh starts; target \
                `<=6` s. The launcher's checks and the JVM start are included. Before the timed starts, \
                `./custodia prepare` (untimed) builds if needed and records the start-up archive that every \
                start after a build uses (Java AppCDS over the unpacked jar; see the README).
                """, OverheadRun.BLOCK, plan.warmupBlocks(), plan.blocks(), WRITERS, LOGS, 20.0, 5.0, 5.0, 2.0,
                IntegrationRun.POLL_MS, IntegrationRun.EVENTS_PER_WRITE, plan.serveRuns());
    }
}
