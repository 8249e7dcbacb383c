package eu.custodia.tlog.verify;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.tlog.merkle.InMemoryHashStore;
import eu.custodia.tlog.merkle.MerkleTree;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TileFoldTest {

    private static byte[] entry(int i) {
        return ByteBuffer.allocate(4).putInt(i).array();
    }

    @Test
    void rootWhenEveryPrefixUpTo600ThenMatchesRfc9162Root() throws Exception {
        InMemoryHashStore reference = new InMemoryHashStore();
        TileFold fold = new TileFold();
        for (int i = 0; i < 600; i++) {
            reference.appendEntry(entry(i));
            fold.appendEntry(entry(i), 0, 4, (l, x, h, o) -> { });
            assertThat(fold.root()).as("size %d", i + 1).isEqualTo(MerkleTree.rootHash(reference, i + 1));
        }
    }

    @Test
    void appendEntryWhenSubtreesCompleteThenReportsEachOnceWithStoredHash() throws Exception {
        InMemoryHashStore reference = new InMemoryHashStore();
        TileFold fold = new TileFold();
        List<String> reported = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            reference.appendEntry(entry(i));
            fold.appendEntry(entry(i), 0, 4, (level, index, hash, offset) -> {
                byte[] h = java.util.Arrays.copyOfRange(hash, offset, offset + 32);
                assertThat(h).isEqualTo(reference.hash(level, index));
                reported.add(level + "/" + index);
            });
        }
        assertThat(reported).hasSize(15).contains("3/0", "2/1", "1/3", "0/7");
    }

    @Test
    void restoreWhenSavedMidwayThenContinuesToSameRoot() throws Exception {
        TileFold whole = new TileFold();
        TileFold first = new TileFold();
        for (int i = 0; i < 1000; i++) {
            whole.appendEntry(entry(i), 0, 4, (l, x, h, o) -> { });
            if (i < 768) {
                first.appendEntry(entry(i), 0, 4, (l, x, h, o) -> { });
            }
        }
        TileFold resumed = new TileFold(first.size(), first.rightEdge());
        for (int i = 768; i < 1000; i++) {
            resumed.appendEntry(entry(i), 0, 4, (l, x, h, o) -> { });
        }
        assertThat(resumed.root()).isEqualTo(whole.root());
    }
}
