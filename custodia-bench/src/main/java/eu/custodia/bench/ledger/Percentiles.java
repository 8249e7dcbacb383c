package eu.custodia.bench.ledger;

import java.util.Arrays;
import java.util.Locale;

/**
 * Order statistics of a sample, by the nearest-rank method: the p-th percentile is the smallest sample
 * value such that at least p % of the sample is less than or equal to it (so p99 of 100 values is the 99th
 * smallest, and every percentile is a value that was actually measured). The median of an even-sized
 * sample is the mean of its two middle values.
 */
public final class Percentiles {

    private final double[] sorted;

    private Percentiles(double[] sorted) {
        this.sorted = sorted;
    }

    /** Sorts a copy of {@code values}; {@code NaN} is refused, infinities (never observed) are kept. */
    public static Percentiles of(double[] values) {
        double[] copy = values.clone();
        for (double v : copy) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("a sample holds NaN");
            }
        }
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    /** Returns the number of values. */
    public int count() {
        return sorted.length;
    }

    /**
     * Returns the nearest-rank {@code p}-th percentile, {@code 0 < p <= 100}.
     *
     * @throws IllegalArgumentException if {@code p} is out of range
     * @throws IllegalStateException if the sample is empty
     */
    public double percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (sorted.length == 0) {
            throw new IllegalStateException("no values");
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length - 1e-9);
        return sorted[Math.max(1, Math.min(sorted.length, rank)) - 1];
    }

    /** Returns the median: the middle value, or the mean of the two middle values. */
    public double median() {
        if (sorted.length == 0) {
            throw new IllegalStateException("no values");
        }
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Returns the smallest value. */
    public double min() {
        return percentileOrThrow(0);
    }

    /** Returns the largest value. */
    public double max() {
        return percentileOrThrow(sorted.length - 1);
    }

    /** Returns the arithmetic mean. */
    public double mean() {
        if (sorted.length == 0) {
            throw new IllegalStateException("no values");
        }
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return sum / sorted.length;
    }

    private double percentileOrThrow(int index) {
        if (sorted.length == 0) {
            throw new IllegalStateException("no values");
        }
        return sorted[index];
    }

    /**
     * The sample as a report line, in microseconds: {@code "n calls, p50 …, p90 …, p99 …, max …, mean …"}, with
     * {@code decimals} decimals (the maximum with one).
     */
    public String micros(int decimals) {
        String f = "%." + decimals + "f µs";
        return String.format(Locale.ROOT, "%,d calls, p50 " + f + ", p90 " + f + ", p99 " + f + ", max %.1f µs, mean "
                + f, count(), median(), percentile(90), percentile(99), max(), mean());
    }
}
