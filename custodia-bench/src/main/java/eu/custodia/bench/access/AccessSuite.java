package eu.custodia.bench.access;

import eu.custodia.bench.Figure;
import eu.custodia.bench.Machine;
import eu.custodia.bench.RunContext;
import eu.custodia.bench.Suite;
import eu.custodia.bench.SuiteResult;
import eu.custodia.bench.ledger.BenchStore;
import eu.custodia.bench.ledger.InProcessServer;
import eu.custodia.bench.ledger.Percentiles;
import eu.custodia.server.access.Decision;
import eu.custodia.server.access.DecisionPoint;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The {@code access} suite: latency and throughput of the decision point ({@link DecisionPoint#decide}) with
 * 10,000 tenant users over 1,000 tenants, in-process against the real application on the embedded SQLite
 * store (no web server), and the same model (RBAC with tenant domains) in jCasbin as the baseline.
 */
public final class AccessSuite implements Suite {

    static final String SUITE = "access";
    static final long SEED = 20261124L;
    static final double MIXED_DENY_SHARE = 0.01;

    @Override
    public String name() {
        return SUITE;
    }

    @Override
    public String summary() {
        return "Access decisions (custodia-server, in-process on SQLite): DecisionPoint.decide latency with "
                + "10,000 users in 1,000 tenants, and throughput against jCasbin on the same RBAC-with-domains "
                + "model.";
    }

    /**
     * Sizes of one variant.
     *
     * @param tenants tenants (each with {@link AccessModel#USERS_PER_TENANT} users)
     * @param warmupSeconds untimed calls of each engine before measuring, for at least this long
     * @param latencyCalls measured Custodia calls, timed one by one
     * @param casbinLatencyCalls measured jCasbin calls, timed one by one (the first of the same requests)
     * @param throughputCalls requests of the throughput sequence
     * @param rounds alternating throughput rounds of each engine
     * @param roundSeconds least duration of one engine's round
     * @param mixedCalls measured calls of the mixed workload (with ledgered denies)
     * @param checks requests whose answers are compared between the engines
     */
    record Plan(int tenants, double warmupSeconds, int latencyCalls, int casbinLatencyCalls, int throughputCalls,
            int rounds, double roundSeconds, int mixedCalls, int checks) {
    }

    static Plan plan(boolean quick) {
        return quick ? new Plan(1_000, 2, 50_000, 1_000, 200_000, 3, 1, 5_000, 2_000)
                : new Plan(1_000, 5, 200_000, 5_000, 200_000, 5, 2, 20_000, 10_000);
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

    /** Result of one timed pass: calls made, how long they took, and how many were answered wrongly. */
    private record Pass(long calls, long nanos, int wrong) {

        double perSecond() {
            return calls / (nanos / 1e9);
        }
    }

    private SuiteResult measure(RunContext ctx, Plan plan) throws Exception {
        PrintStream log = ctx.log();
        String load = Machine.loadAverage();
        log.println("access: starting the server in-process on a fresh SQLite store");
        Percentiles latency;
        Percentiles casbinLatency;
        double[] custodiaRounds = new double[plan.rounds()];
        double[] casbinRounds = new double[plan.rounds()];
        Percentiles mixedAll;
        Percentiles mixedAllowed;
        Percentiles mixedDenied;
        int wrong = 0;
        int checked;
        int checkedDenies = 0;
        AccessModel model;
        CasbinBaseline casbin;
        double setupSeconds;
        long[] warmCalls;
        long[][] roundCalls = new long[plan.rounds()][];
        long t0 = System.nanoTime();
        try (BenchStore store = BenchStore.sqlite();
                InProcessServer server = InProcessServer.start(store, false, Map.of())) {
            DecisionPoint decisions = server.bean(DecisionPoint.class);
            Clock clock = server.bean(Clock.class);
            model = AccessModel.build(plan.tenants(), clock.instant(), SEED);
            casbin = CasbinBaseline.of(model);
            setupSeconds = (System.nanoTime() - t0) / 1e9;
            log.printf(Locale.ROOT, "access: %,d tenant users in %,d tenants and %d staff; jCasbin %,d policies, "
                    + "%,d grouping policies%n", model.users.size(), model.tenants.size(), model.staff.size(),
                    casbin.policies, casbin.groupings);
            SplittableRandom random = new SplittableRandom(SEED);

            // Same answers on a sample that includes denies (each deny is ledgered by the decision point).
            AccessModel.Requests check = model.requests(plan.checks(), 0.05, random);
            for (int i = 0; i < check.size(); i++) {
                boolean custodia = decisions.decide(check.callers()[i], check.permissions()[i], check.tenants()[i])
                        .allowed();
                boolean jcasbin = casbin.enforce(check.casbin()[i]);
                if (custodia != jcasbin || custodia != check.expected()[i]) {
                    throw new IllegalStateException("the engines disagree on " + Arrays.toString(check.casbin()[i])
                            + ": Custodia " + custodia + ", jCasbin " + jcasbin + ", expected "
                            + check.expected()[i]);
                }
                if (!check.expected()[i]) {
                    checkedDenies++;
                }
            }
            checked = check.size();
            log.printf(Locale.ROOT, "access: both engines gave the expected answer to %,d requests (%,d denies)%n",
                    checked, checkedDenies);

            AccessModel.Requests warm = model.requests(plan.throughputCalls(), 0, random);
            log.printf(Locale.ROOT, "access: warming up each engine for %.0f s%n", plan.warmupSeconds());
            Pass custodiaWarm = custodiaPass(decisions, warm, plan.warmupSeconds());
            Pass casbinWarm = casbinPass(casbin, warm, plan.warmupSeconds());
            wrong += custodiaWarm.wrong() + casbinWarm.wrong();
            warmCalls = new long[] {custodiaWarm.calls(), casbinWarm.calls()};

            log.printf(Locale.ROOT, "access: timing %,d decisions one by one%n", plan.latencyCalls());
            AccessModel.Requests timed = model.requests(plan.latencyCalls(), 0, random);
            double[] us = new double[timed.size()];
            for (int i = 0; i < timed.size(); i++) {
                long start = System.nanoTime();
                Decision d = decisions.decide(timed.callers()[i], timed.permissions()[i], timed.tenants()[i]);
                us[i] = (System.nanoTime() - start) / 1e3;
                if (!d.allowed()) {
                    wrong++;
                }
            }
            latency = Percentiles.of(us);
            for (int i = 0; i < plan.casbinLatencyCalls(); i++) {
                long start = System.nanoTime();
                boolean allowed = casbin.enforce(timed.casbin()[i]);
                us[i] = (System.nanoTime() - start) / 1e3;
                if (!allowed) {
                    wrong++;
                }
            }
            casbinLatency = Percentiles.of(Arrays.copyOf(us, plan.casbinLatencyCalls()));

            AccessModel.Requests sequence = model.requests(plan.throughputCalls(), 0, random);
            for (int r = 0; r < plan.rounds(); r++) {
                Pass c = custodiaPass(decisions, sequence, plan.roundSeconds());
                Pass j = casbinPass(casbin, sequence, plan.roundSeconds());
                wrong += c.wrong() + j.wrong();
                custodiaRounds[r] = c.perSecond();
                casbinRounds[r] = j.perSecond();
                roundCalls[r] = new long[] {c.calls(), j.calls()};
                log.printf(Locale.ROOT, "access: round %d: Custodia %,.0f decisions/s, jCasbin %,.0f decisions/s%n",
                        r + 1, custodiaRounds[r], casbinRounds[r]);
            }

            log.printf(Locale.ROOT, "access: mixed workload, %,d calls with %.0f%% ledgered denies%n",
                    plan.mixedCalls(), 100 * MIXED_DENY_SHARE);
            AccessModel.Requests mixed = model.requests(plan.mixedCalls(), MIXED_DENY_SHARE, random);
            double[] all = new double[mixed.size()];
            List<Double> allowedUs = new ArrayList<>();
            List<Double> deniedUs = new ArrayList<>();
            for (int i = 0; i < mixed.size(); i++) {
                long start = System.nanoTime();
                Decision d = decisions.decide(mixed.callers()[i], mixed.permissions()[i], mixed.tenants()[i]);
                all[i] = (System.nanoTime() - start) / 1e3;
                if (d.allowed() != mixed.expected()[i]) {
                    wrong++;
                }
                (mixed.expected()[i] ? allowedUs : deniedUs).add(all[i]);
            }
            mixedAll = Percentiles.of(all);
            mixedAllowed = Percentiles.of(allowedUs.stream().mapToDouble(Double::doubleValue).toArray());
            mixedDenied = Percentiles.of(deniedUs.stream().mapToDouble(Double::doubleValue).toArray());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        double custodiaMedian = Percentiles.of(custodiaRounds).median();
        double casbinMedian = Percentiles.of(casbinRounds).median();
        String population = String.format(Locale.ROOT, "%,d users, %,d tenants", model.userCount(),
                model.tenants.size());
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.absolute(SUITE, "decision_p99", latency.percentile(99), "us (" + population + ")", "<=20")
                .requiring(wrong == 0));
        figures.add(Figure.relative(SUITE, "decision_throughput_vs_jcasbin", custodiaMedian,
                "decisions/s (median of " + plan.rounds() + " rounds)", casbinMedian, ">=1").requiring(wrong == 0));
        figures.add(Figure.absolute(SUITE, "decision_mixed_with_ledgered_denies_p99", mixedAll.percentile(99),
                String.format(Locale.ROOT, "us (%.0f%% denies, each a ledger write)", 100 * MIXED_DENY_SHARE), null)
                .requiring(wrong == 0));

        List<String> details = new ArrayList<>();
        details.add(String.format(Locale.ROOT, "model: %,d tenant users (%d per tenant, %d `tenant-admin` and %d "
                        + "`tenant-ledger-reader`) in %,d tenants, and %d staff users (%d each of %s) on the "
                        + "platform; jCasbin: %,d policies and %,d grouping policies; set-up (server start, model) "
                        + "%.1f s; whole run %.0f s",
                model.users.size(), AccessModel.USERS_PER_TENANT, AccessModel.ADMINS_PER_TENANT,
                AccessModel.USERS_PER_TENANT - AccessModel.ADMINS_PER_TENANT, model.tenants.size(),
                model.staff.size(), AccessModel.STAFF_PER_ROLE, String.join(", ", AccessModel.STAFF_ROLES),
                casbin.policies, casbin.groupings, setupSeconds, seconds));
        details.add(String.format(Locale.ROOT, "same answers: %,d requests (%,d of them denies) gave the expected "
                + "answer in both engines; wrong answers while measuring: %d", checked, checkedDenies, wrong));
        details.add("`DecisionPoint.decide`, allowed reads, " + latency.micros(2));
        details.add("jCasbin `enforce`, the first of the same requests, " + casbinLatency.micros(2));
        details.add(String.format(Locale.ROOT, "warm-up: %,d Custodia calls and %,d jCasbin calls, %.0f s each",
                warmCalls[0], warmCalls[1], plan.warmupSeconds()));
        long custodiaCalls = 0;
        long casbinCalls = 0;
        for (long[] c : roundCalls) {
            custodiaCalls += c[0];
            casbinCalls += c[1];
        }
        details.add(String.format(Locale.ROOT, "throughput over a sequence of %,d requests, %d alternating rounds of "
                        + "at least %.0f s per engine: Custodia %s decisions/s (median %,.0f; %,d calls in all); "
                        + "jCasbin %s decisions/s (median %,.0f; %,d calls in all); ratio of medians %.1f",
                plan.throughputCalls(), plan.rounds(), plan.roundSeconds(), rounds(custodiaRounds), custodiaMedian,
                custodiaCalls, rounds(casbinRounds), casbinMedian, casbinCalls, custodiaMedian / casbinMedian));
        details.add("mixed workload (includes the ledger write of every deny): all " + mixedAll.micros(2)
                + "; allowed reads " + mixedAllowed.micros(2) + "; denies " + mixedDenied.micros(2));
        if (load != null) {
            details.add("1-minute load average before the run: " + load + " on "
                    + Runtime.getRuntime().availableProcessors() + " cores");
        }
        return new SuiteResult(figures, details, explanation());
    }

    /** Chunk of calls between two looks at the clock in a time-bounded pass. */
    static final int CHUNK = 256;

    /**
     * Decides the requests of {@code r} in order from its first, starting again at the first after the
     * last, in chunks of {@link #CHUNK}, until at least {@code seconds} have passed.
     */
    private static Pass custodiaPass(DecisionPoint decisions, AccessModel.Requests r, double seconds) {
        int wrong = 0;
        long calls = 0;
        long budget = (long) (seconds * 1e9);
        int i = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            for (int k = 0; k < CHUNK; k++) {
                if (!decisions.decide(r.callers()[i], r.permissions()[i], r.tenants()[i]).allowed()) {
                    wrong++;
                }
                i = i + 1 == r.size() ? 0 : i + 1;
            }
            calls += CHUNK;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        return new Pass(calls, elapsed, wrong);
    }

    /** Like {@link #custodiaPass}, with jCasbin's {@code enforce}. */
    private static Pass casbinPass(CasbinBaseline casbin, AccessModel.Requests r, double seconds) {
        int wrong = 0;
        long calls = 0;
        long budget = (long) (seconds * 1e9);
        int i = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            for (int k = 0; k < CHUNK; k++) {
                if (!casbin.enforce(r.casbin()[i])) {
                    wrong++;
                }
                i = i + 1 == r.size() ? 0 : i + 1;
            }
            calls += CHUNK;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        return new Pass(calls, elapsed, wrong);
    }

    private static String rounds(double[] values) {
        List<String> out = new ArrayList<>();
        for (double v : values) {
            out.add(String.format(Locale.ROOT, "%,.0f", v));
        }
        return String.join(" / ", out);
    }

    static String explanation() {
        Plan full = plan(false);
        Plan quick = plan(true);
        return String.format(Locale.ROOT, """
                ### What the `access` figures measure

                Every figure is taken in one JVM against the real application (`CustodiaApplication` started \
                in-process without a web server) on a fresh embedded SQLite store, calling the server's \
                `DecisionPoint` bean (`decide(caller, permission, tenant)`: the whole rule chain — tenant \
                scope, no standing staff access, key scope, MFA, self-service, the role-permission table, \
                default deny — and the ledgering of what must be ledgered) from the benchmark's thread, one \
                call at a time. Hand-timed loops with `System.nanoTime()`, not JMH. **Model**: %,d tenants \
                with %d users each (%d `tenant-admin`, the others `tenant-ledger-reader`, one role per user), \
                so %,d tenant users, plus %d staff users (%d each of `platform-admin`, `platform-auditor`, \
                `security-officer`, `key-custodian`, `support-engineer`), as `Caller`s signed in with password \
                and a just-verified TOTP (so the MFA rule passes); tenant ids and request order come from a \
                seeded `SplittableRandom`. **Requests**: a uniformly random user (tenant or staff) asks for a \
                uniformly random read permission its role holds where it acts: a tenant user on its own \
                tenant (`tenants:read` or `users:read` for `tenant-admin`, `ledger:read` for \
                `tenant-ledger-reader`), a staff user on the platform. These are allowed and not writes, so \
                `decide` ledgers nothing: a pure in-memory evaluation. **jCasbin baseline** (`org.casbin:jcasbin` \
                1.81.0, in the benchmark module only): RBAC with domains, model from text (`r = sub, dom, obj, \
                act`, `p = sub, dom, obj, act`, `g = _, _, _`, matcher `g(r.sub, p.sub, r.dom) && r.dom == \
                p.dom && r.obj == p.obj && r.act == p.act`), policies added in memory: each tenant role's \
                grants of the README's roles table in every tenant's domain, each staff role's platform and \
                `any` grants in the `platform` domain, and `g, user, role, domain` for every user (staff in \
                `platform`); a permission code `x:y` is object `x`, action `y`. Before measuring, %,d requests \
                (%,d with `--quick`), 5%% of them denies (staff other than `platform-admin` asking on the platform for a read permission \
                their role lacks), must get the expected answer from both engines, or the suite fails.

                - **`decision_p99`**: p99 latency of one `DecisionPoint.decide` (nearest rank) over %,d \
                measured calls (%,d with `--quick`), each timed on its own, after each engine was warmed up \
                for %.0f s (%.0f s with `--quick`) on another sequence; p50, p90, max and mean are in the raw \
                measurements, with jCasbin's `enforce` timed the same way on the first %,d of the same \
                requests (%,d with `--quick`). Target `<=20` µs; the figure also fails if any answer was wrong.
                - **`decision_throughput_vs_jcasbin`**: single-thread decisions per second on one sequence of \
                %,d requests, alternating a Custodia round and a jCasbin round (`enforce(sub, dom, obj, act)`), \
                %d rounds each (%d with `--quick`). Each round starts at the sequence's first request and goes \
                through it in order (again from the start if it gets to the end) in chunks of %d calls until at \
                least %.0f s (%.0f s with `--quick`) have passed, then divides the calls by the time: both \
                engines answer the same requests, and jCasbin, much slower, answers a prefix of the sequence. \
                Value and baseline are the **median** of each engine's rounds (every round is in the raw \
                measurements). Target: ratio `>=1`. jCasbin evaluates the matcher against every `p` policy \
                (here one per tenant role grant and tenant, so its cost grows with the number of tenants), \
                while the decision point's cost does not depend on how many users or tenants there are.
                - **`decision_mixed_with_ledgered_denies_p99`**: p99 of %,d calls (%,d with `--quick`) of the \
                same kind of requests, %.0f%% of them replaced by staff denies on the platform: **each deny \
                includes its ledger write** (one SQLite transaction, fsync included), so this is not the \
                in-memory figure; allowed and denied calls are reported apart. No target.
                """, full.tenants(), AccessModel.USERS_PER_TENANT, AccessModel.ADMINS_PER_TENANT,
                full.tenants() * AccessModel.USERS_PER_TENANT, AccessModel.STAFF_ROLES.size()
                        * AccessModel.STAFF_PER_ROLE, AccessModel.STAFF_PER_ROLE, full.checks(), quick.checks(),
                full.latencyCalls(), quick.latencyCalls(), full.warmupSeconds(), quick.warmupSeconds(),
                full.casbinLatencyCalls(), quick.casbinLatencyCalls(), full.throughputCalls(), full.rounds(),
                quick.rounds(), CHUNK, full.roundSeconds(), quick.roundSeconds(), full.mixedCalls(),
                quick.mixedCalls(), 100 * MIXED_DENY_SHARE);
    }
}
