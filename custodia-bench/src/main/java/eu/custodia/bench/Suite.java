package eu.custodia.bench;

/** A named set of figures that {@code ./bench <name>} measures. */
public interface Suite {

    /** Returns the name given on the command line, for example {@code tlog}. */
    String name();

    /** Returns one line saying what the suite measures, for {@code --help} and {@code BENCHMARKS.md}. */
    String summary();

    /**
     * Measures the suite's figures.
     *
     * @throws Exception if a measurement cannot be taken at all
     */
    SuiteResult run(RunContext ctx) throws Exception;
}
