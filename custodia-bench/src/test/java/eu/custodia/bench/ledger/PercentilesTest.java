package eu.custodia.bench.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOnOneToHundred() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            v[i] = 100 - i;
        }
        Percentiles p = Percentiles.of(v);
        assertThat(p.percentile(99)).isEqualTo(99);
        assertThat(p.percentile(50)).isEqualTo(50);
        assertThat(p.percentile(1)).isEqualTo(1);
        assertThat(p.percentile(100)).isEqualTo(100);
        assertThat(p.percentile(0.5)).isEqualTo(1);
        assertThat(p.percentile(99.5)).isEqualTo(100);
        assertThat(p.median()).isEqualTo(50.5);
        assertThat(p.mean()).isEqualTo(50.5);
        assertThat(p.min()).isEqualTo(1);
        assertThat(p.max()).isEqualTo(100);
        assertThat(v[0]).as("input untouched").isEqualTo(100);
    }

    @Test
    void smallSamples() {
        Percentiles one = Percentiles.of(new double[] {7});
        assertThat(one.percentile(1)).isEqualTo(7);
        assertThat(one.percentile(99)).isEqualTo(7);
        assertThat(one.median()).isEqualTo(7);
        Percentiles three = Percentiles.of(new double[] {3, 1, 2});
        assertThat(three.median()).isEqualTo(2);
        assertThat(three.percentile(99)).isEqualTo(3);
        assertThat(three.percentile(66)).isEqualTo(2);
        assertThat(three.percentile(67)).isEqualTo(3);
        // 10 values: p90 is the 9th smallest, p91 the 10th (no interpolation)
        Percentiles ten = Percentiles.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertThat(ten.percentile(90)).isEqualTo(9);
        assertThat(ten.percentile(91)).isEqualTo(10);
    }

    @Test
    void infinityStandsForNeverAndDominatesTheTail() {
        double[] v = new double[100];
        for (int i = 0; i < 99; i++) {
            v[i] = i;
        }
        v[99] = Double.POSITIVE_INFINITY;
        Percentiles p = Percentiles.of(v);
        assertThat(p.percentile(99)).isEqualTo(98);
        assertThat(p.percentile(100)).isInfinite();
        v[98] = Double.POSITIVE_INFINITY;
        assertThat(Percentiles.of(v).percentile(99)).isInfinite();
    }

    @Test
    void agreesWithSortingOnRandomSamples() {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(500);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = random.nextDouble() * 1000;
            }
            Percentiles p = Percentiles.of(v);
            double[] sorted = v.clone();
            java.util.Arrays.sort(sorted);
            for (double q : new double[] {1, 10, 50, 90, 99, 99.9, 100}) {
                double x = p.percentile(q);
                long atOrBelow = java.util.Arrays.stream(sorted).filter(s -> s <= x).count();
                long below = java.util.Arrays.stream(sorted).filter(s -> s < x).count();
                assertThat(atOrBelow).as("at least q%% at or below").isGreaterThanOrEqualTo((long) Math.ceil(q / 100 * n - 1e-9));
                assertThat(below).as("smallest such value").isLessThan((long) Math.ceil(q / 100 * n - 1e-9));
            }
        }
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> Percentiles.of(new double[] {1, Double.NaN})).isInstanceOf(IllegalArgumentException.class);
        Percentiles empty = Percentiles.of(new double[0]);
        assertThatThrownBy(() -> empty.percentile(50)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(empty::median).isInstanceOf(IllegalStateException.class);
        Percentiles p = Percentiles.of(new double[] {1});
        assertThatThrownBy(() -> p.percentile(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.percentile(100.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void microsWhenReportedThenCountPercentilesMaxAndMeanWithTheDecimalsAsked() {
        Percentiles p = Percentiles.of(new double[] {4, 1, 2, 10});
        assertThat(p.median()).isEqualTo(3);
        assertThat(p.micros(2))
                .isEqualTo("4 calls, p50 3.00 µs, p90 10.00 µs, p99 10.00 µs, max 10.0 µs, mean 4.25 µs");
        assertThat(p.micros(1)).isEqualTo("4 calls, p50 3.0 µs, p90 10.0 µs, p99 10.0 µs, max 10.0 µs, mean 4.3 µs");
    }
}
