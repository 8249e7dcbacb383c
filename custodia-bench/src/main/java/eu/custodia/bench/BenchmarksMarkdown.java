package eu.custodia.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Maintains {@code BENCHMARKS.md}: a short header, then one section per suite between marker comments. A run
 * replaces only the section of its own suite (appending it if the file has none yet), so the figures of
 * other suites stay as their last run left them.
 */
final class BenchmarksMarkdown {

    static final String HEADER = """
            # Benchmarks

            Latest figures of each benchmark suite, written by `./bench <suite>` (see `./bench --help`). A run
            replaces only the section of the suite it ran; each section says when, where and with which command
            its figures were taken. Every figure also has a target: a comparison that applies to the ratio when
            the figure has a baseline, else to the value. `pass` says whether the target was met.

            Figures are machine-dependent: compare ratios to same-run baselines rather than absolute values
            across machines.
            """;

    private BenchmarksMarkdown() {
    }

    static String begin(String suite) {
        return "<!-- suite:" + suite + " begin -->";
    }

    static String end(String suite) {
        return "<!-- suite:" + suite + " end -->";
    }

    /** Returns {@code existing} (or a new file) with the section of {@code suite} replaced by {@code body}. */
    static String replaceSection(String existing, String suite, String body) {
        String text = existing == null || existing.isBlank() ? HEADER : existing;
        String section = begin(suite) + "\n" + body.strip() + "\n" + end(suite);
        int from = text.indexOf(begin(suite));
        int to = text.indexOf(end(suite));
        if (from >= 0 && to > from) {
            return text.substring(0, from) + section + text.substring(to + end(suite).length());
        }
        return text.stripTrailing() + "\n\n" + section + "\n";
    }

    /** Renders the section of one run. */
    static String section(Suite suite, SuiteResult result, Machine machine, String date, String command,
            boolean quick, String duration) {
        StringBuilder b = new StringBuilder();
        b.append("## Suite `").append(suite.name()).append("`\n\n");
        b.append(suite.summary()).append("\n\n");
        b.append("- Date: ").append(date).append('\n');
        b.append("- Command: `").append(command).append("`").append(quick ? " (quick variant)" : "").append('\n');
        b.append("- Duration: ").append(duration).append('\n');
        b.append("- Machine: ").append(machine.describe()).append("\n\n");
        b.append("| metric | value | unit | baseline | ratio | target | pass |\n");
        b.append("|---|---:|---|---:|---:|---|---|\n");
        for (Figure f : result.figures()) {
            b.append("| `").append(f.metric()).append("` | ").append(Figure.cell(f.value())).append(" | ")
                    .append(f.unit()).append(" | ").append(Figure.cell(f.baseline())).append(" | ")
                    .append(Figure.cell(f.ratio())).append(" | ")
                    .append(f.target() == null ? "–" : "`" + f.target() + "`").append(" | ")
                    .append(f.pass() ? "yes" : "**no**").append(" |\n");
        }
        if (!result.details().isEmpty()) {
            b.append("\nRaw measurements of this run:\n\n");
            for (String line : result.details()) {
                b.append("- ").append(line).append('\n');
            }
        }
        b.append('\n').append(result.explanation().strip()).append('\n');
        return b.toString();
    }

    /** Rewrites {@code file}, atomically, with the section of {@code suite} replaced. */
    static void update(Path file, String suite, String body) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        String updated = replaceSection(existing, suite, body);
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(tmp, List.of(updated.stripTrailing()), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
