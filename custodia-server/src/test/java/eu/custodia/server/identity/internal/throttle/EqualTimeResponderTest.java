package eu.custodia.server.identity.internal.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The floor on answer time, with a fake monotonic clock and a sleeper that only records. */
class EqualTimeResponderTest {

    private static final Duration FLOOR = Duration.ofMillis(250);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Duration> slept = new ArrayList<>();
    private final EqualTimeResponder responder = new EqualTimeResponder(nanos::get, d -> {
        slept.add(d);
        nanos.addAndGet(d.toNanos());
    });

    private void work(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void atLeastWhenWorkIsFastThenSleepsTheRemainder() {
        long start = nanos.get();
        String answer = responder.atLeast(FLOOR, () -> {
            work(Duration.ofMillis(40));
            return "no";
        });
        assertThat(answer).isEqualTo("no");
        assertThat(slept).containsExactly(Duration.ofMillis(210));
        assertThat(nanos.get() - start).isEqualTo(FLOOR.toNanos());
    }

    @Test
    void atLeastWhenKnownAndUnknownPathsDifferThenBothTakeTheFloor() {
        long start = nanos.get();
        responder.atLeast(FLOOR, () -> {
            work(Duration.ofMillis(61));
            return false;
        });
        long known = nanos.get() - start;
        start = nanos.get();
        responder.atLeast(FLOOR, () -> {
            work(Duration.ofMillis(58));
            return false;
        });
        long unknown = nanos.get() - start;
        assertThat(known).isEqualTo(unknown).isEqualTo(FLOOR.toNanos());
    }

    @Test
    void atLeastWhenWorkIsSlowerThanTheFloorThenNoSleep() {
        assertThat(responder.atLeast(FLOOR, () -> {
            work(FLOOR.plusMillis(1));
            return 7;
        })).isEqualTo(7);
        assertThat(responder.atLeast(FLOOR, () -> {
            work(FLOOR);
            return 8;
        })).isEqualTo(8);
        assertThat(slept).isEmpty();
    }

    @Test
    void atLeastWhenWorkThrowsThenStillTakesTheFloorAndRethrows() {
        long start = nanos.get();
        assertThatThrownBy(() -> responder.atLeast(FLOOR, () -> {
            work(Duration.ofMillis(10));
            throw new IllegalStateException("refused");
        })).isInstanceOf(IllegalStateException.class).hasMessage("refused");
        assertThat(slept).containsExactly(Duration.ofMillis(240));
        assertThat(nanos.get() - start).isEqualTo(FLOOR.toNanos());
    }

    @Test
    void atLeastWhenInterruptedWhileWaitingThenAnswersAndKeepsTheInterrupt() {
        EqualTimeResponder interrupted = new EqualTimeResponder(nanos::get, d -> {
            throw new InterruptedException();
        });
        try {
            assertThat(interrupted.atLeast(FLOOR, () -> "answer")).isEqualTo("answer");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void atLeastWhenZeroOrNegativeFloorThenNoSleepOrRefused() {
        assertThat(responder.atLeast(Duration.ZERO, () -> 1)).isEqualTo(1);
        assertThat(slept).isEmpty();
        assertThatThrownBy(() -> responder.atLeast(Duration.ofMillis(-1), () -> 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void atLeastWhenRealClockThenTakesAtLeastTheFloor() {
        EqualTimeResponder real = new EqualTimeResponder();
        long start = System.nanoTime();
        assertThat(real.atLeast(Duration.ofMillis(20), () -> "x")).isEqualTo("x");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    }
}
