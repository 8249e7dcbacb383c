package eu.custodia.bench;

import eu.custodia.bench.access.AccessSuite;
import eu.custodia.bench.elevation.ElevationSuite;
import eu.custodia.bench.identity.IdentitySuite;
import eu.custodia.bench.ledger.LedgerSuite;
import eu.custodia.bench.tlog.TlogSuite;
import eu.custodia.bench.vault.VaultSuite;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one benchmark suite, prints each figure as one line of JSON on standard output, and rewrites the
 * suite's section of {@code BENCHMARKS.md}. Progress goes to standard error. Usually started by the
 * {@code ./bench} script at the repository root.
 *
 * <p>Exit status: 0 when every figure meets its target, 1 when a figure misses it, 2 on a usage error, 3 when
 * the suite could not run.
 */
public final class BenchMain {

    static final int EXIT_OK = 0;
    static final int EXIT_MISSED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILED = 3;

    private BenchMain() {
    }

    /** Returns the suites by name. */
    static Map<String, Suite> suites() {
        Map<String, Suite> suites = new LinkedHashMap<>();
        for (Suite s : List.of(new TlogSuite(), new LedgerSuite(), new IdentitySuite(), new AccessSuite(),
                new ElevationSuite(), new VaultSuite())) {
            suites.put(s.name(), s);
        }
        return suites;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Suite> suites = suites();
        String suiteName = null;
        boolean quick = false;
        boolean markdown = true;
        Path root = Path.of("").toAbsolutePath();
        String command = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick":
                    quick = true;
                    break;
                case "--no-markdown":
                    markdown = false;
                    break;
                case "--root":
                case "--command":
                    if (i + 1 >= args.length) {
                        err.println("bench: " + a + " needs a value");
                        return EXIT_USAGE;
                    }
                    if (a.equals("--root")) {
                        root = Path.of(args[++i]).toAbsolutePath().normalize();
                    } else {
                        command = args[++i];
                    }
                    break;
                case "-h":
                case "--help":
                    usage(out, suites);
                    return EXIT_OK;
                default:
                    if (a.startsWith("-") || suiteName != null) {
                        err.println("bench: unexpected argument " + a);
                        usage(err, suites);
                        return EXIT_USAGE;
                    }
                    suiteName = a;
            }
        }
        if (suiteName == null) {
            err.println("bench: no suite given");
            usage(err, suites);
            return EXIT_USAGE;
        }
        Suite suite = suites.get(suiteName);
        if (suite == null) {
            err.println("bench: unknown suite \"" + suiteName + "\"; known suites: " + String.join(", ", suites.keySet()));
            return EXIT_USAGE;
        }
        if (command == null) {
            command = "./bench " + suiteName + (quick ? " --quick" : "");
        }

        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        long t0 = System.nanoTime();
        SuiteResult result;
        try {
            result = suite.run(new RunContext(root, quick, err));
        } catch (Exception e) {
            err.println("bench: suite " + suiteName + " failed: " + e);
            e.printStackTrace(err);
            return EXIT_FAILED;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        boolean allPass = true;
        for (Figure f : result.figures()) {
            out.println(f.toJson());
            allPass &= f.pass();
        }
        out.flush();
        err.println("bench: suite " + suiteName + " took " + describe(took));

        if (markdown) {
            String date = started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT));
            String body = BenchmarksMarkdown.section(suite, result, Machine.current(), date, command, quick,
                    describe(took));
            Path file = root.resolve("BENCHMARKS.md");
            try {
                BenchmarksMarkdown.update(file, suiteName, body);
                err.println("bench: updated " + file.getFileName());
            } catch (Exception e) {
                err.println("bench: could not update " + file + ": " + e);
                return EXIT_FAILED;
            }
        }
        return allPass ? EXIT_OK : EXIT_MISSED;
    }

    static String describe(Duration d) {
        long s = Math.round(d.toMillis() / 1000.0);
        return s < 60 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }

    private static void usage(PrintStream p, Map<String, Suite> suites) {
        List<String> lines = new ArrayList<>();
        lines.add("usage: bench <suite> [--quick] [--root DIR] [--command TEXT] [--no-markdown]");
        lines.add("suites:");
        for (Suite s : suites.values()) {
            lines.add("  " + s.name() + "  " + s.summary());
        }
        lines.forEach(p::println);
    }
}
