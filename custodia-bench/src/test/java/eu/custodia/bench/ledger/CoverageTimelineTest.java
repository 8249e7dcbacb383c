package eu.custodia.bench.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoverageTimelineTest {

    @Test
    void anEntryIsCoveredFromTheFirstSizeBeyondItsIndex() {
        CoverageTimeline t = new CoverageTimeline();
        assertThat(t.coveredAt(0)).isEqualTo(Long.MAX_VALUE);
        t.observe(3, 100);
        t.observe(3, 120); // same size again: ignored
        t.observe(10, 140);
        t.observe(8, 150); // never shrinks: ignored
        t.observe(11, 160);
        assertThat(t.coveredAt(0)).isEqualTo(100);
        assertThat(t.coveredAt(2)).isEqualTo(100);
        assertThat(t.coveredAt(3)).isEqualTo(140);
        assertThat(t.coveredAt(9)).isEqualTo(140);
        assertThat(t.coveredAt(10)).isEqualTo(160);
        assertThat(t.coveredAt(11)).isEqualTo(Long.MAX_VALUE);
        assertThat(t.size()).isEqualTo(11);
        assertThat(t.observations()).isEqualTo(3);
        assertThat(t.sizeAt(99)).isEqualTo(0);
        assertThat(t.sizeAt(139)).isEqualTo(3);
        assertThat(t.sizeAt(1000)).isEqualTo(11);
    }

    @Test
    void growsBeyondItsInitialCapacity() {
        CoverageTimeline t = new CoverageTimeline();
        for (int i = 1; i <= 1000; i++) {
            t.observe(i * 2L, i * 10L);
        }
        for (int index = 0; index < 2000; index++) {
            assertThat(t.coveredAt(index)).isEqualTo((index / 2 + 1) * 10L);
        }
    }

    @Test
    void observationsMustBeInTimeOrder() {
        CoverageTimeline t = new CoverageTimeline();
        t.observe(1, 100);
        assertThatThrownBy(() -> t.observe(2, 99)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findsTheWriterAndSequenceInAnEncodedEntry() {
        byte[] entry = ("\u0001{\"action\":\"bench.event-recorded\",\"requestId\":\"b-15-123456\",\"target\":\"x\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(IntegrationRun.eventKey(entry)).isEqualTo((15L << 40) | 123456);
        assertThat(IntegrationRun.eventKey("{\"requestId\":null}".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }

    @Test
    void totalPublishedSizeAtATime() {
        List<long[]> totals = new ArrayList<>();
        totals.add(new long[] {10, 5});
        totals.add(new long[] {20, 9});
        totals.add(new long[] {30, 15});
        assertThat(IntegrationRun.totalAt(totals, 5)).isEqualTo(0);
        assertThat(IntegrationRun.totalAt(totals, 20)).isEqualTo(9);
        assertThat(IntegrationRun.totalAt(totals, 29)).isEqualTo(9);
        assertThat(IntegrationRun.totalAt(totals, 100)).isEqualTo(15);
    }
}
