package eu.custodia.tlog.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.checkpoint.Checkpoint;
import eu.custodia.tlog.checkpoint.SignedCheckpoint;
import eu.custodia.tlog.merkle.InMemoryHashStore;
import eu.custodia.tlog.merkle.MerkleTree;
import eu.custodia.tlog.merkle.Rfc9162;
import eu.custodia.tlog.note.Ed25519NoteSigner;
import eu.custodia.tlog.note.NoteVerifiers;
import eu.custodia.tlog.note.TextCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TlogProofTest {

    private static final String ORIGIN = "example.com/log";
    private static final int LEAVES = 13;
    private static Ed25519NoteSigner log;
    private static NoteVerifiers trusted;
    private static InMemoryHashStore tree;
    private static byte[] signedCheckpoint;

    @BeforeAll
    static void buildLog() throws Exception {
        log = Ed25519NoteSigner.parse(Ed25519NoteSigner.generate(ORIGIN, new SecureRandom()).privateKey());
        trusted = NoteVerifiers.of(log.verifierKey().verifier());
        tree = new InMemoryHashStore();
        for (int i = 0; i < LEAVES; i++) {
            tree.appendEntry(entry(i));
        }
        signedCheckpoint = SignedCheckpoint.sign(new Checkpoint(ORIGIN, LEAVES, MerkleTree.rootHash(tree, LEAVES)), log);
    }

    private static byte[] entry(int i) {
        return ("entry " + i).getBytes(StandardCharsets.UTF_8);
    }

    private static TlogProof proofFor(int index, byte[] extra) throws VerificationException {
        return new TlogProof(extra, index, MerkleTree.inclusionProof(tree, index, LEAVES), signedCheckpoint);
    }

    private static byte[] specExample() throws IOException {
        try (InputStream in = TlogProofTest.class.getResourceAsStream("/vectors/c2sp-tlog-proof/spec-example.tlog-proof")) {
            return in.readAllBytes();
        }
    }

    @Test
    void parseWhenSpecExampleThenFieldsReadAndReencodedIdentically() throws Exception {
        byte[] file = specExample();

        TlogProof proof = TlogProof.parse(file);

        assertThat(proof.index()).isEqualTo(73894L);
        assertThat(proof.extra()).isEqualTo(TextCodec.decodeBase64(
                "YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ", "test"));
        assertThat(proof.hashes()).hasSize(5);
        assertThat(TextCodec.encodeBase64(proof.hashes().get(4))).isEqualTo("AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=");
        assertThat(new String(proof.checkpoint(), StandardCharsets.UTF_8)).startsWith("example.com/fancylog\n109482\n");
        assertThat(proof.encode()).isEqualTo(file);
    }

    @Test
    void openCheckpointWhenSpecExampleSignaturesElidedThenRejected() throws Exception {
        TlogProof proof = TlogProof.parse(specExample());

        assertThatThrownBy(() -> proof.openCheckpoint("example.com/fancylog", trusted))
                .isInstanceOf(VerificationException.class).hasMessageContaining("signature line 1");
    }

    @Test
    void verifyWhenWrittenThenReadThenEveryLeafVerifies() throws Exception {
        for (int i = 0; i < LEAVES; i++) {
            byte[] extra = i % 2 == 0 ? null : new byte[] {(byte) i, 0, 1};
            TlogProof written = proofFor(i, extra);

            TlogProof read = TlogProof.parse(written.encode());

            assertThat(read).isEqualTo(written);
            assertThat(read.extra()).isEqualTo(extra);
            SignedCheckpoint cp = read.verify(Rfc9162.leafHash(entry(i)), ORIGIN, trusted);
            assertThat(cp.checkpoint().size()).isEqualTo(LEAVES);
        }
    }

    @Test
    void encodeWhenNoExtraThenLayoutMatchesSpec() throws Exception {
        String text = new String(proofFor(0, null).encode(), StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);

        assertThat(lines[0]).isEqualTo("c2sp.org/tlog-proof@v1");
        assertThat(lines[1]).isEqualTo("index 0");
        assertThat(lines[6]).isEmpty();
        assertThat(text.substring(text.indexOf("\n\n") + 2)).isEqualTo(new String(signedCheckpoint, StandardCharsets.UTF_8));
    }

    @Test
    void verifyWhenOtherEntryThenRejected() throws Exception {
        TlogProof proof = proofFor(3, null);

        assertThatThrownBy(() -> proof.verify(Rfc9162.leafHash(entry(4)), ORIGIN, trusted))
                .isInstanceOf(VerificationException.class).hasMessageContaining("leaf 3");
    }

    @Test
    void verifyWhenHashMissingOrExtraThenRejected() throws Exception {
        List<byte[]> path = MerkleTree.inclusionProof(tree, 5, LEAVES);
        List<byte[]> shorter = path.subList(0, path.size() - 1);
        List<byte[]> longer = new ArrayList<>(path);
        longer.add(new byte[32]);
        for (List<byte[]> bad : List.of(shorter, longer)) {
            TlogProof proof = TlogProof.parse(new TlogProof(null, 5, bad, signedCheckpoint).encode());
            assertThatThrownBy(() -> proof.verify(Rfc9162.leafHash(entry(5)), ORIGIN, trusted))
                    .isInstanceOf(VerificationException.class);
        }
    }

    @Test
    void openCheckpointWhenIndexOutsideTreeThenRejected() throws Exception {
        TlogProof proof = new TlogProof(null, LEAVES, List.of(), signedCheckpoint);

        assertThatThrownBy(() -> proof.openCheckpoint(ORIGIN, trusted))
                .isInstanceOf(VerificationException.class).hasMessageContaining("not below the checkpoint tree size");
    }

    @Test
    void openCheckpointWhenUntrustedKeyOrOtherOriginThenRejected() throws Exception {
        TlogProof proof = proofFor(1, null);
        Ed25519NoteSigner other = Ed25519NoteSigner.parse(Ed25519NoteSigner.generate(ORIGIN, new SecureRandom()).privateKey());

        assertThatThrownBy(() -> proof.openCheckpoint(ORIGIN, NoteVerifiers.of(other.verifierKey().verifier())))
                .hasMessageContaining("no verifiable signatures");
        assertThatThrownBy(() -> proof.openCheckpoint("example.com/other", trusted))
                .hasMessageContaining("not the expected");
    }

    @Test
    void parseOrVerifyWhenTruncatedAnywhereThenRejected() throws Exception {
        byte[] file = proofFor(6, new byte[] {1, 2, 3}).encode();
        for (int n = 0; n < file.length; n++) {
            byte[] prefix = Arrays.copyOf(file, n);
            assertThatThrownBy(() -> TlogProof.parse(prefix).verify(Rfc9162.leafHash(entry(6)), ORIGIN, trusted))
                    .as("prefix of %d bytes", n).isInstanceOf(VerificationException.class);
        }
    }

    @Test
    void parseWhenMalformedThenRejectedWithReason() throws Exception {
        String cp = new String(signedCheckpoint, StandardCharsets.UTF_8);
        String h = TextCodec.encodeBase64(new byte[32]);
        String[][] cases = {
            {"", "truncated"},
            {"c2sp.org/tlog-proof@v1", "truncated"},
            {"c2sp.org/tlog-proof@v2\nindex 0\n\n" + cp, "line 1: expected header"},
            {"c2sp.org/tlog-proof@v1\r\nindex 0\n\n" + cp, "line 1: unexpected byte 0x0d"},
            {"c2sp.org/tlog-proof@v1\nindex 0\n" + h, "truncated"},
            {"c2sp.org/tlog-proof@v1\nindex 0\n" + h + "\n", "truncated"},
            {"c2sp.org/tlog-proof@v1\nindex 0\n" + h + "\n\n", "no checkpoint"},
            {"c2sp.org/tlog-proof@v1\nindex 0\n\n", "no checkpoint"},
            {"c2sp.org/tlog-proof@v1\n\nindex 0\n\n" + cp, "line 2: expected \"index <n>\""},
            {"c2sp.org/tlog-proof@v1\nindex\n\n" + cp, "line 2: expected"},
            {"c2sp.org/tlog-proof@v1\nindex  1\n\n" + cp, "line 2 (index)"},
            {"c2sp.org/tlog-proof@v1\nindex 01\n\n" + cp, "leading zero"},
            {"c2sp.org/tlog-proof@v1\nindex -1\n\n" + cp, "line 2 (index)"},
            {"c2sp.org/tlog-proof@v1\nindex 9223372036854775808\n\n" + cp, "exceeds"},
            {"c2sp.org/tlog-proof@v1\nindex 1\nextra AAAA\n\n" + cp, "line 3 (proof hash 1)"},
            {"c2sp.org/tlog-proof@v1\nextra\nindex 1\n\n" + cp, "line 2: expected"},
            {"c2sp.org/tlog-proof@v1\nextra A=\nindex 1\n\n" + cp, "line 2 (extra data)"},
            {"c2sp.org/tlog-proof@v1\nextra AAAA\nextra AAAA\nindex 1\n\n" + cp, "line 3: expected \"index <n>\""},
            {"c2sp.org/tlog-proof@v1\nindex 1\n" + h.substring(0, 43) + "\n\n" + cp, "line 3 (proof hash 1)"},
            {"c2sp.org/tlog-proof@v1\nindex 1\n" + h + "\n" + h.replace('A', '*') + "\n\n" + cp, "line 4 (proof hash 2)"},
            {"c2sp.org/tlog-proof@v1\nindex 1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\n\n" + cp, "non-canonical"},
            {"c2sp.org/tlog-proof@v1\nindex 1\n" + TextCodec.encodeBase64(new byte[31]) + "\n\n" + cp, "31 bytes"},
            {"c2sp.org/tlog-proof@v1\nindex 1\n" + TextCodec.encodeBase64(new byte[48]) + "\n\n" + cp, "48 bytes"},
            {"c2sp.org/tlog-proof@v1\nindex 1\n" + (h + "\n").repeat(65) + "\n" + cp, "more than 64 proof hashes"},
            {"c2sp.org/tlog-proof@v1\nindex 1\n\u00e9\n\n" + cp, "unexpected byte 0xc3"},
        };
        for (String[] c : cases) {
            byte[] file = c[0].getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> TlogProof.parse(file)).as(c[0].length() > 80 ? c[0].substring(0, 80) : c[0])
                    .isInstanceOf(VerificationException.class).hasMessageContaining(c[1]);
        }
    }

    @Test
    void parseWhenFileOrCheckpointHugeThenRejected() {
        byte[] huge = new byte[TlogProof.MAX_PROOF_BYTES + 1];
        assertThatThrownBy(() -> TlogProof.parse(huge)).hasMessageContaining("more than " + TlogProof.MAX_PROOF_BYTES);
        String bigCheckpoint = "x".repeat((1 << 20) + 1);
        byte[] file = ("c2sp.org/tlog-proof@v1\nindex 1\n\n" + bigCheckpoint).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TlogProof.parse(file)).hasMessageContaining("checkpoint is more than 1 MiB");
    }

    @Test
    void constructorWhenInvalidThenRejectedAndInputsCopied() throws Exception {
        assertThatThrownBy(() -> new TlogProof(null, -1, List.of(), signedCheckpoint)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TlogProof(null, 0, List.of(new byte[31]), signedCheckpoint)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TlogProof(null, 0, List.of(), new byte[0])).isInstanceOf(IllegalArgumentException.class);
        byte[] h = new byte[32];
        TlogProof proof = new TlogProof(null, 0, List.of(h), signedCheckpoint);
        h[0] = 1;
        proof.hashes().get(0)[1] = 1;
        assertThat(proof).isEqualTo(new TlogProof(null, 0, List.of(new byte[32]), signedCheckpoint));
    }
}
