package eu.custodia.tlog.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.note.Ed25519NoteSigner;
import eu.custodia.tlog.note.NoteVerifiers;
import eu.custodia.tlog.note.Signature;
import eu.custodia.tlog.note.SignedNote;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedCheckpointTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static Ed25519NoteSigner signer(String name) throws Exception {
        return Ed25519NoteSigner.parse(Ed25519NoteSigner.generate(name, RANDOM).privateKey());
    }

    private static Checkpoint checkpoint() {
        byte[] root = new byte[32];
        root[31] = 7;
        return new Checkpoint("example.com/log", 12345, root, List.of("ext one"));
    }

    @Test
    void openWhenSignedByLogThenCheckpointReturned() throws Exception {
        Ed25519NoteSigner log = signer("example.com/log");
        byte[] note = SignedCheckpoint.sign(checkpoint(), log);

        SignedCheckpoint opened = SignedCheckpoint.open(note, "example.com/log",
                NoteVerifiers.of(log.verifierKey().verifier()));

        assertThat(opened.checkpoint()).isEqualTo(checkpoint());
        assertThat(opened.note().signatures()).extracting(Signature::name).containsExactly("example.com/log");
    }

    @Test
    void openWhenWitnessCosignatureUnknownThenIgnored() throws Exception {
        Ed25519NoteSigner log = signer("example.com/log");
        Ed25519NoteSigner witness = signer("witness.example");

        SignedCheckpoint opened = SignedCheckpoint.open(SignedCheckpoint.sign(checkpoint(), log, witness),
                NoteVerifiers.of(log.verifierKey().verifier()));

        assertThat(opened.note().unverifiedSignatures()).extracting(Signature::name).containsExactly("witness.example");
    }

    @Test
    void openWhenOriginDiffersThenRejected() throws Exception {
        Ed25519NoteSigner log = signer("example.com/log");
        byte[] note = SignedCheckpoint.sign(checkpoint(), log);

        assertThatThrownBy(() -> SignedCheckpoint.open(note, "example.com/other",
                NoteVerifiers.of(log.verifierKey().verifier())))
                .isInstanceOf(VerificationException.class).hasMessageContaining("example.com/other");
    }

    @Test
    void openWhenSignedByUntrustedKeyThenRejected() throws Exception {
        Ed25519NoteSigner impostor = signer("example.com/log");
        Ed25519NoteSigner log = signer("example.com/log");

        assertThatThrownBy(() -> SignedCheckpoint.open(SignedCheckpoint.sign(checkpoint(), impostor),
                NoteVerifiers.of(log.verifierKey().verifier())))
                .isInstanceOf(VerificationException.class).hasMessageContaining("no verifiable signatures");
    }

    @Test
    void openWhenSignedTextIsNotACheckpointThenRejected() throws Exception {
        Ed25519NoteSigner log = signer("example.com/log");
        byte[] note = SignedNote.sign("example.com/log\nnot a size\nroot\n", log);

        assertThatThrownBy(() -> SignedCheckpoint.open(note, NoteVerifiers.of(log.verifierKey().verifier())))
                .isInstanceOf(VerificationException.class).hasMessageContaining("line 2");
    }

    @Test
    void openWhenSizeAlteredAfterSigningThenRejected() throws Exception {
        Ed25519NoteSigner log = signer("example.com/log");
        String note = new String(SignedCheckpoint.sign(checkpoint(), log), StandardCharsets.UTF_8);
        byte[] altered = note.replace("\n12345\n", "\n12346\n").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SignedCheckpoint.open(altered, NoteVerifiers.of(log.verifierKey().verifier())))
                .isInstanceOf(VerificationException.class).hasMessageContaining("invalid signature");
    }

    @Test
    void parseWhenSpecSignedExampleThenTextIsCheckpoint() throws Exception {
        byte[] spec = ("example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
                + "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/"
                + "Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n").getBytes(StandardCharsets.UTF_8);

        var note = SignedNote.parseUnverified(spec);

        assertThat(Checkpoint.parse(note.text()).size()).isEqualTo(20852163L);
        assertThat(note.unverifiedSignatures()).singleElement()
                .satisfies(s -> assertThat(s.name()).isEqualTo("example.com/behind-the-sofa"));
    }
}
