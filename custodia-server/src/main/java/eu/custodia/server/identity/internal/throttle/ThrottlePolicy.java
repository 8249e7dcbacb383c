package eu.custodia.server.identity.internal.throttle;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How sign-in attempts are throttled, prefix {@code custodia.identity.throttle}. Each counter (see
 * {@link Subject}) has a free allowance of consecutive failures; every further failure doubles the wait before
 * the next attempt, from {@link #firstDelay} up to {@link #maxDelay}. An account counter that reaches
 * {@link #lockoutThreshold} consecutive failures is locked for {@link #maxDelay}, and the person is told so.
 * A counter with no failure for {@link #window} starts again from zero.
 *
 * <p>The arithmetic is pure ({@link #delayAfter}, {@link #locksOut}): no clock and no store.
 *
 * @param accountAllowance failures per account and kind that cost nothing (default 5)
 * @param addressAllowance failures per client address and kind that cost nothing (default 20)
 * @param lockoutThreshold consecutive failures per account and kind that lock it for {@code maxDelay}
 *     (default 10; greater than {@code accountAllowance})
 * @param firstDelay the wait after the first failure beyond the allowance (default 1 s)
 * @param maxDelay the longest wait, and how long a lockout lasts (default 15 min)
 * @param window how long a counter is kept after its last failure (default 1 h; at least {@code maxDelay})
 */
@ConfigurationProperties("custodia.identity.throttle")
public record ThrottlePolicy(@DefaultValue("5") int accountAllowance, @DefaultValue("20") int addressAllowance,
        @DefaultValue("10") int lockoutThreshold, @DefaultValue("1s") Duration firstDelay,
        @DefaultValue("15m") Duration maxDelay, @DefaultValue("1h") Duration window) {

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException if a count is negative, the lockout comes before the allowance is used
     *     up, a delay is not positive, the first delay exceeds the cap, or the cap exceeds the window (a lockout
     *     must not be forgotten before it ends)
     */
    public ThrottlePolicy {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(window, "window");
        if (accountAllowance < 0 || addressAllowance < 0) {
            throw new IllegalArgumentException("allowances must not be negative");
        }
        if (lockoutThreshold <= accountAllowance) {
            throw new IllegalArgumentException("lockoutThreshold (" + lockoutThreshold
                    + ") must be greater than accountAllowance (" + accountAllowance + ")");
        }
        if (firstDelay.isNegative() || firstDelay.isZero()) {
            throw new IllegalArgumentException("firstDelay must be positive");
        }
        if (maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be at least firstDelay");
        }
        if (window.compareTo(maxDelay) < 0) {
            throw new IllegalArgumentException("window must be at least maxDelay");
        }
    }

    /** The defaults: 5 free failures per account, 20 per address, 1 s doubling to 15 min, lockout at 10, 1 h. */
    public static ThrottlePolicy defaults() {
        return new ThrottlePolicy(5, 20, 10, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1));
    }

    /** The free failures of a counter of this scope. */
    public int allowance(Subject.Scope scope) {
        return scope == Subject.Scope.ACCOUNT ? accountAllowance : addressAllowance;
    }

    /** Whether {@code failures} consecutive failures lock a counter of this scope (only accounts are locked). */
    public boolean locksOut(Subject.Scope scope, long failures) {
        return scope == Subject.Scope.ACCOUNT && failures >= lockoutThreshold;
    }

    /**
     * How long the next attempt must wait after the {@code failures}-th consecutive failure: nothing within the
     * allowance, then {@code firstDelay}, doubling with each failure, never more than {@code maxDelay}; the
     * whole {@code maxDelay} once the counter is locked out. Safe for any count (no overflow).
     *
     * @param failures consecutive failures so far, including the one just recorded
     */
    public Duration delayAfter(Subject.Scope scope, long failures) {
        Objects.requireNonNull(scope, "scope");
        if (locksOut(scope, failures)) {
            return maxDelay;
        }
        long beyond = failures - allowance(scope);
        if (beyond <= 0) {
            return Duration.ZERO;
        }
        long doublings = beyond - 1;
        if (doublings >= Long.SIZE - 2) {
            return maxDelay;
        }
        long factor = 1L << doublings;
        if (firstDelay.compareTo(maxDelay.dividedBy(factor)) > 0) {
            return maxDelay;
        }
        Duration delay = firstDelay.multipliedBy(factor);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
