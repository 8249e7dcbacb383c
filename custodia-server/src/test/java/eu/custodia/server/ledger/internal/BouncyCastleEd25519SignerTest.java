package eu.custodia.server.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.tlog.checkpoint.Checkpoint;
import eu.custodia.tlog.checkpoint.SignedCheckpoint;
import eu.custodia.tlog.note.Ed25519NoteSigner;
import eu.custodia.tlog.note.NoteKeyPair;
import eu.custodia.tlog.note.NoteVerifiers;
import eu.custodia.tlog.note.VerifierKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BouncyCastleEd25519SignerTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void signWhenAnyKeyAndMessageThenSameBytesAsTheJdkSigner() throws Exception {
        SecureRandom random = new SecureRandom();
        SplittableRandom sizes = new SplittableRandom(8032);
        for (int i = 0; i < 25; i++) {
            NoteKeyPair pair = Ed25519NoteSigner.generate("example.com/log" + i, random);
            Ed25519NoteSigner jdk = Ed25519NoteSigner.parse(pair.privateKey());
            BouncyCastleEd25519Signer bc = BouncyCastleEd25519Signer.of(pair.privateKey(), jdk);
            byte[] message = new byte[sizes.nextInt(0, 600)];
            random.nextBytes(message);
            assertThat(bc.sign(message)).isEqualTo(jdk.sign(message));
            assertThat(bc.keyId()).isEqualTo(jdk.keyId());
            assertThat(bc.name()).isEqualTo(jdk.name());
        }
    }

    /** RFC 8032 §7.1, TEST 1 (empty message) and TEST 2 (one byte). */
    @Test
    void signWhenRfc8032VectorsThenTheirSignatures() throws Exception {
        assertThat(signVector("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", ""))
                .isEqualTo("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertThat(signVector("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72"))
                .isEqualTo("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    }

    @Test
    void signWhenCheckpointThenTheLogVerifierAcceptsIt() throws Exception {
        NoteKeyPair pair = Ed25519NoteSigner.generate("example.com/log", new SecureRandom());
        BouncyCastleEd25519Signer bc = BouncyCastleEd25519Signer.of(pair.privateKey(),
                Ed25519NoteSigner.parse(pair.privateKey()));
        byte[] note = SignedCheckpoint.sign(new Checkpoint("example.com/log", 3, new byte[32]), bc);
        SignedCheckpoint opened = SignedCheckpoint.open(note, "example.com/log",
                NoteVerifiers.of(pair.verifierKey().verifier()));
        assertThat(opened.checkpoint().size()).isEqualTo(3);
    }

    @Test
    void ofWhenTheTextHoldsAnotherKeyThenRefused() throws Exception {
        SecureRandom random = new SecureRandom();
        NoteKeyPair one = Ed25519NoteSigner.generate("example.com/log", random);
        NoteKeyPair other = Ed25519NoteSigner.generate("example.com/log", random);
        Ed25519NoteSigner parsed = Ed25519NoteSigner.parse(one.privateKey());
        assertThatThrownBy(() -> BouncyCastleEd25519Signer.of(other.privateKey(), parsed))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(other.privateKey());
    }

    @Test
    void toStringWhenPrintedThenNoKeyMaterial() throws Exception {
        NoteKeyPair pair = Ed25519NoteSigner.generate("example.com/log", new SecureRandom());
        String[] parts = pair.privateKey().split("\\+", 5);
        String seed = parts[4];
        assertThat(BouncyCastleEd25519Signer.of(pair.privateKey(), Ed25519NoteSigner.parse(pair.privateKey()))
                .toString()).doesNotContain(seed).contains("example.com/log");
    }

    private static String signVector(String seedHex, String publicHex, String messageHex) throws Exception {
        VerifierKey vkey = new VerifierKey("rfc8032", HEX.parseHex(publicHex));
        byte[] typed = new byte[33];
        typed[0] = 0x01;
        System.arraycopy(HEX.parseHex(seedHex), 0, typed, 1, 32);
        String text = "PRIVATE+KEY+rfc8032+" + String.format(java.util.Locale.ROOT, "%08x", vkey.keyId()) + "+"
                + Base64.getEncoder().encodeToString(typed);
        BouncyCastleEd25519Signer bc = BouncyCastleEd25519Signer.of(text, Ed25519NoteSigner.parse(text));
        return HEX.formatHex(bc.sign(HEX.parseHex(messageHex)));
    }

}
