package eu.custodia.bench.ledger;

import java.util.Arrays;

/**
 * When each size of one log was first seen published: a series of observations (tree size, time) taken by
 * polling the log's head. An entry at index {@code i} is covered by a signed checkpoint from the first
 * observation whose size is greater than {@code i}. Observations must be added in time order; sizes that
 * do not grow are ignored (a log never shrinks).
 */
public final class CoverageTimeline {

    private long[] sizes = new long[16];
    private long[] times = new long[16];
    private int n;

    /** Records that the log had {@code size} entries at {@code nanos} (the time it was seen). */
    public void observe(long size, long nanos) {
        if (n > 0 && (size <= sizes[n - 1])) {
            return;
        }
        if (n > 0 && nanos < times[n - 1]) {
            throw new IllegalArgumentException("observations must be added in time order");
        }
        if (n == sizes.length) {
            sizes = Arrays.copyOf(sizes, n * 2);
            times = Arrays.copyOf(times, n * 2);
        }
        sizes[n] = size;
        times[n] = nanos;
        n++;
    }

    /** Returns the largest size observed, 0 if none. */
    public long size() {
        return n == 0 ? 0 : sizes[n - 1];
    }

    /** Returns the number of distinct sizes observed (checkpoints seen, at most one per poll). */
    public int observations() {
        return n;
    }

    /**
     * Returns the time the entry at {@code index} was first seen covered, or {@link Long#MAX_VALUE} if no
     * observation covers it.
     */
    public long coveredAt(long index) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sizes[mid] > index) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo == n ? Long.MAX_VALUE : times[lo];
    }

    /** Returns the largest size observed at or before {@code nanos}, 0 if none. */
    public long sizeAt(long nanos) {
        long s = 0;
        for (int i = 0; i < n && times[i] <= nanos; i++) {
            s = sizes[i];
        }
        return s;
    }
}
