package eu.custodia.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs JMH benchmarks with JMH's own report sent to the progress stream, never to standard output. */
public final class JmhRunner {

    private JmhRunner() {
    }

    /**
     * Runs the benchmarks {@code options} select and returns their results.
     *
     * @throws RunnerException if JMH fails, or a benchmark throws
     */
    public static List<RunResult> run(Options options, PrintStream log) throws RunnerException {
        Collection<RunResult> results = new Runner(options,
                OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL)).run();
        if (results.isEmpty()) {
            throw new RunnerException("JMH ran no benchmark (did a benchmark method throw?)");
        }
        return new ArrayList<>(results);
    }

    /** Returns the result of benchmark method {@code method}, by its simple name. */
    public static RunResult find(List<RunResult> results, String method) throws RunnerException {
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            if (name.endsWith("." + method)) {
                return r;
            }
        }
        throw new RunnerException("JMH produced no result for " + method + " (did it throw?)");
    }
}
