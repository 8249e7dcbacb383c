package eu.custodia.bench.tlog;

import java.util.Locale;
import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.merkle.HashReader;
import eu.custodia.tlog.merkle.MerkleTree;
import eu.custodia.tlog.merkle.ProofVerifier;
import eu.custodia.tlog.merkle.Rfc9162;
import eu.custodia.tlog.tiles.AppendResult;
import eu.custodia.tlog.tiles.InMemoryTileStore;
import eu.custodia.tlog.tiles.TileHashReader;
import eu.custodia.tlog.tiles.TileId;
import eu.custodia.tlog.tiles.TileStore;
import eu.custodia.tlog.tiles.TreeBuilder;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Inclusion proofs served from hash tiles: {@link MerkleTree#inclusionProof} over a {@link TileHashReader}
 * on an {@link InMemoryTileStore} holding a tree of {@link #treeSize} leaves, for leaves drawn uniformly at
 * random. One reader (with its default tile cache) serves every proof, as a server keeps one per published
 * tree size. Building the tree (8-byte entries, the leaf index in big-endian) is setup and is not timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InclusionProofBenchmark {

    private static final int BUILD_BATCH = 1 << 16;
    private static final int INDICES = 1 << 20;

    /** System property naming a file where the setup writes per-proof cost diagnostics. */
    public static final String DIAGNOSTICS_PROPERTY = "custodia.bench.diagnostics";

    /** Leaves in the tree. */
    @Param("10000000")
    public long treeSize;

    private TileHashReader reader;
    private long[] indices;
    private int next;

    /** Builds the tree into memory, checks a few proofs against its root, and draws the leaf indices. */
    @Setup(Level.Trial)
    public void build() throws VerificationException, IOException {
        long t0 = System.nanoTime();
        InMemoryTileStore store = new InMemoryTileStore();
        TreeBuilder builder = TreeBuilder.empty();
        for (long start = 0; start < treeSize; start += BUILD_BATCH) {
            int n = (int) Math.min(BUILD_BATCH, treeSize - start);
            List<byte[]> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                entries.add(entry(start + i));
            }
            AppendResult result = builder.append(entries);
            store.writeAll(result.tiles());
        }
        reader = new TileHashReader(store, treeSize);
        byte[] root = MerkleTree.rootHash(reader, treeSize);
        SplittableRandom random = new SplittableRandom(0x9f00fL);
        for (int i = 0; i < 16; i++) {
            long index = random.nextLong(treeSize);
            ProofVerifier.verifyInclusion(Rfc9162.leafHash(entry(index)), index, treeSize,
                    MerkleTree.inclusionProof(reader, index, treeSize), root);
        }
        diagnose(store, random);
        reader = new TileHashReader(store, treeSize);
        indices = new long[INDICES];
        for (int i = 0; i < INDICES; i++) {
            indices[i] = random.nextLong(treeSize);
        }
        System.err.printf(Locale.ROOT, "inclusion proof setup: %,d leaves, %,d resources in memory, built and checked in %.1f s%n",
                treeSize, store.size(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Writes what one proof costs to the file named by system property {@value #DIAGNOSTICS_PROPERTY}, if
     * set: hashes read per proof, the SHA-256 node hashes those reads imply (a hash at level {@code 8L+k}
     * is computed from {@code 2^k} tile hashes, so {@code 2^k - 1} node hashes), tile reads that missed the
     * reader's cache, and the time of one node hash on this machine.
     */
    private void diagnose(InMemoryTileStore store, SplittableRandom random) throws VerificationException, IOException {
        String file = System.getProperty(DIAGNOSTICS_PROPERTY);
        if (file == null) {
            return;
        }
        long[] tileReads = {0};
        TileStore counting = new TileStore() {
            @Override
            public Optional<byte[]> read(TileId id) throws IOException {
                tileReads[0]++;
                return store.read(id);
            }

            @Override
            public void write(TileId id, byte[] data) {
                throw new UnsupportedOperationException();
            }
        };
        TileHashReader r = new TileHashReader(counting, treeSize);
        long[] calls = {0};
        long[] nodeHashes = {0};
        HashReader countingReader = (level, index) -> {
            calls[0]++;
            nodeHashes[0] += (1L << (level % 8)) - 1;
            return r.hash(level, index);
        };
        int proofs = 20_000;
        for (int round = 0; round < 2; round++) {
            calls[0] = 0;
            nodeHashes[0] = 0;
            tileReads[0] = 0;
            for (int i = 0; i < proofs; i++) {
                MerkleTree.inclusionProof(countingReader, random.nextLong(treeSize), treeSize);
            }
        }
        MessageDigest md = Rfc9162.newDigest();
        byte[] buf = new byte[2 * Rfc9162.HASH_SIZE];
        int n = 1 << 20;
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                md.update((byte) 0x01);
                md.update(buf, 0, buf.length);
                try {
                    md.digest(buf, i & Rfc9162.HASH_SIZE, Rfc9162.HASH_SIZE);
                } catch (DigestException e) {
                    throw new IllegalStateException(e);
                }
            }
            best = Math.min(best, System.nanoTime() - t0);
        }
        Properties p = new Properties();
        p.setProperty("hashReadsPerProof", Double.toString((double) calls[0] / proofs));
        p.setProperty("nodeHashesPerProof", Double.toString((double) nodeHashes[0] / proofs));
        p.setProperty("tileReadsPerProof", Double.toString((double) tileReads[0] / proofs));
        p.setProperty("nodeHashNanos", Double.toString((double) best / n));
        try (Writer w = Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8)) {
            p.store(w, "inclusion proof diagnostics");
        }
    }

    static byte[] entry(long index) {
        return ByteBuffer.allocate(Long.BYTES).putLong(index).array();
    }

    /** Computes the inclusion proof of the next random leaf. */
    @Benchmark
    public List<byte[]> inclusionProof() throws VerificationException {
        long index = indices[next];
        next = (next + 1) & (INDICES - 1);
        return MerkleTree.inclusionProof(reader, index, treeSize);
    }
}
