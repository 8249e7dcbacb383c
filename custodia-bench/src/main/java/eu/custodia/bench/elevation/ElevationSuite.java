package eu.custodia.bench.elevation;

import eu.custodia.bench.Figure;
import eu.custodia.bench.Machine;
import eu.custodia.bench.RunContext;
import eu.custodia.bench.Suite;
import eu.custodia.bench.SuiteResult;
import eu.custodia.bench.ledger.BenchStore;
import eu.custodia.bench.ledger.InProcessServer;
import eu.custodia.bench.ledger.NoOpLedgerConfiguration;
import eu.custodia.bench.ledger.Percentiles;
import eu.custodia.server.access.AccessGrants;
import eu.custodia.server.access.Decision;
import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code elevation} suite: what the just-in-time access grant check adds to a data request's access
 * decision ({@link DecisionPoint#decide}) with 1,000 active grants, in-process against the real application
 * on the embedded SQLite store (no web server), against a decision of the same kind that never consults the
 * grants, measured in the same run.
 */
public final class ElevationSuite implements Suite {

    static final String SUITE = "elevation";
    static final long SEED = 20261124L;
    /** The collection the data requests name (the grants are not narrowed, so they cover it). */
    static final String COLLECTION = "orders";
    static final Duration GRANT_LENGTH = Duration.ofHours(8);

    @Override
    public String name() {
        return SUITE;
    }

    @Override
    public String summary() {
        return "Just-in-time access grants (custodia-server, in-process on SQLite): what the grant check adds to "
                + "DecisionPoint.decide of a data request with 1,000 active grants, against a tenant member's "
                + "decision in the same run; the grant lookup alone; the decision with its ledgered use.";
    }

    /**
     * Sizes of one variant.
     *
     * @param grants active grants (one staff member and tenant each)
     * @param warmupSeconds untimed pairs of decisions before measuring, for at least this long
     * @param pairs measured pairs (a grant decision and a baseline decision), each call timed on its own
     * @param rounds rounds the measured pairs are split into, each with its own difference of percentiles
     * @param lookups measured calls of the grant index's lookup alone
     * @param ledgeredPairs measured pairs on the server with the real ledger (each grant use a ledger write)
     */
    record Plan(int grants, double warmupSeconds, int pairs, int rounds, int lookups, int ledgeredPairs) {
    }

    static Plan plan(boolean quick) {
        return quick ? new Plan(1_000, 2, 60_000, 3, 50_000, 1_000) : new Plan(1_000, 5, 250_000, 5, 200_000, 5_000);
    }

    @Override
    public SuiteResult run(RunContext ctx) throws Exception {
        PrintStream stdout = System.out;
        System.setOut(ctx.log());
        try {
            return measure(ctx, plan(ctx.quick()));
        } finally {
            System.setOut(stdout);
        }
    }

    /** Timings of one measured series of pairs, in µs. */
    private record Pairs(Percentiles grant, Percentiles baseline) {
    }

    private SuiteResult measure(RunContext ctx, Plan plan) throws Exception {
        PrintStream log = ctx.log();
        String load = Machine.loadAverage();
        long t0 = System.nanoTime();
        int[] wrong = {0};
        Pairs inMemory;
        Pairs ledgered;
        Percentiles lookup;
        double[][] roundP99 = new double[plan.rounds()][];
        double[] roundP50 = new double[plan.rounds()];
        double setupSeconds;
        long warmPairs;

        log.println("elevation: starting the server in-process on a fresh SQLite store, with a no-op ledger");
        try (BenchStore store = BenchStore.sqlite();
                InProcessServer server = InProcessServer.start(store, false, Map.of(),
                        NoOpLedgerConfiguration.class)) {
            ElevationModel model = seed(server, plan, log);
            setupSeconds = (System.nanoTime() - t0) / 1e9;
            DecisionPoint decisions = server.bean(DecisionPoint.class);
            AccessGrants grants = server.bean(AccessGrants.class);
            Clock clock = server.bean(Clock.class);
            TransactionTemplate tx = server.bean(TransactionTemplate.class);
            SplittableRandom random = new SplittableRandom(SEED);

            log.printf(Locale.ROOT, "elevation: warming up for %.0f s%n", plan.warmupSeconds());
            int[] warm = model.sequence(10_000, random);
            long[] calls = {0};
            tx.executeWithoutResult(s -> {
                long budget = (long) (plan.warmupSeconds() * 1e9);
                long start = System.nanoTime();
                do {
                    for (int k : warm) {
                        check(decisions.decide(model.staff().get(k), Permission.RECORDS_READ, model.tenants().get(k),
                                COLLECTION), model.grantIds().get(k), wrong);
                        check(decisions.decide(model.members().get(k), Permission.RECORDS_READ,
                                model.tenants().get(k), COLLECTION), null, wrong);
                    }
                    calls[0] += warm.length;
                } while (System.nanoTime() - start < budget);
            });
            warmPairs = calls[0];

            log.printf(Locale.ROOT, "elevation: timing %,d pairs of decisions one by one (inside one transaction, "
                    + "no-op ledger)%n", plan.pairs());
            int per = plan.pairs() / plan.rounds();
            double[] grantAll = new double[per * plan.rounds()];
            double[] baseAll = new double[per * plan.rounds()];
            for (int r = 0; r < plan.rounds(); r++) {
                int[] timed = model.sequence(per, random);
                Pairs[] holder = new Pairs[1];
                double[][] raw = new double[2][];
                tx.executeWithoutResult(s -> holder[0] = pairs(decisions, model, timed, wrong, raw));
                System.arraycopy(raw[0], 0, grantAll, r * per, per);
                System.arraycopy(raw[1], 0, baseAll, r * per, per);
                roundP99[r] = new double[] {holder[0].grant().percentile(99), holder[0].baseline().percentile(99)};
                roundP50[r] = holder[0].grant().median() - holder[0].baseline().median();
                log.printf(Locale.ROOT, "elevation: round %d: grant decision p99 %.2f µs, baseline p99 %.2f µs, "
                        + "difference %.2f µs%n", r + 1, roundP99[r][0], roundP99[r][1], roundP99[r][0]
                        - roundP99[r][1]);
            }
            inMemory = new Pairs(Percentiles.of(grantAll), Percentiles.of(baseAll));

            log.printf(Locale.ROOT, "elevation: timing %,d grant lookups alone%n", plan.lookups());
            int[] looked = model.sequence(plan.lookups(), random);
            double[] us = new double[looked.length];
            for (int i = 0; i < looked.length; i++) {
                int k = looked[i];
                String principal = model.staff().get(k).principal();
                TenantId tenant = model.tenants().get(k);
                long start = System.nanoTime();
                Instant now = clock.instant();
                boolean found = grants.find(principal, tenant, Permission.RECORDS_READ, COLLECTION, now).isPresent();
                us[i] = (System.nanoTime() - start) / 1e3;
                if (!found) {
                    wrong[0]++;
                }
            }
            lookup = Percentiles.of(us);
        }

        log.println("elevation: starting the server in-process on another fresh SQLite store, with the real ledger");
        try (BenchStore store = BenchStore.sqlite();
                InProcessServer server = InProcessServer.start(store, false, Map.of())) {
            ElevationModel model = seed(server, plan, log);
            DecisionPoint decisions = server.bean(DecisionPoint.class);
            SplittableRandom random = new SplittableRandom(SEED + 1);
            pairs(decisions, model, model.sequence(Math.max(200, plan.ledgeredPairs() / 5), random), wrong, null);
            log.printf(Locale.ROOT, "elevation: timing %,d pairs of decisions, each grant use ledgered in its own "
                    + "transaction%n", plan.ledgeredPairs());
            ledgered = pairs(decisions, model, model.sequence(plan.ledgeredPairs(), random), wrong, null);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        boolean ok = wrong[0] == 0;
        double grantP99 = inMemory.grant().percentile(99);
        double baseP99 = inMemory.baseline().percentile(99);
        double[] diffs = new double[plan.rounds()];
        for (int r = 0; r < plan.rounds(); r++) {
            diffs[r] = roundP99[r][0] - roundP99[r][1];
        }
        double addedP99 = Percentiles.of(diffs).median();
        double addedP50 = Percentiles.of(roundP50).median();
        String population = String.format(Locale.ROOT, "%,d active grants", plan.grants());
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.absolute(SUITE, "grant_check_added_p99", addedP99,
                String.format(Locale.ROOT, "us (median over %d rounds of grant decision p99 minus tenant-member "
                        + "decision p99; %s; no ledger write)", plan.rounds(), population), "<=10").requiring(ok));
        figures.add(Figure.absolute(SUITE, "grant_check_added_p50", addedP50,
                String.format(Locale.ROOT, "us (median over %d rounds of p50 minus p50)", plan.rounds()), null)
                .requiring(ok));
        figures.add(Figure.absolute(SUITE, "grant_decision_p99", grantP99,
                "us (whole decide with the grant, no ledger write; " + population + ")", null).requiring(ok));
        figures.add(Figure.absolute(SUITE, "grant_lookup_p99", lookup.percentile(99),
                "us (AccessGrants.find alone; " + population + ")", null).requiring(ok));
        figures.add(Figure.absolute(SUITE, "grant_decision_ledgered_p99", ledgered.grant().percentile(99),
                String.format(Locale.ROOT, "us (with the elevation.grant-used ledger write, own SQLite transaction; "
                        + "baseline decision p99 %.2f)", ledgered.baseline().percentile(99)), null).requiring(ok));

        List<String> details = new ArrayList<>();
        details.add(String.format(Locale.ROOT, "model: %,d tenants, one `support-engineer` per tenant holding an "
                        + "active read grant on it (%,d grants in force, seeded as `elevation_requests` rows), one "
                        + "`tenant-member` per tenant for the baseline; set-up of the first server (start, grants, "
                        + "index load) %.1f s; whole run %.0f s", plan.grants(), plan.grants(), setupSeconds,
                seconds));
        details.add(String.format(Locale.ROOT, "wrong answers (a grant decision not allowed by `elevation-grant` "
                + "with the staff member's grant, a baseline not allowed, a lookup miss): %d", wrong[0]));
        details.add("no-op ledger, inside one transaction, all rounds together: grant decisions "
                + inMemory.grant().micros(2) + "; tenant-member decisions " + inMemory.baseline().micros(2)
                + String.format(Locale.ROOT, "; difference of these pooled p99s %.2f µs", grantP99 - baseP99));
        List<String> perRound = new ArrayList<>();
        for (int r = 0; r < plan.rounds(); r++) {
            perRound.add(String.format(Locale.ROOT, "%.2f − %.2f = %.2f", roundP99[r][0], roundP99[r][1],
                    diffs[r]));
        }
        details.add(String.format(Locale.ROOT, "p99 per round of %,d pairs (grant − baseline, µs): ",
                plan.pairs() / plan.rounds()) + String.join("; ", perRound));
        details.add("`AccessGrants.find` alone (clock read included): " + lookup.micros(2));
        details.add("real ledger, no surrounding transaction: grant decisions (each with its ledger write) "
                + ledgered.grant().micros(2) + "; tenant-member decisions " + ledgered.baseline().micros(2));
        details.add(String.format(Locale.ROOT, "warm-up: %,d pairs in %.0f s", warmPairs, plan.warmupSeconds()));
        if (load != null) {
            details.add("1-minute load average before the run: " + load + " on "
                    + Runtime.getRuntime().availableProcessors() + " cores");
        }
        return new SuiteResult(figures, details, explanation());
    }

    /**
     * Times, for each index of {@code sequence}, the staff member's grant decision and the tenant member's
     * baseline decision on the same tenant, each call on its own, alternating which goes first.
     */
    private static Pairs pairs(DecisionPoint decisions, ElevationModel model, int[] sequence, int[] wrong,
            double[][] raw) {
        double[] grant = new double[sequence.length];
        double[] baseline = new double[sequence.length];
        for (int i = 0; i < sequence.length; i++) {
            int k = sequence[i];
            Caller staff = model.staff().get(k);
            Caller member = model.members().get(k);
            TenantId tenant = model.tenants().get(k);
            if ((i & 1) == 0) {
                grant[i] = timeGrant(decisions, staff, tenant, model.grantIds().get(k), wrong);
                baseline[i] = timeBaseline(decisions, member, tenant, wrong);
            } else {
                baseline[i] = timeBaseline(decisions, member, tenant, wrong);
                grant[i] = timeGrant(decisions, staff, tenant, model.grantIds().get(k), wrong);
            }
        }
        if (raw != null) {
            raw[0] = grant;
            raw[1] = baseline;
        }
        return new Pairs(Percentiles.of(grant), Percentiles.of(baseline));
    }

    private static double timeGrant(DecisionPoint decisions, Caller staff, TenantId tenant, String grantId,
            int[] wrong) {
        long start = System.nanoTime();
        Decision d = decisions.decide(staff, Permission.RECORDS_READ, tenant, COLLECTION);
        double us = (System.nanoTime() - start) / 1e3;
        check(d, grantId, wrong);
        return us;
    }

    private static double timeBaseline(DecisionPoint decisions, Caller member, TenantId tenant, int[] wrong) {
        long start = System.nanoTime();
        Decision d = decisions.decide(member, Permission.RECORDS_READ, tenant, COLLECTION);
        double us = (System.nanoTime() - start) / 1e3;
        check(d, null, wrong);
        return us;
    }

    /** Counts {@code d} as wrong unless allowed, by the grant {@code grantId} (or by no grant when null). */
    private static void check(Decision d, String grantId, int[] wrong) {
        boolean right = d.allowed() && (grantId == null ? d.grantId() == null
                : grantId.equals(d.grantId()) && "elevation-grant".equals(d.rule()));
        if (!right) {
            wrong[0]++;
        }
    }

    /**
     * Writes the model's grants as active rows of {@code elevation_requests} (one transaction), the table the
     * grant index loads the grants in force from, and waits until the index answers for every one of them.
     */
    private static ElevationModel seed(InProcessServer server, Plan plan, PrintStream log) throws InterruptedException {
        Clock clock = server.bean(Clock.class);
        Instant now = clock.instant();
        ElevationModel model = ElevationModel.build(plan.grants(), now, SEED);
        JdbcClient jdbc = server.bean(JdbcClient.class);
        SqlInstants instants = server.bean(SqlInstants.class);
        TransactionTemplate tx = server.bean(TransactionTemplate.class);
        long t0 = System.nanoTime();
        tx.executeWithoutResult(s -> {
            for (int i = 0; i < model.size(); i++) {
                jdbc.sql("INSERT INTO elevation_requests (id, tenant_id, requester, ticket_system, ticket,"
                        + " reason_code, reason_text, access, collections, duration_seconds, customer_gate, state,"
                        + " created_at, activated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .params(model.grantIds().get(i), model.tenants().get(i).value(),
                                model.staff().get(i).principal(), "default", String.format(Locale.ROOT, "SUP-%d", i + 1),
                                "troubleshooting", null, AccessGrants.READ, "", GRANT_LENGTH.toSeconds(),
                                "required", "active", instants.bind(now), instants.bind(now),
                                instants.bind(now.plus(GRANT_LENGTH)))
                        .update();
            }
            // Tell every node the grants in force changed, as an activation does.
            jdbc.sql("UPDATE elevation_grant_version SET version = version + 1 WHERE id = 1").update();
        });
        AccessGrants grants = server.bean(AccessGrants.class);
        long deadline = System.nanoTime() + 30_000_000_000L;
        int found;
        do {
            found = 0;
            for (int i = 0; i < model.size(); i++) {
                if (grants.find(model.staff().get(i).principal(), model.tenants().get(i), Permission.RECORDS_READ,
                        COLLECTION, clock.instant()).isPresent()) {
                    found++;
                }
            }
            if (found < model.size()) {
                Thread.sleep(200);
            }
        } while (found < model.size() && System.nanoTime() < deadline);
        if (found < model.size()) {
            throw new IllegalStateException("the grant index knows " + found + " of the " + model.size()
                    + " active grants");
        }
        log.printf(Locale.ROOT, "elevation: %,d active grants written and in the index in %.1f s%n", model.size(),
                (System.nanoTime() - t0) / 1e9);
        return model;
    }

    static String explanation() {
        Plan full = plan(false);
        Plan quick = plan(true);
        return String.format(Locale.ROOT, """
                ### What the `elevation` figures measure

                Every figure is taken in one JVM against the real application (`CustodiaApplication` started \
                in-process without a web server) on a fresh embedded SQLite store, calling the server's \
                `DecisionPoint` bean from the benchmark's thread, one call at a time, hand-timed with \
                `System.nanoTime()` (not JMH). **Grants**: %,d tenants (seeded random ids), one \
                `support-engineer` per tenant holding an active, unexpired read grant on that tenant (no \
                collections, so all), i.e. %,d grants in force in the grant index, one per staff member and \
                tenant. The grants are **not** created through the request, staff approval, customer approval and \
                activation flow: they are written as `active` rows of `elevation_requests` (in one transaction, \
                which also increments `elevation_grant_version` as an activation does), the table `GrantIndex` \
                loads the grants in force from, and the suite waits until the index \
                answers for each of them; the decision path is the same either way. **Requests**: a uniformly \
                random staff member asks for `records:read` on its tenant in collection `%s` \
                (`decide(staff, RECORDS_READ, tenant, "%s")`, allowed by rule `elevation-grant` with its grant); \
                the **baseline** is the same tenant's `tenant-member` asking for the same thing \
                (`decide(member, RECORDS_READ, tenant, "%s")`), an ordinary data request of a tenant user: the \
                grant rule returns at its first test (the caller belongs to a tenant) without a lookup, and the \
                role-permission table allows it; nothing is ledgered. Grant and baseline decisions are timed in \
                pairs on the same tenant, alternating which goes first, so the machine's load falls on both. \
                Every answer is checked (allowed, by the staff member's own grant or by no grant); a wrong one \
                fails every figure.

                - **`grant_check_added_p99`**: p99 (nearest rank) of the grant decision minus p99 of the \
                baseline decision, computed in each of %d rounds (%d with `--quick`) of an equal share of %,d \
                measured pairs (%,d with `--quick`); the value is the **median of the rounds' differences** \
                (every round, and the difference of the pooled p99s, are in the raw measurements), because a \
                p99 of a call of about a microsecond is mostly the machine's scheduling and garbage-collection \
                noise. After a warm-up of %.0f s (%.0f s with `--quick`), on a server with a **no-op ledger** (a bench-only primary `Ledger`) and \
                with every call inside **one surrounding transaction**, so the decision recorder writes the \
                `elevation.grant-used` event into the (no-op) ledger without a transaction of its own: the figure \
                includes the grant rule's tests, the index lookup among the grants in force, the decision with \
                its reason and the building of the ledger event, and **excludes** the ledger write and any SQL. \
                It is a difference of two percentiles of separate samples: the grant decision stops at the \
                second rule while the baseline goes through the whole chain, so it is what a grant-backed data \
                request's decision costs beyond an ordinary tenant data request's, and can be negative. \
                Target `<=10` µs.
                - **`grant_check_added_p50`**: the same for the medians (median over the rounds); no target.
                - **`grant_decision_p99`**: p99 of the grant decision itself (all rounds together); no target.
                - **`grant_lookup_p99`**: p99 of `AccessGrants.find(principal, tenant, RECORDS_READ, "%s", \
                clock.instant())` alone (the elevation module's index, the only part of the check that depends \
                on how many grants there are) over %,d calls (%,d with `--quick`); no target.
                - **`grant_decision_ledgered_p99`**: p99 of the grant decision as it runs for a call outside a \
                transaction, on a second fresh store with the **real ledger**: each allow through a grant opens \
                its own SQLite transaction and writes its `elevation.grant-used` event (the commit \
                included); %,d pairs (%,d with `--quick`) after a short warm-up; the baseline's p99 in the same \
                pairs is in the unit. No target.
                """, full.grants(), full.grants(), COLLECTION, COLLECTION, COLLECTION, full.rounds(), quick.rounds(),
                full.pairs(), quick.pairs(),
                full.warmupSeconds(), quick.warmupSeconds(), COLLECTION, full.lookups(), quick.lookups(),
                full.ledgeredPairs(), quick.ledgeredPairs());
    }
}
