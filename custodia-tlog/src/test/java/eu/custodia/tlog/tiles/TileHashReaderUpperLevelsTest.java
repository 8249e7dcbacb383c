package eu.custodia.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.tlog.merkle.InMemoryHashStore;
import eu.custodia.tlog.merkle.MerkleTree;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hashes served from expanded upper-level tiles equal the reference store's, at every level. */
class TileHashReaderUpperLevelsTest {

    @Test
    void hashWhenAnyCompleteSubtreeOfLargeTreeThenEqualsReference() throws Exception {
        int size = 140_001;
        InMemoryHashStore reference = new InMemoryHashStore();
        InMemoryTileStore store = new InMemoryTileStore();
        TreeBuilder builder = TreeBuilder.empty();
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            byte[] e = ByteBuffer.allocate(8).putLong(i * 7919L).array();
            reference.appendEntry(e);
            batch.add(e);
            if (batch.size() == 10_000 || i == size - 1) {
                builder.append(batch).writeTo(store);
                batch.clear();
            }
        }
        TileHashReader reader = new TileHashReader(store, size, 4);
        for (int level = 0; level <= 17; level++) {
            long complete = size >>> level;
            for (long index = 0; index < complete; index += Math.max(1, complete / 37)) {
                assertThat(reader.hash(level, index)).as("level %d index %d", level, index)
                        .isEqualTo(reference.hash(level, index));
            }
            if (complete > 0) {
                assertThat(reader.hash(level, complete - 1)).isEqualTo(reference.hash(level, complete - 1));
            }
        }
        assertThat(MerkleTree.rootHash(reader, size)).isEqualTo(MerkleTree.rootHash(reference, size));
        assertThat(MerkleTree.inclusionProof(reader, 123_456, size))
                .containsExactlyElementsOf(MerkleTree.inclusionProof(reference, 123_456, size));
        assertThat(MerkleTree.consistencyProof(reader, 70_000, size))
                .containsExactlyElementsOf(MerkleTree.consistencyProof(reference, 70_000, size));
    }
}
