package eu.custodia.tlog.verify;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.tlog.proof.TlogProof;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointAndProofCommandTest {

    @TempDir
    Path tmp;

    TestLog log;
    Path checkpoint;

    @BeforeEach
    void setUp() throws Exception {
        log = new TestLog(tmp.resolve("log"), "ledger.custodia.example/tenant/acme").append(300, "e");
        checkpoint = tmp.resolve("checkpoint");
        Files.write(checkpoint, log.signedCheckpoint);
    }

    @Test
    void checkpointWhenSignedByKeyThenVerifiedAndPrinted() {
        Cli r = Cli.run("checkpoint", checkpoint.toString(), "--key", log.verifierKey());
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("origin: ledger.custodia.example/tenant/acme").contains("size:   300")
                .contains(Base64.getEncoder().encodeToString(log.checkpoint.rootHash()));
    }

    @Test
    void checkpointWhenKeyGivenAsFileThenVerified() throws Exception {
        Path vkey = tmp.resolve("log.vkey");
        Files.writeString(vkey, log.verifierKey() + "\n");
        assertThat(Cli.run("checkpoint", checkpoint.toString(), "--key", vkey.toString()).status()).isZero();
    }

    @Test
    void checkpointWhenOneByteFlippedThenFailsWithExitOne() throws Exception {
        byte[] bytes = log.signedCheckpoint.clone();
        bytes[bytes.length / 3] ^= 0x01;
        Files.write(checkpoint, bytes);
        Cli r = Cli.run("checkpoint", checkpoint.toString(), "--key", log.verifierKey());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).startsWith("VERIFICATION FAILED: ").contains(checkpoint.toString());
    }

    @Test
    void checkpointWhenSignedByAnotherKeyThenFails() throws Exception {
        TestLog other = new TestLog(tmp.resolve("other"), "ledger.custodia.example/tenant/acme").append(1, "x");
        Cli r = Cli.run("checkpoint", checkpoint.toString(), "--key", other.verifierKey());
        assertThat(r.status()).isEqualTo(1);
    }

    @Test
    void checkpointWhenSecondRequiredKeyDidNotSignThenFailsNamingIt() throws Exception {
        TestLog witness = new TestLog(tmp.resolve("w"), "witness.example").append(1, "x");
        Cli r = Cli.run("checkpoint", checkpoint.toString(), "--key", log.verifierKey(), "--key", witness.verifierKey());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("no valid signature by witness.example+");
    }

    @Test
    void checkpointWhenOriginDiffersFromExpectedThenFails() {
        Cli r = Cli.run("checkpoint", checkpoint.toString(), "--key", log.verifierKey(), "--origin", "other.example");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("not the expected \"other.example\"");
    }

    @Test
    void checkpointWhenFileMissingOrKeyMalformedOrNoKeyThenUsageExitTwo() {
        assertThat(Cli.run("checkpoint", tmp.resolve("nope").toString(), "--key", log.verifierKey()).status()).isEqualTo(2);
        Cli bad = Cli.run("checkpoint", checkpoint.toString(), "--key", "name+12345678+AAAA");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("--key name+12345678+AAAA");
        assertThat(Cli.run("checkpoint", checkpoint.toString()).err()).contains("--key");
        assertThat(Cli.run("checkpoint", checkpoint.toString(), "--key", log.verifierKey(), "--keyy", "x").status())
                .isEqualTo(2);
    }

    @Test
    void proofWhenEntryIsInLogThenVerified() throws Exception {
        Path proof = tmp.resolve("e.tlog-proof");
        Files.write(proof, log.proof(257).encode());
        Path entry = tmp.resolve("entry");
        Files.write(entry, log.entries.get(257));
        Cli r = Cli.run("proof", proof.toString(), "--key", log.verifierKey(), "--entry", entry.toString());
        assertThat(r.status()).as(r.all()).isZero();
        assertThat(r.out()).contains("Entry 257 is in the log.");
    }

    @Test
    void proofWhenEntryChangedOrOtherEntryThenFails() throws Exception {
        Path proof = tmp.resolve("e.tlog-proof");
        Files.write(proof, log.proof(5).encode());
        Path entry = tmp.resolve("entry");
        Files.write(entry, log.entries.get(6));
        Cli r = Cli.run("proof", proof.toString(), "--key", log.verifierKey(), "--entry", entry.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("entry 5");
    }

    @Test
    void proofWhenIndexChangedThenFails() throws Exception {
        TlogProof honest = log.proof(5);
        Path proof = tmp.resolve("e.tlog-proof");
        Files.write(proof, new TlogProof(null, 4, honest.hashes(), honest.checkpoint()).encode());
        Path entry = tmp.resolve("entry");
        Files.write(entry, log.entries.get(5));
        assertThat(Cli.run("proof", proof.toString(), "--key", log.verifierKey(), "--entry", entry.toString()).status())
                .isEqualTo(1);
    }

    @Test
    void proofWhenTruncatedThenFailsWithoutStackTrace() throws Exception {
        byte[] full = log.proof(5).encode();
        Path proof = tmp.resolve("e.tlog-proof");
        Path entry = tmp.resolve("entry");
        Files.write(entry, log.entries.get(5));
        for (int cut : new int[] {10, 40, full.length / 2, full.length - 5}) {
            Files.write(proof, java.util.Arrays.copyOf(full, cut));
            Cli r = Cli.run("proof", proof.toString(), "--key", log.verifierKey(), "--entry", entry.toString());
            assertThat(r.status()).as("cut at %d", cut).isEqualTo(1);
            assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void helpWhenAskedInItalianThenItalian() {
        Cli r = Cli.run("--help", "--lang", "it");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Uso:").contains("Codice di uscita").doesNotContain("''");
        Cli env = Cli.runWith(Map.of("CUSTODIA_LANG", "it"), "checkpoint", checkpoint.toString());
        assertThat(env.err()).contains("obbligatoria");
    }

    @Test
    void helpWhenNoArgumentsThenUsageOnStderrAndExitTwo() {
        Cli r = Cli.run();
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("Usage:").contains("Exit status");
        assertThat(Cli.run("frobnicate").status()).isEqualTo(2);
    }

    @Test
    void keygenWhenRunThenKeysWorkAndFilesAreNeverOverwritten() throws Exception {
        String prefix = tmp.resolve("k").toString();
        Cli r = Cli.run("keygen", "audit.example/log", "--out", prefix);
        assertThat(r.status()).as(r.all()).isZero();
        String vkey = Files.readString(Path.of(prefix + ".vkey"), StandardCharsets.UTF_8).strip();
        assertThat(vkey).startsWith("audit.example/log+");
        assertThat(r.out()).contains(vkey).doesNotContain(Files.readString(Path.of(prefix + ".key")).strip());
        if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(Path.of(prefix + ".key")))).isEqualTo("rw-------");
        }
        assertThat(Cli.run("keygen", "audit.example/log", "--out", prefix).status()).isEqualTo(2);
    }
}
