package eu.custodia.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FigureTest {

    @Test
    void parsesAndEvaluatesTargets() {
        Target atLeast = Target.parse(">=0.4");
        assertThat(atLeast.operator()).isEqualTo(">=");
        assertThat(atLeast.toString()).isEqualTo(">=0.4");
        assertThat(atLeast.test(0.4)).isTrue();
        assertThat(atLeast.test(0.41)).isTrue();
        assertThat(atLeast.test(0.399)).isFalse();

        Target atMost = Target.parse("<=100");
        assertThat(atMost.test(100.0)).isTrue();
        assertThat(atMost.test(99.5)).isTrue();
        assertThat(atMost.test(100.01)).isFalse();

        assertThat(Target.parse(" > 2 ").test(2.0)).isFalse();
        assertThat(Target.parse("<2").test(1.99)).isTrue();
        assertThat(atMost.test(null)).isFalse();
        assertThat(atMost.test(Double.NaN)).isFalse();
        assertThat(atLeast.test(Double.POSITIVE_INFINITY)).isFalse();
    }

    @Test
    void rejectsMalformedTargets() {
        for (String bad : List.of("", "0.4", "=>0.4", ">=", ">=abc", "==1", ">=1e3")) {
            assertThatThrownBy(() -> Target.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void relativeFigureAppliesTargetToRatio() {
        Figure f = Figure.relative("tlog", "tree_build", 500.0, "MiB/s", 1000.0, ">=0.4");
        assertThat(f.ratio()).isEqualTo(0.5);
        assertThat(f.pass()).isTrue();
        assertThat(f.toJson()).isEqualTo("{\"suite\":\"tlog\",\"metric\":\"tree_build\",\"value\":500,"
                + "\"unit\":\"MiB/s\",\"baseline\":1000,\"ratio\":0.5,\"target\":\">=0.4\",\"pass\":true}");

        Figure slow = Figure.relative("tlog", "verify", 250.0, "MiB/s", 1000.0, ">=0.3");
        assertThat(slow.pass()).isFalse();
        assertThat(slow.requiring(true).pass()).isFalse();
    }

    @Test
    void absoluteFigureAppliesTargetToValue() {
        Figure p99 = Figure.absolute("tlog", "proof_p99", 123.456789, "us", "<=100");
        assertThat(p99.pass()).isFalse();
        assertThat(p99.toJson()).isEqualTo("{\"suite\":\"tlog\",\"metric\":\"proof_p99\",\"value\":123.5,"
                + "\"unit\":\"us\",\"baseline\":null,\"ratio\":null,\"target\":\"<=100\",\"pass\":false}");
        assertThat(Figure.absolute("tlog", "proof_p50", 42.0, "us", "<=100").pass()).isTrue();
    }

    @Test
    void figureWithoutTargetPassesWhenMeasuredAndRequired() {
        Figure rss = Figure.absolute("tlog", "peak_rss", 98.66, "MiB", null);
        assertThat(rss.pass()).isTrue();
        assertThat(rss.requiring(false).pass()).isFalse();
        assertThat(rss.toJson()).contains("\"target\":null,\"pass\":true");
        assertThat(Figure.absolute("tlog", "peak_rss", null, "MiB", null).toJson())
                .contains("\"value\":null").contains("\"pass\":false");
    }

    @Test
    void formatsNumbersAndStringsAsValidJson() {
        assertThat(Figure.round(1234567.0)).isEqualTo("1235000");
        assertThat(Figure.round(0.000123456)).isEqualTo("0.0001235");
        assertThat(Figure.round(0.0)).isEqualTo("0");
        assertThat(Figure.round(Double.NaN)).isNull();
        assertThat(Json.string("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }

    @Test
    void replacesOnlyTheSectionOfTheSuiteThatRan() {
        String first = BenchmarksMarkdown.replaceSection(null, "tlog", "## Suite `tlog`\n\nold");
        assertThat(first).startsWith("# Benchmarks").contains("old");
        String both = BenchmarksMarkdown.replaceSection(first, "store", "## Suite `store`\n\nother");
        String updated = BenchmarksMarkdown.replaceSection(both, "tlog", "## Suite `tlog`\n\nnew");
        assertThat(updated).contains("new").contains("other").doesNotContain("old");
        assertThat(updated.indexOf("new")).isLessThan(updated.indexOf("other"));
        assertThat(BenchmarksMarkdown.replaceSection(updated, "tlog", "## Suite `tlog`\n\nnew")).isEqualTo(updated);
    }

    @Test
    void unknownSuiteIsAUsageError() {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int code = BenchMain.run(new String[] {"nope"}, new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(BenchMain.EXIT_USAGE);
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("unknown suite").contains("tlog")
                .contains("ledger");
    }
}
