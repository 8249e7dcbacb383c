package eu.custodia.bench.tlog;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.tiles.AppendResult;
import eu.custodia.tlog.tiles.TreeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Tree building in memory: one operation appends a batch of {@link #BATCH} random entries of
 * {@link #ENTRY_BYTES} bytes to a {@link TreeBuilder} (leaf hashes, full tiles, entry bundles), against the
 * same batch put through {@link Sha256Limit}, the bare SHA-256 work of that append.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TreeBuildBenchmark {

    /** Entries per operation. */
    public static final int BATCH = 1000;

    /** Bytes per entry. */
    public static final int ENTRY_BYTES = 1024;

    private List<byte[]> batch;
    private TreeBuilder builder;
    private Sha256Limit limit;

    /** Generates the batch once: random entries, so that nothing about them is special. */
    @Setup(Level.Trial)
    public void generate() {
        SplittableRandom random = new SplittableRandom(0x7ee5L);
        batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            byte[] e = new byte[ENTRY_BYTES];
            random.nextBytes(e);
            batch.add(e);
        }
        limit = new Sha256Limit(BATCH);
    }

    /** Starts each iteration from an empty tree, so that no iteration works on a larger tree than another. */
    @Setup(Level.Iteration)
    public void emptyTree() {
        builder = TreeBuilder.empty();
    }

    /** Appends one batch; the tree keeps growing over the iteration. */
    @Benchmark
    public AppendResult treeBuilderAppend() throws VerificationException {
        return builder.append(batch);
    }

    /** Hashes one batch as leaves and folds it with {@code n - 1} node hashes: the SHA-256 limit. */
    @Benchmark
    public byte[] sha256Limit() {
        return limit.hash(batch);
    }
}
