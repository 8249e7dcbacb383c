package eu.custodia.server.identity.internal.throttle;

import static eu.custodia.server.identity.internal.throttle.Subject.Scope.ACCOUNT;
import static eu.custodia.server.identity.internal.throttle.Subject.Scope.ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The delay arithmetic: the allowance, doubling waits, the cap, the lockout, no overflow. */
class ThrottlePolicyTest {

    private static final ThrottlePolicy DEFAULTS = ThrottlePolicy.defaults();

    @Test
    void defaultsWhenReadThenTheDocumentedNumbers() {
        assertThat(DEFAULTS).isEqualTo(new ThrottlePolicy(5, 20, 10, Duration.ofSeconds(1), Duration.ofMinutes(15),
                Duration.ofHours(1)));
    }

    @Test
    void delayAfterWhenAccountThenFreeAllowanceThenDoublingThenLockedForTheCap() {
        for (long failures = 0; failures <= 5; failures++) {
            assertThat(DEFAULTS.delayAfter(ACCOUNT, failures)).as("failures %d", failures).isZero();
            assertThat(DEFAULTS.locksOut(ACCOUNT, failures)).isFalse();
        }
        assertThat(DEFAULTS.delayAfter(ACCOUNT, 6)).isEqualTo(Duration.ofSeconds(1));
        assertThat(DEFAULTS.delayAfter(ACCOUNT, 7)).isEqualTo(Duration.ofSeconds(2));
        assertThat(DEFAULTS.delayAfter(ACCOUNT, 8)).isEqualTo(Duration.ofSeconds(4));
        assertThat(DEFAULTS.delayAfter(ACCOUNT, 9)).isEqualTo(Duration.ofSeconds(8));
        assertThat(DEFAULTS.locksOut(ACCOUNT, 9)).isFalse();
        assertThat(DEFAULTS.delayAfter(ACCOUNT, 10)).isEqualTo(Duration.ofMinutes(15));
        assertThat(DEFAULTS.locksOut(ACCOUNT, 10)).isTrue();
        assertThat(DEFAULTS.locksOut(ACCOUNT, 11)).isTrue();
        assertThat(DEFAULTS.delayAfter(ACCOUNT, 11)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void delayAfterWhenAddressThenLargerAllowanceDoublingToTheCapAndNeverLocked() {
        assertThat(DEFAULTS.delayAfter(ADDRESS, 20)).isZero();
        assertThat(DEFAULTS.delayAfter(ADDRESS, 21)).isEqualTo(Duration.ofSeconds(1));
        assertThat(DEFAULTS.delayAfter(ADDRESS, 22)).isEqualTo(Duration.ofSeconds(2));
        assertThat(DEFAULTS.delayAfter(ADDRESS, 30)).isEqualTo(Duration.ofSeconds(512));
        assertThat(DEFAULTS.delayAfter(ADDRESS, 31)).isEqualTo(Duration.ofMinutes(15));
        assertThat(DEFAULTS.delayAfter(ADDRESS, 100)).isEqualTo(Duration.ofMinutes(15));
        assertThat(DEFAULTS.locksOut(ADDRESS, 1_000)).isFalse();
    }

    @Test
    void delayAfterWhenManyFailuresThenCappedWithoutOverflow() {
        for (long failures : new long[] {62, 63, 64, 65, 66, 67, 68, 1_000, 1_000_000, Long.MAX_VALUE}) {
            assertThat(DEFAULTS.delayAfter(ADDRESS, failures)).as("failures %d", failures)
                    .isEqualTo(Duration.ofMinutes(15));
        }
        // A cap so large that doubling a nanosecond would overflow a long before reaching it.
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
        ThrottlePolicy extreme = new ThrottlePolicy(0, 0, 1_000_000, Duration.ofNanos(1), huge, huge);
        Duration previous = Duration.ZERO;
        for (long failures = 0; failures <= 1_000; failures++) {
            Duration delay = extreme.delayAfter(ACCOUNT, failures);
            assertThat(delay).as("failures %d", failures).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(huge);
            previous = delay;
        }
        assertThat(extreme.delayAfter(ACCOUNT, 62)).isEqualTo(Duration.ofNanos(1L << 61));
        assertThat(extreme.delayAfter(ACCOUNT, 1_000)).isEqualTo(huge);
        assertThatCode(() -> extreme.delayAfter(ADDRESS, Long.MAX_VALUE)).doesNotThrowAnyException();
        assertThat(extreme.delayAfter(ADDRESS, Long.MIN_VALUE)).isZero();
    }

    @Test
    void delayAfterWhenAnyCountThenNeverDecreasesAndNeverExceedsTheCap() {
        for (Subject.Scope scope : Subject.Scope.values()) {
            Duration previous = Duration.ZERO;
            for (long failures = 0; failures <= 1_000; failures++) {
                Duration delay = DEFAULTS.delayAfter(scope, failures);
                assertThat(delay).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(DEFAULTS.maxDelay());
                previous = delay;
            }
        }
    }

    @Test
    void constructWhenInconsistentThenRefused() {
        Duration s = Duration.ofSeconds(1);
        Duration m = Duration.ofMinutes(15);
        Duration h = Duration.ofHours(1);
        assertThatThrownBy(() -> new ThrottlePolicy(-1, 20, 10, s, m, h)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThrottlePolicy(5, -1, 10, s, m, h)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThrottlePolicy(5, 20, 5, s, m, h)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lockoutThreshold");
        assertThatThrownBy(() -> new ThrottlePolicy(5, 20, 10, Duration.ZERO, m, h))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThrottlePolicy(5, 20, 10, m.plusSeconds(1), m, h))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThrottlePolicy(5, 20, 10, s, h.plusSeconds(1), h))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> new ThrottlePolicy(5, 20, 10, s, m, null)).isInstanceOf(NullPointerException.class);
    }
}
