package eu.custodia.server.identity.internal.throttle;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Makes a sign-in's failure answer take at least a fixed time, whether or not the account exists.
 *
 * <p>The main defence against telling known from unknown usernames by timing is doing the same work for both:
 * for an unknown username the sign-in runs a dummy Argon2id verification
 * ({@code PasswordHasher.dummyVerify}), which costs what a real one costs. What remains are small differences
 * around it: a database lookup that finds a row or misses it, loading a second factor, a cache hit. A floor
 * ({@link #atLeast}) longer than the whole step hides those too, since every answer then takes the floor,
 * whatever the path; it also evens out the timing of the throttle's own checks and writes.
 *
 * <p>Time is measured on a monotonic clock (a wall clock can step), and the wait goes through a
 * {@link Sleeper}, so tests run without sleeping.
 */
@Component
public final class EqualTimeResponder {

    /** Waits; {@link Thread#sleep} in production. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    /** Measures with {@link System#nanoTime()} and waits with {@link Thread#sleep}. */
    @Autowired
    public EqualTimeResponder() {
        this(System::nanoTime, duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000));
    }

    /**
     * @param nanoTime a monotonic clock in nanoseconds
     * @param sleeper how to wait
     */
    public EqualTimeResponder(LongSupplier nanoTime, Sleeper sleeper) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Runs {@code work} and returns its result, or rethrows what it threw, no sooner than {@code floor} after
     * the call began. Work that already took longer is not delayed further, so the floor should exceed the
     * slowest normal path (a password verification included). If the thread is interrupted while waiting,
     * the answer goes out early and the interrupt is kept.
     */
    public <T> T atLeast(Duration floor, Supplier<T> work) {
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(work, "work");
        if (floor.isNegative()) {
            throw new IllegalArgumentException("floor must not be negative");
        }
        long start = nanoTime.getAsLong();
        try {
            return work.get();
        } finally {
            padTo(start, floor);
        }
    }

    private void padTo(long start, Duration floor) {
        long elapsed = nanoTime.getAsLong() - start;
        long remaining = saturatedNanos(floor) - elapsed;
        if (remaining <= 0) {
            return;
        }
        try {
            sleeper.sleep(Duration.ofNanos(remaining));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
