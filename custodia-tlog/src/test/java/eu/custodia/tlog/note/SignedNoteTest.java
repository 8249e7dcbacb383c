package eu.custodia.tlog.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.tlog.VerificationException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SignedNoteTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TEXT = "example.com/log\n42\nline three\n";

    private static Ed25519NoteSigner newSigner(String name) throws Exception {
        return Ed25519NoteSigner.parse(Ed25519NoteSigner.generate(name, RANDOM).privateKey());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void openWhenSignedWithGeneratedKeyThenVerified() throws Exception {
        Ed25519NoteSigner signer = newSigner("example.com/log");

        Note note = SignedNote.open(SignedNote.sign(TEXT, signer), NoteVerifiers.of(signer.verifierKey().verifier()));

        assertThat(note.text()).isEqualTo(TEXT);
        assertThat(note.signatures()).singleElement()
                .satisfies(s -> assertThat(s.keyId()).isEqualTo(signer.keyId()));
    }

    @Test
    void openWhenSeveralSignersThenAllKnownOnesVerifiedInOrder() throws Exception {
        Ed25519NoteSigner a = newSigner("a.example");
        Ed25519NoteSigner b = newSigner("b.example");
        Ed25519NoteSigner c = newSigner("c.example");
        byte[] msg = SignedNote.sign(TEXT, a, b, c);

        Note note = SignedNote.open(msg, NoteVerifiers.of(c.verifierKey().verifier(), a.verifierKey().verifier()));

        assertThat(note.signatures()).extracting(Signature::name).containsExactly("a.example", "c.example");
        assertThat(note.unverifiedSignatures()).extracting(Signature::name).containsExactly("b.example");
    }

    @Test
    void signWhenNoteAlreadySignedThenCosignatureAppended() throws Exception {
        Ed25519NoteSigner log = newSigner("log.example");
        Ed25519NoteSigner witness = newSigner("witness.example");
        NoteVerifiers both = NoteVerifiers.of(log.verifierKey().verifier(), witness.verifierKey().verifier());
        Note logged = SignedNote.open(SignedNote.sign(TEXT, log), both);

        Note cosigned = SignedNote.open(SignedNote.sign(logged, List.of(witness)), both);

        assertThat(cosigned.signatures()).extracting(Signature::name).containsExactly("log.example", "witness.example");
    }

    @Test
    void openWhenSixteenSignaturesThenAccepted() throws Exception {
        List<Ed25519NoteSigner> signers = new ArrayList<>();
        List<NoteVerifier> verifiers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Ed25519NoteSigner s = newSigner("signer" + i + ".example");
            signers.add(s);
            verifiers.add(s.verifierKey().verifier());
        }

        Note note = SignedNote.open(SignedNote.sign(Note.of(TEXT), signers), NoteVerifiers.of(verifiers));

        assertThat(note.signatures()).hasSize(16);
    }

    @Test
    void openWhenHundredSignatureLinesThenAcceptedAndHundredAndOneRefused() throws Exception {
        Ed25519NoteSigner known = newSigner("log.example");
        String line = new String(SignedNote.sign(TEXT, known), StandardCharsets.UTF_8).substring(TEXT.length() + 1);
        List<Signature> unknown = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            unknown.add(new Signature("other" + i + ".example", i, new byte[64]));
        }
        StringBuilder hundred = new StringBuilder(TEXT).append('\n').append(line);
        unknown.subList(0, 99).forEach(s -> hundred.append(s.line()).append('\n'));
        NoteVerifiers v = NoteVerifiers.of(known.verifierKey().verifier());

        assertThat(SignedNote.open(utf8(hundred.toString()), v).unverifiedSignatures()).hasSize(99);
        String hundredAndOne = hundred + unknown.get(99).line() + "\n";
        assertThatThrownBy(() -> SignedNote.open(utf8(hundredAndOne), v))
                .isInstanceOf(VerificationException.class).hasMessageContaining("more than 100 signatures");
    }

    @Test
    void openWhenOnlyUnknownKeysSignedThenRejected() throws Exception {
        Ed25519NoteSigner stranger = newSigner("stranger.example");
        Ed25519NoteSigner trusted = newSigner("trusted.example");

        assertThatThrownBy(() -> SignedNote.open(SignedNote.sign(TEXT, stranger),
                NoteVerifiers.of(trusted.verifierKey().verifier())))
                .isInstanceOf(VerificationException.class).hasMessageContaining("no verifiable signatures");
    }

    @Test
    void openWhenKnownNameButOtherKeyIdThenIgnored() throws Exception {
        Ed25519NoteSigner trusted = newSigner("log.example");
        Ed25519NoteSigner rotated = newSigner("log.example");
        byte[] msg = SignedNote.sign(TEXT, rotated, trusted);

        Note note = SignedNote.open(msg, NoteVerifiers.of(trusted.verifierKey().verifier()));

        assertThat(note.signatures()).extracting(Signature::keyId).containsExactly(trusted.keyId());
        assertThat(note.unverifiedSignatures()).extracting(Signature::keyId).containsExactly(rotated.keyId());
    }

    @Test
    void openWhenKnownKeySignatureInvalidThenRejectedEvenIfAnotherVerifies() throws Exception {
        Ed25519NoteSigner a = newSigner("a.example");
        Ed25519NoteSigner b = newSigner("b.example");
        Signature forged = new Signature("b.example", b.keyId(), new byte[64]);
        byte[] msg = SignedNote.sign(new Note(TEXT, List.of(), List.of(forged)), List.of(a));

        assertThatThrownBy(() -> SignedNote.open(msg,
                NoteVerifiers.of(a.verifierKey().verifier(), b.verifierKey().verifier())))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("invalid signature for key b.example+" + KeyId.hex(b.keyId()));
    }

    @Test
    void openWhenSignatureLineMalformedThenRejectedWithLineNumber() throws Exception {
        Ed25519NoteSigner a = newSigner("a.example");
        String signed = new String(SignedNote.sign(TEXT, a), StandardCharsets.UTF_8);
        NoteVerifiers v = NoteVerifiers.of(a.verifierKey().verifier());
        List<String> badLines = List.of(
                "\u2014 Bad Name AAAAAAA=\n", "- a.example AAAAAAA=\n", "\u2014 a.example\n", "\u2014 a.example \n",
                "\u2014 a+b AAAAAAA=\n", "\u2014 a.example AAAA\n", "\u2014 a.example AAAAAA\n", "\u2014 a.example AAAAAB==\n",
                "\u2014  AAAAAAA=\n", "\u2014 a.example\u00a0x AAAAAAA=\n", "\u2014a.example AAAAAAA=\n");
        for (String bad : badLines) {
            assertThatThrownBy(() -> SignedNote.open(utf8(signed + bad), v)).as(bad)
                    .isInstanceOf(VerificationException.class).hasMessageContaining("signature line 2");
        }
    }

    @Test
    void openWhenNoteTooLargeThenRejected() throws Exception {
        Ed25519NoteSigner a = newSigner("a.example");
        String big = "x".repeat(1 << 20) + "\n";
        assertThatThrownBy(() -> SignedNote.sign(big, a)).isInstanceOf(IllegalArgumentException.class);
        byte[] msg = utf8(big + "\n\u2014 a.example AAAAAAA=\n");
        assertThatThrownBy(() -> SignedNote.open(msg, NoteVerifiers.of(a.verifierKey().verifier())))
                .isInstanceOf(VerificationException.class).hasMessageContaining("more than 1048576");
    }

    @Test
    void signWhenTextBreaksNoteRulesThenRejected() throws Exception {
        Ed25519NoteSigner a = newSigner("a.example");
        for (String bad : List.of("", "no newline", "tab\there\n", "cr\r\n", "nul\u0000\n", "lone \ud800 surrogate\n")) {
            assertThatThrownBy(() -> SignedNote.sign(bad, a)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void openWhenTextContainsBlankLinesThenSplitAtLastBlankLine() throws Exception {
        Ed25519NoteSigner a = newSigner("a.example");
        String text = "para one\n\npara two\n\n";

        Note note = SignedNote.open(SignedNote.sign(text, a), NoteVerifiers.of(a.verifierKey().verifier()));

        assertThat(note.text()).isEqualTo(text);
    }

    @Test
    void generateWhenInvalidNameThenRejected() {
        for (String bad : List.of("", "a b", "a+b", "a\nb", "a\u2003b")) {
            assertThatThrownBy(() -> Ed25519NoteSigner.generate(bad, RANDOM)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void verifierKeyWhenEncodedThenParsesBack() throws Exception {
        VerifierKey key = Ed25519NoteSigner.generate("example.com/\u00e9t\u00e9", RANDOM).verifierKey();

        assertThat(VerifierKey.parse(key.encode())).isEqualTo(key);
        assertThat(VerifierKey.parse(key.encode()).keyId()).isEqualTo(key.keyId());
    }

    @Test
    void signerWhenPrintedThenNoKeyMaterial() throws Exception {
        NoteKeyPair pair = Ed25519NoteSigner.generate("a.example", RANDOM);
        // PRIVATE+KEY+<name>+<hex id>+<base64>: the base64 may itself contain '+', so split on the first four.
        String seed64 = pair.privateKey().split("\\+", 5)[4];
        assertThat(seed64).hasSize(44);

        assertThat(Ed25519NoteSigner.parse(pair.privateKey()).toString()).doesNotContain(seed64);
        assertThat(pair.toString()).doesNotContain(seed64).contains("redacted");
    }

    @Property(tries = 300)
    void openWhenArbitraryBytesThenOnlyVerificationException(@ForAll("noteLikeBytes") byte[] msg) throws Exception {
        NoteVerifiers v = NoteVerifiers.of(Ed25519NoteVerifier.parse(
                "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
        try {
            SignedNote.open(msg, v);
        } catch (VerificationException expected) {
            // the only permitted failure
        }
    }

    @Provide
    Arbitrary<byte[]> noteLikeBytes() {
        byte[] valid = utf8("If you think cryptography is the answer to your problem,\n"
                + "then you don't know what your problem is.\n\n"
                + "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n");
        Arbitrary<byte[]> mutated = Arbitraries.integers().between(0, valid.length - 1).list().ofMaxSize(4)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] m = valid.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        m[positions.get(i)] = values.get(i);
                    }
                    return m;
                }));
        Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, valid.length)
                .map(n -> java.util.Arrays.copyOf(valid, n));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Arbitraries.oneOf(mutated, truncated, random);
    }
}
