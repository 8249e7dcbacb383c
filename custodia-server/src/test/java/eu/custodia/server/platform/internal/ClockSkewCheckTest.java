package eu.custodia.server.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.platform.Mode;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.server.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Hardening check {@code clock-skew}: a node whose clock disagrees with the shared database's by more than
 * {@code custodia.max-clock-skew} fails (and so a production node refuses to start), in both languages, with
 * the figure and the fix.
 */
@CustodiaTest
class ClockSkewCheckTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    CustodiaProperties properties;

    private List<HardeningResult> checkWith(Clock clock) {
        return new ClockSkewCheck(jdbc, properties, clock, Duration.ofSeconds(1)).check();
    }

    @Test
    void checkWhenTheNodesClockAgreesWithTheDatabasesThenPasses() {
        assertThat(checkWith(Clock.systemUTC())).singleElement().satisfies(r -> {
            assertThat(r.passed()).as(r.reasonEn()).isTrue();
            assertThat(r.id()).isEqualTo("clock-skew");
            assertThat(r.commitment()).isEqualTo(5);
        });
    }

    @Test
    void checkWhenTheNodesClockIsFiveSecondsBehindOrAheadThenFailsSayingByHowMuchAndHowToFix() {
        assumeTrue(TestDatabase.postgres(), "the database's clock is compared on PostgreSQL only");
        HardeningResult behind = checkWith(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-5))).get(0);
        assertThat(behind.passed()).isFalse();
        assertThat(behind.reasonEn()).contains("behind the database server's", "custodia.max-clock-skew", "NTP")
                .containsPattern("is [45]\\.\\d{3} s behind");
        assertThat(behind.reasonIt()).contains("indietro rispetto a", "NTP");
        HardeningResult ahead = checkWith(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5))).get(0);
        assertThat(ahead.passed()).isFalse();
        assertThat(ahead.reasonEn()).contains("ahead of the database server's");
        assertThat(ahead.reasonIt()).contains("avanti rispetto a");
    }

    @Test
    void checkWhenSqliteThenNotApplicable() {
        CustodiaProperties sqlite = new CustodiaProperties(Mode.PRODUCTION, Path.of("data"), "localhost", 1,
                new CustodiaProperties.Db(null, null, null, 20, null, null));
        HardeningResult r = new ClockSkewCheck(null, sqlite, Clock.offset(Clock.systemUTC(), Duration.ofHours(1)),
                Duration.ofSeconds(1)).check().get(0);
        assertThat(r.passed()).isTrue();
        assertThat(r.reasonEn()).startsWith("Not applicable");
        assertThat(r.reasonIt()).startsWith("Non applicabile");
    }

    @Test
    void evaluateWhenTheRoundTripCoversTheDifferenceThenPassesAndWhenNotFails() {
        // 1.4 s apart with a 1 s round trip: at least 0.9 s apart, within 1 s
        assertThat(ClockSkewCheck.evaluate(new ClockSkewCheck.Sample(Duration.ofMillis(1400), Duration.ofSeconds(1)),
                Duration.ofSeconds(1)).passed()).isTrue();
        // 1.6 s apart with a 0.2 s round trip: at least 1.5 s apart
        assertThat(ClockSkewCheck.evaluate(new ClockSkewCheck.Sample(Duration.ofMillis(-1600),
                Duration.ofMillis(200)), Duration.ofSeconds(1)).passed()).isFalse();
    }

    @Test
    void maxWhenNotPositiveThenRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new ClockSkewCheck(jdbc, properties, Clock.systemUTC(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("custodia.max-clock-skew");
    }
}
