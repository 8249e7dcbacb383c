package eu.custodia.bench.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TotpStepsTest {

    @Test
    void presentsTheCurrentStepWhileItIsUnused() {
        assertThat(TotpSteps.next(100, 99, 1)).hasValue(100);
        assertThat(TotpSteps.next(100, 50, 1)).hasValue(100);
        assertThat(TotpSteps.next(100, -1, 1)).hasValue(100);
    }

    @Test
    void thenTheStepsAheadWithinTheWindow() {
        assertThat(TotpSteps.next(100, 100, 1)).hasValue(101);
        assertThat(TotpSteps.next(100, 101, 1)).isEmpty();
        assertThat(TotpSteps.next(100, 101, 2)).hasValue(102);
        assertThat(TotpSteps.next(100, 102, 2)).isEmpty();
        assertThat(TotpSteps.next(100, 100, 0)).isEmpty();
    }

    @Test
    void aNewStepGivesAnExhaustedAccountOneMore() {
        // Used 100 and 101 during step 100; at step 101 only 102 is left, at step 102 only 103.
        assertThat(TotpSteps.next(101, 101, 1)).hasValue(102);
        assertThat(TotpSteps.next(102, 102, 1)).hasValue(103);
    }

    @Test
    void refusesANegativeWindow() {
        assertThatThrownBy(() -> TotpSteps.next(1, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
