package eu.custodia.bench;

import java.util.List;

/**
 * What a suite measured.
 *
 * @param figures the figures, in the order they are printed
 * @param details Markdown lines with the raw measurements behind the figures (scores and errors, run
 *     times, sample counts), written under the table
 * @param explanation Markdown that explains each figure and how its baseline is measured
 */
public record SuiteResult(List<Figure> figures, List<String> details, String explanation) {

    /** Copies the lists. */
    public SuiteResult {
        figures = List.copyOf(figures);
        details = List.copyOf(details);
    }
}
