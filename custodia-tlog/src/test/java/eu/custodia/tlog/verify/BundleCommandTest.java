package eu.custodia.tlog.verify;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.tlog.bundle.EvidenceBundleWriter;
import eu.custodia.tlog.note.Ed25519NoteSigner;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evidence bundles ({@code docs/evidence-bundle.md}): the honest one verifies, every tampering is caught. */
class BundleCommandTest {

    @TempDir
    Path tmp;

    TestLog log;
    Path bundle;

    @BeforeEach
    void setUp() throws Exception {
        log = new TestLog(tmp.resolve("log"), "ledger.custodia.example/tenant/acme").append(1000, "e");
        bundle = tmp.resolve("evidence.zip");
        write(bundle, log.signer, 3, 500, 999);
    }

    private void write(Path file, Ed25519NoteSigner signer, long... indices) throws Exception {
        List<EvidenceBundleWriter.Item> items = new ArrayList<>();
        for (long i : indices) {
            items.add(new EvidenceBundleWriter.Item(i, log.entries.get((int) i), log.proof(i)));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            EvidenceBundleWriter.write(out, log.signedCheckpoint, log.checkpoint, items, signer,
                    Instant.parse("2026-11-23T17:45:00Z"));
        }
    }

    private Cli verify(Path file) {
        return Cli.run("bundle", file.toString(), "--key", log.verifierKey());
    }

    @Test
    void bundleWhenHonestThenEveryEntryVerified() {
        Cli r = verify(bundle);
        assertThat(r.status()).as(r.all()).isZero();
        assertThat(r.out()).contains("Evidence bundle verified: 3 entries").contains("size:   1000");
    }

    @Test
    void bundleWhenEntryByteFlippedThenFailsNamingMember() throws Exception {
        Cli r = verify(rewrite(m -> flip(m, "entries/500")));
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("member entries/500 does not match its SHA-256");
    }

    @Test
    void bundleWhenMemberAddedOrRemovedThenFails() throws Exception {
        assertThat(verify(rewrite(m -> put(m, "entries/7", "x".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))).out())
                .contains("entries/7 is not listed in the MANIFEST");
        assertThat(verify(rewrite(m -> remove(m, "proofs/999.tlog-proof"))).out())
                .contains("proofs/999.tlog-proof, which is missing");
    }

    @Test
    void bundleWhenUnsafeOrUnknownMemberNameThenFails() throws Exception {
        assertThat(verify(rewrite(m -> put(m, "../../etc/passwd", "x".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))).out())
                .contains("unexpected member \"../../etc/passwd\"");
        assertThat(verify(rewrite(m -> put(m, "entries/007", "x".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))).status()).isEqualTo(1);
    }

    @Test
    void bundleWhenManifestSignedByAnotherKeyThenFails() throws Exception {
        Path other = tmp.resolve("other.zip");
        write(other, Ed25519NoteSigner.parse(
                Ed25519NoteSigner.generate("ledger.custodia.example/tenant/acme", new SecureRandom()).privateKey()), 3);
        Cli r = verify(other);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("MANIFEST");
    }

    @Test
    void bundleWhenProofAndEntryBothReplacedConsistentlyButNotInLogThenFails() throws Exception {
        // An attacker who cannot sign swaps the entry for another one; the manifest no longer matches.
        Cli r = verify(rewrite(m -> put(m, "entries/3", log.entries.get(4))));
        assertThat(r.status()).isEqualTo(1);
    }

    @Test
    void bundleWhenNotAZipOrMissingThenUsageOrFailure() throws Exception {
        Path junk = tmp.resolve("junk.zip");
        Files.writeString(junk, "not a zip");
        assertThat(verify(junk).status()).isIn(1, 2);
        assertThat(verify(junk).all()).doesNotContain("\tat ");
        assertThat(verify(tmp.resolve("missing.zip")).status()).isEqualTo(2);
    }

    private Path rewrite(UnaryOperator<Map<String, byte[]>> change) throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(bundle)))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                members.put(e.getName(), in.readAllBytes());
            }
        }
        members = change.apply(members);
        Path out = tmp.resolve("tampered-" + System.nanoTime() + ".zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                zip.putNextEntry(new ZipEntry(m.getKey()));
                zip.write(m.getValue());
                zip.closeEntry();
            }
        }
        return out;
    }

    private static Map<String, byte[]> flip(Map<String, byte[]> m, String name) {
        byte[] data = m.get(name).clone();
        data[0] ^= 1;
        m.put(name, data);
        return m;
    }

    private static Map<String, byte[]> put(Map<String, byte[]> m, String name, byte[] data) {
        m.put(name, data);
        return m;
    }

    private static Map<String, byte[]> remove(Map<String, byte[]> m, String name) {
        m.remove(name);
        return m;
    }
}
