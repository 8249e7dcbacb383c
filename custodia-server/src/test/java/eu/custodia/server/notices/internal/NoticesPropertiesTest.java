package eu.custodia.server.notices.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The notices' settings refuse values that would lose notices or never run, naming the property. */
class NoticesPropertiesTest {

    private static final List<Duration> RETRIES = List.of(Duration.ofSeconds(30), Duration.ofHours(6));

    private static NoticesProperties with(Duration retention, Duration check) {
        return new NoticesProperties(Duration.ofSeconds(5), Duration.ofSeconds(10), RETRIES, 10, retention, check);
    }

    @Test
    void retentionWhenShorterThanADayPastTheLastRetryThenRefusedNamingTheProperty() {
        assertThatThrownBy(() -> with(Duration.ofDays(1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("custodia.notices.retention")
                .hasMessageContaining("PT6H30S");
        assertThat(with(Duration.ofDays(2), Duration.ofHours(1)).retention()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void retentionCheckWhenNotPositiveThenRefused() {
        assertThatThrownBy(() -> with(Duration.ofDays(400), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("custodia.notices.retention-check");
    }
}
