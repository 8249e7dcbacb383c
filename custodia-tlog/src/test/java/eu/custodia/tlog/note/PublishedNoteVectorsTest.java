package eu.custodia.tlog.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.tlog.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The signed-note vectors of {@code vectors/signed-note/ed25519-notes.json} (C2SP example and Go tests). */
class PublishedNoteVectorsTest {

    static Stream<Map<String, Object>> cases() {
        return MiniJson.arr(MiniJson.obj(MiniJson.resource("/vectors/signed-note/ed25519-notes.json")).get("cases"))
                .stream().map(MiniJson::obj);
    }

    private static byte[] message(Map<String, Object> c) {
        return (c.get("text") + "\n" + c.get("signatureLine") + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static NoteVerifiers verifiers(Map<String, Object> c) throws VerificationException {
        return NoteVerifiers.of(Ed25519NoteVerifier.parse((String) c.get("verifierKey")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void openWhenPublishedVectorThenVerified(Map<String, Object> c) throws Exception {
        Note note = SignedNote.open(message(c), verifiers(c));

        assertThat(note.text()).isEqualTo(c.get("text"));
        assertThat(note.signatures()).hasSize(1);
        assertThat(note.signatures().get(0).line()).isEqualTo(c.get("signatureLine"));
        assertThat(note.unverifiedSignatures()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void parseWhenPublishedVerifierKeyThenReencodesIdentically(Map<String, Object> c) throws Exception {
        assertThat(VerifierKey.parse((String) c.get("verifierKey")).encode()).isEqualTo(c.get("verifierKey"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void openWhenAnyTextBitFlippedThenRejected(Map<String, Object> c) throws Exception {
        byte[] msg = message(c);
        int textLen = ((String) c.get("text")).getBytes(StandardCharsets.UTF_8).length;
        NoteVerifiers v = verifiers(c);
        for (int i = 0; i < textLen; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = msg.clone();
                bad[i] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> SignedNote.open(bad, v))
                        .as("byte %d bit %d", i, bit).isInstanceOf(VerificationException.class);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void openWhenAnySignatureBitFlippedThenRejected(Map<String, Object> c) throws Exception {
        String line = (String) c.get("signatureLine");
        String prefix = line.substring(0, line.lastIndexOf(' ') + 1);
        byte[] raw = TextCodec.decodeBase64(line.substring(prefix.length()), "test");
        NoteVerifiers v = verifiers(c);
        for (int i = 0; i < raw.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = raw.clone();
                bad[i] ^= (byte) (1 << bit);
                byte[] msg = (c.get("text") + "\n" + prefix + TextCodec.encodeBase64(bad) + "\n")
                        .getBytes(StandardCharsets.UTF_8);
                assertThatThrownBy(() -> SignedNote.open(msg, v))
                        .as("signature byte %d bit %d", i, bit).isInstanceOf(VerificationException.class);
            }
        }
    }
}
