package eu.custodia.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.merkle.MerkleTree;
import eu.custodia.tlog.merkle.ProofVerifier;
import eu.custodia.tlog.merkle.Rfc9162;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TileHashReaderTest {

    private static final long SIZE = 70_000;
    private static InMemoryTileStore store;
    private static List<byte[]> entries;

    @BeforeAll
    static void buildTree() throws VerificationException, IOException {
        store = new InMemoryTileStore();
        entries = NaiveTree.entries(0, SIZE);
        TreeBuilder.empty().append(entries).writeTo(store);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "0, 69999", "1, 34999", "3, 8749", "7, 545", "8, 0", "8, 272", "9, 135", "12, 16",
        "15, 1", "16, 0"})
    void hashWhenCompleteSubtreeThenEqualsNaiveSubtreeHash(int level, long index) throws VerificationException {
        int start = (int) (index << level);
        byte[] expected = NaiveTree.root(entries.subList(start, start + (1 << level)));
        assertThat(new TileHashReader(store, SIZE).hash(level, index)).isEqualTo(expected);
    }

    @Test
    void hashWhenSubtreeIncompleteThenRejected() {
        assertThatThrownBy(() -> new TileHashReader(store, SIZE).hash(16, 1))
                .isInstanceOf(VerificationException.class)
                .hasMessage("hash (level 16, index 1) is not a complete subtree of a tree of size 70000");
    }

    @Test
    void proofsWhenReadFromTilesThenVerify() throws VerificationException {
        TileHashReader reader = new TileHashReader(store, SIZE);
        byte[] root = MerkleTree.rootHash(reader, SIZE);
        assertThat(root).isEqualTo(NaiveTree.root(entries));
        for (long index : new long[] {0, 255, 256, 65_535, 65_536, 69_999}) {
            List<byte[]> proof = MerkleTree.inclusionProof(reader, index, SIZE);
            ProofVerifier.verifyInclusion(Rfc9162.leafHash(entries.get((int) index)), index, SIZE, proof, root);
        }
        long oldSize = 65_537;
        byte[] oldRoot = NaiveTree.root(entries.subList(0, (int) oldSize));
        List<byte[]> proof = MerkleTree.consistencyProof(reader, oldSize, SIZE);
        ProofVerifier.verifyConsistency(oldSize, SIZE, proof, oldRoot, root);
    }

    @Test
    void hashWhenTileShorterThanWidthThenRejectedNamingTile() throws Exception {
        InMemoryTileStore bad = copyOfStore();
        bad.write(TileId.hashTile(1, 1, 17), new byte[16 * 32]);
        assertThatThrownBy(() -> new TileHashReader(bad, SIZE).hash(8, 272))
                .isInstanceOf(VerificationException.class)
                .hasMessage("tile tile/1/001.p/17 is 512 bytes, expected 544 (17 hashes of 32 bytes)");
        bad.write(TileId.hashTile(0, 3, 256), new byte[8191]);
        assertThatThrownBy(() -> new TileHashReader(bad, SIZE).hash(0, 3 * 256 + 5))
                .isInstanceOf(VerificationException.class)
                .hasMessage("tile tile/0/003 is 8191 bytes, expected 8192 (256 hashes of 32 bytes)");
    }

    @Test
    void hashWhenTileLongerThanWidthThenRejected() throws Exception {
        InMemoryTileStore bad = copyOfStore();
        bad.write(TileId.hashTile(2, 0, 1), new byte[64]);
        assertThatThrownBy(() -> new TileHashReader(bad, SIZE).hash(16, 0))
                .isInstanceOf(VerificationException.class)
                .hasMessage("tile tile/2/000.p/1 is 64 bytes, expected 32 (1 hashes of 32 bytes)");
    }

    @Test
    void hashWhenTileMissingThenRejectedNamingTile() throws Exception {
        InMemoryTileStore bad = copyOfStore();
        bad.delete(TileId.hashTile(0, 273, 112));
        assertThatThrownBy(() -> new TileHashReader(bad, SIZE).hash(0, 69_999))
                .isInstanceOf(VerificationException.class)
                .hasMessage("tile tile/0/273.p/112 is missing (and so is the full tile tile/0/273)");
    }

    @Test
    void hashWhenPartialTileGoneButFullTilePresentThenFullTileUsed() throws Exception {
        InMemoryTileStore grown = copyOfStore();
        TreeBuilder.resume(grown, SIZE).append(NaiveTree.entries(SIZE, SIZE + 200)).writeTo(grown);
        grown.delete(TileId.hashTile(0, 273, 112));
        assertThat(MerkleTree.rootHash(new TileHashReader(grown, SIZE), SIZE)).isEqualTo(NaiveTree.root(entries));
    }

    @Test
    void hashWhenStoreFailsThenVerificationExceptionWithCause() {
        TileStore failing = new TileStore() {
            @Override
            public Optional<byte[]> read(TileId id) throws IOException {
                throw new IOException("disk on fire");
            }

            @Override
            public void write(TileId id, byte[] data) {
            }
        };
        assertThatThrownBy(() -> new TileHashReader(failing, SIZE).hash(0, 0))
                .isInstanceOf(VerificationException.class)
                .hasMessage("tile tile/0/000 cannot be read: disk on fire")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void hashWhenSameTileAskedAgainThenServedFromCache() throws VerificationException {
        AtomicInteger reads = new AtomicInteger();
        TileStore counting = new TileStore() {
            @Override
            public Optional<byte[]> read(TileId id) throws IOException {
                reads.incrementAndGet();
                return store.read(id);
            }

            @Override
            public void write(TileId id, byte[] data) {
            }
        };
        TileHashReader reader = new TileHashReader(counting, SIZE);
        for (int i = 0; i < 256; i++) {
            reader.hash(0, i);
        }
        reader.hash(3, 0);
        assertThat(reads.get()).isEqualTo(1);
        TileHashReader uncached = new TileHashReader(counting, SIZE, 0);
        uncached.hash(0, 0);
        uncached.hash(0, 1);
        assertThat(reads.get()).isEqualTo(3);
    }

    private static InMemoryTileStore copyOfStore() throws VerificationException, IOException {
        InMemoryTileStore copy = new InMemoryTileStore();
        TreeBuilder.empty().append(entries).writeTo(copy);
        return copy;
    }
}
