package eu.custodia.bench;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a suite needs to run.
 *
 * @param repoRoot the repository root (where {@code BENCHMARKS.md} and the module directories are)
 * @param quick whether to run the short variant (fewer iterations, smaller data)
 * @param log where progress goes (standard error: standard output carries only the JSON figures)
 */
public record RunContext(Path repoRoot, boolean quick, PrintStream log) {

    /** Returns the directory for generated data kept between runs, {@code custodia-bench/target/bench-data}. */
    public Path dataDir() {
        return repoRoot.resolve("custodia-bench").resolve("target").resolve("bench-data");
    }

    /** Returns the path of {@code java} of the running JDK, used for every subprocess. */
    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
