package eu.custodia.tlog.verify;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.tlog.checkpoint.Checkpoint;
import eu.custodia.tlog.tiles.TileId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCommandTest {

    private static final String ORIGIN = "ledger.custodia.example/platform";

    @TempDir
    Path tmp;

    @Test
    void logWhenEveryEntryAndTileIntactThenVerified() throws Exception {
        for (int size : new int[] {1, 255, 256, 257, 65_537}) {
            TestLog log = new TestLog(tmp.resolve("log" + size), ORIGIN).append(size, "e");
            Cli r = Cli.run("log", log.dir.toString(), "--key", log.verifierKey());
            assertThat(r.status()).as("size %d: %s", size, r.all()).isZero();
            assertThat(r.out()).contains("Log verified: " + size + " entries");
            assertThat(r.err()).contains("verified " + size + " of " + size + " entries (100.0%)");
        }
    }

    @Test
    void logWhenEmptyThenVerified() throws Exception {
        TestLog log = new TestLog(tmp.resolve("empty"), ORIGIN);
        log.publish();
        assertThat(Cli.run("log", log.dir.toString(), "--key", log.verifierKey()).status()).isZero();
    }

    @Test
    void logWhenOneEntryByteFlippedThenFailsNamingEntryAndTile() throws Exception {
        TestLog log = new TestLog(tmp.resolve("log"), ORIGIN).append(600, "e");
        Path bundle = log.store.pathOf(TileId.entryBundle(1, 256));
        byte[] bytes = Files.readAllBytes(bundle);
        bytes[100] ^= 0x20;
        Files.write(bundle, bytes);
        Cli r = Cli.run("log", log.dir.toString(), "--key", log.verifierKey());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("entry 25").contains("tile/0/001");
    }

    @Test
    void logWhenLevelOneTileAlteredThenFailsNamingTile() throws Exception {
        TestLog log = new TestLog(tmp.resolve("log"), ORIGIN).append(70_000, "e");
        Path tile = log.store.pathOf(TileId.hashTile(1, 1, 17));
        byte[] bytes = Files.readAllBytes(tile);
        bytes[40] ^= 0x01;
        Files.write(tile, bytes);
        Cli r = Cli.run("log", log.dir.toString(), "--key", log.verifierKey());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("tile/1/001.p/17").contains("position 1")
                .contains("the subtree of entries 65792 to 66047");
    }

    @Test
    void logWhenTileMissingOrTruncatedThenFails() throws Exception {
        TestLog log = new TestLog(tmp.resolve("log"), ORIGIN).append(600, "e");
        Path tile = log.store.pathOf(TileId.hashTile(0, 2, 88));
        Files.write(tile, java.util.Arrays.copyOf(Files.readAllBytes(tile), 100));
        assertThat(Cli.run("log", log.dir.toString(), "--key", log.verifierKey()).out()).contains("tile/0/002.p/88 has 100 bytes");
        Files.delete(tile);
        assertThat(Cli.run("log", log.dir.toString(), "--key", log.verifierKey()).out()).contains("the log has no tile/0/002.p/88");
    }

    @Test
    void logWhenCheckpointRootDoesNotMatchEntriesThenFails() throws Exception {
        TestLog log = new TestLog(tmp.resolve("log"), ORIGIN).append(10, "e");
        Checkpoint lie = new Checkpoint(ORIGIN, 10, eu.custodia.tlog.merkle.Rfc9162.leafHash(new byte[] {1}));
        Files.write(log.dir.resolve("checkpoint"), eu.custodia.tlog.checkpoint.SignedCheckpoint.sign(lie, log.signer));
        Cli r = Cli.run("log", log.dir.toString(), "--key", log.verifierKey());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("the root rebuilt from all 10 entries is");
    }

    @Test
    void logWithStateWhenLogGrowsThenConsistencyProvedAndCheckpointSaved() throws Exception {
        TestLog log = new TestLog(tmp.resolve("log"), ORIGIN).append(300, "e");
        Path state = tmp.resolve("state");
        Cli first = Cli.run("log", log.dir.toString(), "--key", log.verifierKey(), "--state", state.toString());
        assertThat(first.status()).as(first.all()).isZero();
        assertThat(first.out()).contains("No earlier checkpoint");
        assertThat(Files.readAllBytes(state.resolve("checkpoint"))).isEqualTo(log.signedCheckpoint);

        log.append(1000, "f");
        Cli second = Cli.run("log", log.dir.toString(), "--key", log.verifierKey(), "--state", state.toString());
        assertThat(second.status()).as(second.all()).isZero();
        assertThat(second.out()).contains("only grew since the previous checkpoint (size 300)");
        assertThat(Files.readAllBytes(state.resolve("checkpoint"))).isEqualTo(log.signedCheckpoint);

        Cli third = Cli.run("log", log.dir.toString(), "--key", log.verifierKey(), "--state", state.toString());
        assertThat(third.out()).contains("has not changed");
    }

    @Test
    void logWithStateWhenHistoryRewrittenThenViolationWithBothCheckpointsAndProof() throws Exception {
        TestLog log = new TestLog(tmp.resolve("log"), ORIGIN).append(300, "e");
        Path state = tmp.resolve("state");
        assertThat(Cli.run("log", log.dir.toString(), "--key", log.verifierKey(), "--state", state.toString()).status())
                .isZero();
        byte[] honest = log.signedCheckpoint;

        // The operator rebuilds the log with entry 7 changed, under the same key, and grows it.
        TestLog forged = new TestLog(tmp.resolve("forged"), ORIGIN, log.key).append(7, "e").append(1, "X")
                .append(500, "e");
        Cli r = Cli.run("log", forged.dir.toString(), "--key", log.verifierKey(), "--state", state.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("APPEND-ONLY VIOLATION").contains("Previous checkpoint")
                .contains(new String(honest, java.nio.charset.StandardCharsets.UTF_8))
                .contains(new String(forged.signedCheckpoint, java.nio.charset.StandardCharsets.UTF_8))
                .contains("Consistency proof from size 300 to 508");
        assertThat(Files.readAllBytes(state.resolve("checkpoint"))).as("evidence kept").isEqualTo(honest);
        assertThat(state.resolve("violation-300-508.txt")).exists();
    }

    @Test
    void logWithStateWhenLogShrankThenViolation() throws Exception {
        TestLog log = new TestLog(tmp.resolve("log"), ORIGIN).append(300, "e");
        Path state = tmp.resolve("state");
        Cli.run("log", log.dir.toString(), "--key", log.verifierKey(), "--state", state.toString());
        TestLog smaller = new TestLog(tmp.resolve("smaller"), ORIGIN, log.key).append(200, "e");
        Cli r = Cli.run("log", smaller.dir.toString(), "--key", log.verifierKey(), "--state", state.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("APPEND-ONLY VIOLATION").contains("the log shrank from 300 to 200");
    }

    @Test
    void logWithStateWhenSameSizeDifferentRootThenViolation() throws Exception {
        TestLog log = new TestLog(tmp.resolve("log"), ORIGIN).append(300, "e");
        Path state = tmp.resolve("state");
        Cli.run("log", log.dir.toString(), "--key", log.verifierKey(), "--state", state.toString());
        TestLog forked = new TestLog(tmp.resolve("fork"), ORIGIN, log.key).append(300, "z");
        Cli r = Cli.run("log", forked.dir.toString(), "--key", log.verifierKey(), "--state", state.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("APPEND-ONLY VIOLATION").contains("two roots for the same tree size 300");
    }

    @Test
    void logWithStateWhenInterruptedThenResumesFromSavedProgress() throws Exception {
        TestLog log = new TestLog(tmp.resolve("log"), ORIGIN).append(2000, "e");
        Path stateDir = tmp.resolve("state");
        LogState state = new LogState(stateDir);
        // Simulate a run that saved its progress after 1024 entries and then died.
        TileFold fold = new TileFold();
        LogVerifier.TileReader reader = new LogVerifier.TileReader(new DirectoryLogSource(log.dir));
        for (long b = 0; b < 4; b++) {
            TileId id = TileId.entryBundle(b, 256);
            byte[] bytes = reader.bundle(id);
            int[] index = reader.index(id, bytes);
            for (int i = 0; i < index.length; i += 2) {
                fold.appendEntry(bytes, index[i], index[i + 1], (l, x, h, o) -> { });
            }
        }
        state.saveProgress(log.checkpoint, fold);
        Optional<TileFold> restored = state.progressFor(log.checkpoint);
        assertThat(restored).isPresent();
        assertThat(restored.get().size()).isEqualTo(1024);

        Cli r = Cli.run("log", log.dir.toString(), "--key", log.verifierKey(), "--state", stateDir.toString());
        assertThat(r.status()).as(r.all()).isZero();
        assertThat(r.err()).contains("Resuming from entry 1024");
        assertThat(stateDir.resolve("progress")).doesNotExist();
    }

    @Test
    void logWithStateWhenProgressIsForAnotherCheckpointThenStartsAfresh() throws Exception {
        TestLog log = new TestLog(tmp.resolve("log"), ORIGIN).append(600, "e");
        LogState state = new LogState(tmp.resolve("state"));
        TileFold bogus = new TileFold();
        state.saveProgress(new Checkpoint(ORIGIN, 600, new byte[32]), bogus);
        assertThat(state.progressFor(log.checkpoint)).isEmpty();
        Cli r = Cli.run("log", log.dir.toString(), "--key", log.verifierKey(), "--state", tmp.resolve("state").toString());
        assertThat(r.status()).isZero();
        assertThat(r.err()).doesNotContain("Resuming");
    }

    @Test
    void logWhenSourceIsNotALogThenUsageError() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        TestLog log = new TestLog(tmp.resolve("log"), ORIGIN).append(3, "e");
        Cli r = Cli.run("log", tmp.resolve("empty").toString(), "--key", log.verifierKey());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("no checkpoint");
        assertThat(Cli.run("log", "ftp://example.com/log", "--key", log.verifierKey()).status()).isEqualTo(2);
        Cli plain = Cli.run("log", "http://10.1.2.3/log/", "--key", log.verifierKey());
        assertThat(plain.status()).isEqualTo(2);
        assertThat(plain.err()).contains("plain http is allowed only on a loopback address");
    }

    @Test
    void logWhenPartialTilesWereReplacedByFullOnesThenStillVerified() throws Exception {
        TestLog log = new TestLog(tmp.resolve("log"), ORIGIN).append(300, "e");
        Checkpoint at300 = log.checkpoint;
        byte[] signed300 = log.signedCheckpoint;
        log.append(300, "f");
        // Serve the old checkpoint over a log that has since filled tile 1 and deleted the partial tiles
        // that the full ones replace, as C2SP tlog-tiles allows.
        for (TileId partial : new TileId[] {TileId.hashTile(0, 1, 44), TileId.entryBundle(1, 44)}) {
            assertThat(log.store.pathOf(partial.full())).exists();
            Files.delete(log.store.pathOf(partial));
        }
        Files.write(log.dir.resolve("checkpoint"), signed300);
        Cli r = Cli.run("log", log.dir.toString(), "--key", log.verifierKey());
        assertThat(r.status()).as(r.all()).isZero();
        assertThat(r.out()).contains("size:   " + at300.size());
    }
}
