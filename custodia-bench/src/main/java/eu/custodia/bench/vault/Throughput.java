package eu.custodia.bench.vault;

/** Rates of the {@code vault} suite's throughput figures. */
final class Throughput {

    private Throughput() {
    }

    /**
     * Returns {@code bytes} over {@code nanos} in MB/s (decimal: 10^6 bytes per second).
     *
     * @throws IllegalArgumentException if {@code nanos} is not positive or {@code bytes} is negative
     */
    static double megabytesPerSecond(long bytes, long nanos) {
        if (nanos <= 0 || bytes < 0) {
            throw new IllegalArgumentException("need bytes >= 0 and nanos > 0, got " + bytes + " and " + nanos);
        }
        return bytes / 1e6 / (nanos / 1e9);
    }

    /**
     * Whether a warm-up window's rate {@code now} is still more than 15 % above the window before's,
     * {@code before} (0 when there was none: then it is).
     */
    static boolean stillWarming(double before, double now) {
        return before <= 0 || now > before * 1.15;
    }
}
