package eu.custodia.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.tlog.merkle.MerkleTree;
import org.junit.jupiter.api.Test;

class InMemoryTileStoreTest {

    @Test
    void writeWhenFullTileThenPartialsAtSameCoordinatesDeletedAndOldSizesStillReadable() throws Exception {
        InMemoryTileStore store = new InMemoryTileStore();
        TreeBuilder b = TreeBuilder.empty();
        b.append(NaiveTree.entries(0, 100)).writeTo(store);
        assertThat(store.read(TileId.hashTile(0, 0, 100))).isPresent();
        b.append(NaiveTree.entries(100, 300)).writeTo(store);
        assertThat(store.read(TileId.hashTile(0, 0, 100))).isEmpty();
        assertThat(store.read(TileId.entryBundle(0, 100))).isEmpty();
        assertThat(store.read(TileId.hashTile(0, 1, 44))).isPresent();
        assertThat(MerkleTree.rootHash(new TileHashReader(store, 100), 100))
                .isEqualTo(NaiveTree.root(NaiveTree.entries(0, 100)));
    }

    @Test
    void readWhenCallerModifiesResultThenStoreUnchanged() {
        InMemoryTileStore store = new InMemoryTileStore();
        TileId id = TileId.hashTile(0, 0, 1);
        store.write(id, new byte[32]);
        store.read(id).get()[0] = 9;
        assertThat(store.read(id).get()[0]).isZero();
        assertThat(store.size()).isEqualTo(1);
    }
}
