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
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TlogProofPropertiesTest {

    private static final String ORIGIN = "example.com/log";
    private static final Fixture F = Fixture.create();

    private record Fixture(byte[] file, byte[] leafHash, NoteVerifiers trusted) {
        static Fixture create() {
            try {
                Ed25519NoteSigner log = Ed25519NoteSigner.parse(
                        Ed25519NoteSigner.generate(ORIGIN, new SecureRandom()).privateKey());
                InMemoryHashStore tree = new InMemoryHashStore();
                for (int i = 0; i < 21; i++) {
                    tree.appendEntry(("e" + i).getBytes(StandardCharsets.UTF_8));
                }
                byte[] cp = SignedCheckpoint.sign(new Checkpoint(ORIGIN, 21, MerkleTree.rootHash(tree, 21)), log);
                byte[] file = new TlogProof(new byte[] {9}, 9, MerkleTree.inclusionProof(tree, 9, 21), cp).encode();
                return new Fixture(file, Rfc9162.leafHash("e9".getBytes(StandardCharsets.UTF_8)),
                        NoteVerifiers.of(log.verifierKey().verifier()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Property(tries = 300)
    void verifyWhenAnyByteChangedThenRejectedOrExtraOnly(@ForAll("positions") int pos, @ForAll("deltas") byte delta)
            throws Exception {
        byte[] bad = F.file.clone();
        bad[pos] += delta;
        int extraStart = "c2sp.org/tlog-proof@v1\nextra ".length();
        if (pos >= extraStart && pos < extraStart + "CQ==".length()) {
            // the extra data is not authenticated: changing it to another valid base64 byte may still verify
            try {
                TlogProof.parse(bad).verify(F.leafHash, ORIGIN, F.trusted);
            } catch (VerificationException expected) {
                // also fine
            }
            return;
        }
        assertThatThrownBy(() -> TlogProof.parse(bad).verify(F.leafHash, ORIGIN, F.trusted))
                .isInstanceOf(VerificationException.class);
    }

    @Example
    void verifyWhenEachByteOutsideExtraIncrementedThenRejected() {
        int extraStart = "c2sp.org/tlog-proof@v1\nextra ".length();
        for (int pos = 0; pos < F.file.length; pos++) {
            if (pos >= extraStart && pos < extraStart + "CQ==".length()) {
                continue;
            }
            byte[] bad = F.file.clone();
            bad[pos]++;
            assertThatThrownBy(() -> TlogProof.parse(bad).verify(F.leafHash, ORIGIN, F.trusted))
                    .as("byte %d", pos).isInstanceOf(VerificationException.class);
        }
    }

    @Property(tries = 200)
    void parseWhenArbitraryBytesThenOnlyVerificationException(@ForAll("junk") byte[] junk) {
        try {
            TlogProof.parse(junk).verify(F.leafHash, ORIGIN, F.trusted);
        } catch (VerificationException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, F.file.length - 1);
    }

    @Provide
    Arbitrary<Byte> deltas() {
        return Arbitraries.bytes().filter(b -> b != 0);
    }

    @Provide
    Arbitrary<byte[]> junk() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> prefixed = random.map(r -> {
            byte[] head = "c2sp.org/tlog-proof@v1\nindex 3\n".getBytes(StandardCharsets.US_ASCII);
            byte[] out = java.util.Arrays.copyOf(head, head.length + r.length);
            System.arraycopy(r, 0, out, head.length, r.length);
            return out;
        });
        return Arbitraries.oneOf(random, prefixed);
    }
}
