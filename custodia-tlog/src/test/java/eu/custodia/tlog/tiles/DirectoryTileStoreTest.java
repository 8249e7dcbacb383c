package eu.custodia.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.tlog.VerificationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryTileStoreTest {

    @TempDir
    Path dir;

    @Test
    void writeWhenTilesThenFilesLaidOutAsUrlPaths() throws IOException {
        DirectoryTileStore store = new DirectoryTileStore(dir);
        store.write(TileId.hashTile(0, 1_234_067, 256), new byte[8192]);
        store.write(TileId.hashTile(0, 1_234_067, 5), new byte[160]);
        store.write(TileId.entryBundle(1_234_067, 5), new byte[] {0, 1, 9});
        assertThat(dir.resolve("tile/0/x001/x234/067")).isRegularFile().hasSize(8192);
        assertThat(dir.resolve("tile/0/x001/x234/067.p/5")).isRegularFile().hasSize(160);
        assertThat(dir.resolve("tile/entries/x001/x234/067.p/5")).hasBinaryContent(new byte[] {0, 1, 9});
        assertThat(store.read(TileId.entryBundle(1_234_067, 5))).contains(new byte[] {0, 1, 9});
    }

    @Test
    void writeWhenReplacingThenNewContentAndNoTemporaryFilesLeft() throws IOException {
        DirectoryTileStore store = new DirectoryTileStore(dir);
        TileId id = TileId.hashTile(1, 0, 2);
        store.write(id, new byte[64]);
        byte[] second = new byte[64];
        second[0] = 1;
        store.write(id, second);
        assertThat(store.read(id)).contains(second);
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()))
                    .containsExactly("tile/1/000.p/2");
        }
    }

    @Test
    void readWhenAbsentThenEmpty() throws IOException {
        assertThat(new DirectoryTileStore(dir).read(TileId.hashTile(0, 0, 1))).isEmpty();
    }

    @Test
    void readWhenFileOversizedThenReadIsBoundedAndReaderRejectsIt() throws IOException {
        DirectoryTileStore store = new DirectoryTileStore(dir);
        Files.createDirectories(dir.resolve("tile/0"));
        Files.write(dir.resolve("tile/0/000"), new byte[100_000]);
        assertThat(store.read(TileId.hashTile(0, 0, 256)).get()).hasSize(8193);
        assertThatThrownBy(() -> new TileHashReader(store, 256).hash(0, 0))
                .isInstanceOf(VerificationException.class)
                .hasMessage("tile tile/0/000 is 8193 bytes, expected 8192 (256 hashes of 32 bytes)");
    }
}
