package eu.custodia.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.merkle.MerkleTree;
import eu.custodia.tlog.merkle.Rfc9162;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TreeBuilderTest {

    /** Appends entries [0, size) in batches of the given sizes (the last repeated), writing to the store. */
    private static TreeBuilder build(TileStore store, long size, int... batches) throws Exception {
        TreeBuilder b = TreeBuilder.empty();
        int next = 0;
        while (b.size() < size) {
            int n = (int) Math.min(batches[Math.min(next++, batches.length - 1)], size - b.size());
            b.append(NaiveTree.entries(b.size(), b.size() + n)).writeTo(store);
        }
        return b;
    }

    private static byte[] rootFromTiles(TileStore store, long size) throws VerificationException {
        return MerkleTree.rootHash(new TileHashReader(store, size), size);
    }

    private static void assertSameTiles(InMemoryTileStore a, InMemoryTileStore b, long size) throws IOException {
        List<TileId> ids = new ArrayList<>(TileMath.tiles(size).collect(Collectors.toList()));
        ids.addAll(TileMath.entryBundles(size).collect(Collectors.toList()));
        for (TileId id : ids) {
            assertThat(a.read(id)).as(id.path()).isPresent();
            assertThat(a.read(id).get()).as(id.path()).isEqualTo(b.read(id).get());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 255, 256, 257, 1000})
    void appendWhenBatchesOfOneSizeThenSameTilesAndRootAsAllAtOnce(int batch) throws Exception {
        long size = 70_000;
        InMemoryTileStore once = new InMemoryTileStore();
        build(once, size, (int) size);
        InMemoryTileStore batched = new InMemoryTileStore();
        build(batched, size, batch);
        assertSameTiles(batched, once, size);
        assertThat(rootFromTiles(batched, size)).isEqualTo(NaiveTree.root(NaiveTree.entries(0, size)));
    }

    @Test
    void appendWhenBatchesOfVaryingSizesThenSameRootAsNaiveAtEverySize() throws Exception {
        InMemoryTileStore store = new InMemoryTileStore();
        TreeBuilder b = TreeBuilder.empty();
        List<byte[]> all = new ArrayList<>();
        for (int batch : new int[] {1, 255, 256, 1000, 0, 3, 65_536 - 1511, 1, 300}) {
            List<byte[]> entries = NaiveTree.entries(b.size(), b.size() + batch);
            all.addAll(entries);
            AppendResult r = b.append(entries);
            r.writeTo(store);
            assertThat(r.treeSize()).isEqualTo(all.size());
            assertThat(rootFromTiles(store, all.size())).isEqualTo(NaiveTree.root(all));
        }
    }

    @Test
    void appendWhenTileFillsThenFullTileAndNewPartialTilesReturned() throws Exception {
        TreeBuilder b = TreeBuilder.empty();
        AppendResult first = b.append(NaiveTree.entries(0, 200));
        assertThat(first.tiles()).extracting(t -> t.id().path()).containsExactly("tile/0/000.p/200");
        assertThat(first.entryBundles()).extracting(t -> t.id().path()).containsExactly("tile/entries/000.p/200");
        AppendResult second = b.append(NaiveTree.entries(200, 600));
        assertThat(second.previousSize()).isEqualTo(200);
        assertThat(second.tiles()).extracting(t -> t.id().path())
                .containsExactly("tile/0/000", "tile/0/001", "tile/0/002.p/88", "tile/1/000.p/2");
        assertThat(second.entryBundles()).extracting(t -> t.id().path())
                .containsExactly("tile/entries/000", "tile/entries/001", "tile/entries/002.p/88");
        assertThat(second.tiles().get(0).data()).hasSize(8192);
        assertThat(Arrays.copyOfRange(second.tiles().get(0).data(), 0, 32))
                .isEqualTo(Rfc9162.leafHash(NaiveTree.entry(0)));
        AppendResult third = b.append(NaiveTree.entries(600, 610));
        assertThat(third.tiles()).extracting(t -> t.id().path()).containsExactly("tile/0/002.p/98");
        assertThat(EntryBundle.decode(third.entryBundles().get(0).data(), 98).get(97))
                .isEqualTo(NaiveTree.entry(609));
    }

    @Test
    void appendWhenEarlierResultReadAfterLaterAppendsThenItStillHoldsItsOwnTreeSize() throws Exception {
        TreeBuilder b = TreeBuilder.empty();
        AppendResult early = b.append(NaiveTree.entries(0, 200));
        AppendResult middle = b.append(NaiveTree.entries(200, 210));
        b.append(NaiveTree.entries(210, 70_000));
        AppendResult fresh = TreeBuilder.empty().append(NaiveTree.entries(0, 200));
        assertThat(early.tiles()).isEqualTo(fresh.tiles());
        assertThat(early.entryBundles()).isEqualTo(fresh.entryBundles());
        assertThat(middle.tiles()).singleElement().satisfies(t -> {
            assertThat(t.id().path()).isEqualTo("tile/0/000.p/210");
            assertThat(Arrays.copyOfRange(t.data(), 209 * 32, 210 * 32))
                    .isEqualTo(Rfc9162.leafHash(NaiveTree.entry(209)));
        });
        assertThat(EntryBundle.decode(middle.entryBundles().get(0).data(), 210).get(209))
                .isEqualTo(NaiveTree.entry(209));
        assertThat(early.tiles().get(0)).isSameAs(early.tiles().get(0));
    }

    @Test
    void appendWhenEmptyBatchThenNothingChanges() throws Exception {
        TreeBuilder b = TreeBuilder.empty();
        b.append(NaiveTree.entries(0, 10));
        AppendResult r = b.append(List.of());
        assertThat(r.tiles()).isEmpty();
        assertThat(r.entryBundles()).isEmpty();
        assertThat(r.treeSize()).isEqualTo(10);
    }

    @Test
    void appendWhenEntryOversizedThenRejectedAndTreeUnchanged() throws Exception {
        TreeBuilder b = TreeBuilder.empty();
        b.append(NaiveTree.entries(0, 5));
        List<byte[]> batch = List.of(new byte[10], new byte[65_536]);
        assertThatThrownBy(() -> b.append(batch))
                .isInstanceOf(VerificationException.class)
                .hasMessage("entry 6 is 65536 bytes; a tlog-tiles entry bundle holds entries of at most 65535 bytes");
        assertThat(b.size()).isEqualTo(5);
        AppendResult r = b.append(NaiveTree.entries(5, 6));
        assertThat(r.tiles()).extracting(t -> t.id().path()).containsExactly("tile/0/000.p/6");
    }

    @Test
    void resumeWhenDirectoryStoreThenContinuesWithSameTilesAndRoot(@TempDir Path dir) throws Exception {
        DirectoryTileStore disk = new DirectoryTileStore(dir);
        build(disk, 65_790, 40_000);
        TreeBuilder resumed = TreeBuilder.resume(new DirectoryTileStore(dir), 65_790);
        assertThat(resumed.size()).isEqualTo(65_790);
        resumed.append(NaiveTree.entries(65_790, 70_000)).writeTo(disk);
        assertThat(Files.isRegularFile(dir.resolve("tile/1/001.p/17"))).isTrue();
        assertThat(Files.isRegularFile(dir.resolve("tile/entries/273.p/112"))).isTrue();
        InMemoryTileStore reference = new InMemoryTileStore();
        build(reference, 70_000, 70_000);
        for (TileId id : TileMath.tiles(70_000).collect(Collectors.toList())) {
            assertThat(disk.read(id).get()).as(id.path()).isEqualTo(reference.read(id).get());
        }
        assertThat(rootFromTiles(disk, 70_000)).isEqualTo(NaiveTree.root(NaiveTree.entries(0, 70_000)));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 255, 256, 257, 65_535, 65_536, 65_537})
    void resumeWhenAtTileBoundariesThenSameRootAsNaive(long size) throws Exception {
        InMemoryTileStore store = new InMemoryTileStore();
        build(store, size, 100_000);
        TreeBuilder b = TreeBuilder.resume(store, size);
        b.append(NaiveTree.entries(size, size + 300)).writeTo(store);
        assertThat(rootFromTiles(store, size + 300)).isEqualTo(NaiveTree.root(NaiveTree.entries(0, size + 300)));
    }

    @Test
    void resumeWhenPartialTileMissingOrShortThenRejectedNamingTile() throws Exception {
        InMemoryTileStore store = new InMemoryTileStore();
        build(store, 300, 300);
        store.write(TileId.hashTile(0, 1, 44), new byte[43 * 32]);
        assertThatThrownBy(() -> TreeBuilder.resume(store, 300))
                .isInstanceOf(VerificationException.class)
                .hasMessage("tile tile/0/001.p/44 is 1376 bytes, expected 1408 (44 hashes)");
        store.delete(TileId.hashTile(0, 1, 44));
        assertThatThrownBy(() -> TreeBuilder.resume(store, 300))
                .isInstanceOf(VerificationException.class)
                .hasMessage("tile tile/0/001.p/44 of tree size 300 is missing");
    }

    @Test
    void resumeWhenBundleDoesNotMatchLeafHashesThenRejected() throws Exception {
        InMemoryTileStore store = new InMemoryTileStore();
        build(store, 300, 300);
        List<byte[]> entries = NaiveTree.entries(256, 300);
        entries.set(3, new byte[] {1});
        store.write(TileId.entryBundle(1, 44), EntryBundle.encode(entries));
        assertThatThrownBy(() -> TreeBuilder.resume(store, 300))
                .isInstanceOf(VerificationException.class)
                .hasMessage("entry 3 of entry bundle tile/entries/001.p/44 does not match its leaf hash in tile"
                        + " tile/0/001.p/44");
    }

    @Property(tries = 40)
    void rootFromTilesEqualsNaiveRootForRandomSizesAndBatchSplits(
            @ForAll @IntRange(max = 5_000) int size,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 1_200) Integer> batches) throws Exception {
        InMemoryTileStore store = new InMemoryTileStore();
        build(store, size, batches.stream().mapToInt(Integer::intValue).toArray());
        assertThat(rootFromTiles(store, size)).isEqualTo(NaiveTree.root(NaiveTree.entries(0, size)));
    }
}
