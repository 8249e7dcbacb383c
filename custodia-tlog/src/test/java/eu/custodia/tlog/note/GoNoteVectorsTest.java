package eu.custodia.tlog.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.tlog.VerificationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The cases of Go's {@code golang.org/x/mod/sumdb/note/note_test.go}, from {@code vectors/go-sumdb-note}. */
class GoNoteVectorsTest {

    private static final Map<String, Object> DOC = MiniJson.obj(MiniJson.resource("/vectors/go-sumdb-note/note_test.json"));

    private static Map<String, Object> key(String who) {
        return MiniJson.obj(MiniJson.obj(DOC.get("keys")).get(who));
    }

    private static Ed25519NoteVerifier verifier(String who) throws VerificationException {
        return Ed25519NoteVerifier.parse((String) key(who).get("verifierKey"));
    }

    @Test
    void parseVerifierKeyWhenGoKeyThenAccepted() throws Exception {
        Ed25519NoteVerifier v = verifier("peter");

        assertThat(v.name()).isEqualTo("PeterNeumann");
        assertThat(KeyId.hex(v.keyId())).isEqualTo("c74f20a3");
    }

    @Test
    void parseVerifierKeyWhenAnySubstringOrIncrementedByteThenRejected() {
        String vkey = (String) key("peter").get("verifierKey");
        for (String bad : manglings(vkey)) {
            assertThatThrownBy(() -> VerifierKey.parse(bad)).as(bad).isInstanceOf(VerificationException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("badVerifierKeys")
    void parseVerifierKeyWhenGoBadKeyThenRejected(Map<String, Object> c) {
        assertThatThrownBy(() -> VerifierKey.parse((String) c.get("key")))
                .as((String) c.get("desc")).isInstanceOf(VerificationException.class);
    }

    static Stream<Map<String, Object>> badVerifierKeys() {
        return MiniJson.arr(DOC.get("badVerifierKeys")).stream().map(MiniJson::obj);
    }

    @Test
    void parseVerifierKeyWhenUnknownAlgorithmThenMessageNamesAlgorithm() {
        assertThatThrownBy(() -> VerifierKey.parse("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .hasMessageContaining("unsupported signature type 0x65");
    }

    @Test
    void parsePrivateKeyWhenAnySubstringOrIncrementedByteThenRejectedWithoutLeakingKey() throws Exception {
        String skey = (String) key("peter").get("privateKey");
        assertThat(Ed25519NoteSigner.parse(skey).keyId()).isEqualTo(verifier("peter").keyId());
        String secret = skey.split("\\+", 5)[4];
        for (String bad : manglings(skey)) {
            assertThatThrownBy(() -> Ed25519NoteSigner.parse(bad)).as(bad)
                    .isInstanceOf(VerificationException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret.substring(4, 16)));
        }
    }

    /** The manglings of TestNewVerifier/TestNewSigner: every proper substring and every byte incremented. */
    private static List<String> manglings(String s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i <= s.length(); i++) {
            for (int j = i + 1; j <= s.length(); j++) {
                if (i != 0 || j != s.length()) {
                    out.add(s.substring(i, j));
                }
            }
        }
        for (int i = 0; i < s.length(); i++) {
            char[] b = s.toCharArray();
            b[i]++;
            out.add(new String(b));
        }
        return out;
    }

    @Test
    void signWhenGoKeyThenExactGoOutput() throws Exception {
        Map<String, Object> signed = MiniJson.obj(DOC.get("signed"));
        Ed25519NoteSigner signer = Ed25519NoteSigner.parse((String) key((String) signed.get("key")).get("privateKey"));

        byte[] msg = SignedNote.sign((String) DOC.get("text"), signer);

        assertThat(new String(msg, StandardCharsets.UTF_8)).isEqualTo(signed.get("want"));
    }

    @Test
    void signWhenExistingSignatureBySameKeyThenReplaced() throws Exception {
        Map<String, Object> signed = MiniJson.obj(DOC.get("signed"));
        Ed25519NoteSigner signer = Ed25519NoteSigner.parse((String) key("peter").get("privateKey"));
        Signature stale = new Signature("PeterNeumann", 0xc74f20a3, new byte[] {1, 2, 3});

        byte[] msg = SignedNote.sign(new Note((String) DOC.get("text"), List.of(stale), List.of()), List.of(signer));

        assertThat(new String(msg, StandardCharsets.UTF_8)).isEqualTo(signed.get("want"));
    }

    @Test
    void signWhenBadInputsThenRejected() throws Exception {
        Ed25519NoteSigner signer = Ed25519NoteSigner.parse((String) key("peter").get("privateKey"));
        String text = (String) DOC.get("text");

        assertThatThrownBy(() -> SignedNote.sign("abc", signer)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Signature("a+b", 0, new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignedNote.sign(text, new RenamedSigner(signer, "bad name")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid signer");
        assertThatThrownBy(() -> SignedNote.sign(text, new FailingSigner(signer)))
                .isInstanceOf(GeneralSecurityException.class).hasMessage("surprise!");
    }

    @ParameterizedTest
    @MethodSource("lookups")
    void lookupWhenGoVerifierListThenSameOutcome(Map<String, Object> c) throws Exception {
        List<NoteVerifier> list = new ArrayList<>();
        for (Object who : MiniJson.arr(c.get("list"))) {
            list.add(verifier((String) who));
        }
        NoteVerifiers verifiers = NoteVerifiers.of(list);
        String name = (String) c.get("name");
        int id = KeyId.parseHex((String) c.get("keyId"));
        switch ((String) c.get("want")) {
            case "peter" -> assertThat(verifiers.lookup(name, id)).containsSame(list.get(0));
            case "unknown" -> assertThat(verifiers.lookup(name, id)).isEmpty();
            default -> assertThatThrownBy(() -> verifiers.lookup(name, id))
                    .isInstanceOf(VerificationException.class).hasMessageContaining((String) c.get("goError"));
        }
    }

    static Stream<Map<String, Object>> lookups() {
        return MiniJson.arr(DOC.get("verifierListLookups")).stream().map(MiniJson::obj);
    }

    static Stream<Map<String, Object>> openCases() {
        return MiniJson.arr(DOC.get("open")).stream().map(MiniJson::obj);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("openCases")
    void openWhenGoCaseThenSameOutcome(Map<String, Object> c) throws Exception {
        byte[] msg = message(c);
        NoteVerifiers verifiers = verifiers(MiniJson.arr(c.get("verifiers")));
        if (Boolean.TRUE.equals(c.get("wantErr"))) {
            assertThatThrownBy(() -> SignedNote.open(msg, verifiers)).as((String) c.get("desc"))
                    .isInstanceOf(VerificationException.class);
            return;
        }
        Note note = SignedNote.open(msg, verifiers);
        assertThat(note.text()).isEqualTo(DOC.get("text"));
        assertThat(note.signatures()).containsExactlyElementsOf(signatures(c.get("sigs")));
        assertThat(note.unverifiedSignatures()).containsExactlyElementsOf(signatures(c.get("unverifiedSigs")));
    }

    @Test
    void openWhenGoErrorCasesThenMessagesAreSpecific() throws Exception {
        Map<String, String> expected = Map.of(
                "both unverified", "note has no verifiable signatures",
                "duplicated verifier", "ambiguous key EnochRoot+af0cfe78",
                "invalid signature", "invalid signature for key PeterNeumann+c74f20a3",
                "too many signatures, verified", "more than 100 signatures",
                "verifiers return a verifier for the wrong name", "returned key PeterNeumann+c74f20a3");
        for (Map<String, Object> c : openCases().toList()) {
            String want = expected.get((String) c.get("desc"));
            if (want != null) {
                NoteVerifiers v = verifiers(MiniJson.arr(c.get("verifiers")));
                assertThatThrownBy(() -> SignedNote.open(message(c), v)).hasMessageContaining(want);
            }
        }
    }

    @Test
    void generateWhenNewKeyThenSignerAndVerifierAgree() throws Exception {
        NoteKeyPair pair = Ed25519NoteSigner.generate("EnochRoot", new java.security.SecureRandom());
        Ed25519NoteSigner signer = Ed25519NoteSigner.parse(pair.privateKey());
        Ed25519NoteVerifier verifier = Ed25519NoteVerifier.parse(pair.verifierKey().encode());

        assertThat(signer.name()).isEqualTo("EnochRoot").isEqualTo(verifier.name());
        assertThat(signer.keyId()).isEqualTo(verifier.keyId());
        byte[] msg = "hi".getBytes(StandardCharsets.UTF_8);
        byte[] sig = signer.sign(msg);
        assertThat(verifier.verify(msg, sig)).isTrue();
        sig[0]++;
        assertThat(verifier.verify(msg, sig)).isFalse();
        sig[0]--;
        msg[0]++;
        assertThat(verifier.verify(msg, sig)).isFalse();
        assertThat(pair.toString()).doesNotContain(pair.privateKey().split("\\+", 5)[4]);
    }

    @Test
    void verifierKeyWhenWrongKeySizeThenRejected() {
        assertThatThrownBy(() -> new VerifierKey("EnochRoot", new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> new VerifierKey("EnochRoot", new byte[32])).doesNotThrowAnyException();
    }

    private static byte[] message(Map<String, Object> c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String prefix = (String) c.get("prefixHex");
        if (prefix != null) {
            for (int i = 0; i < prefix.length(); i += 2) {
                out.write(Integer.parseInt(prefix.substring(i, i + 2), 16));
            }
        }
        out.writeBytes(((String) c.get("message")).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static NoteVerifiers verifiers(List<Object> names) throws VerificationException {
        if (names.size() == 1 && ((String) names.get(0)).startsWith("fixed:")) {
            NoteVerifier fixed = verifier(((String) names.get(0)).substring("fixed:".length()));
            return (name, keyId) -> Optional.of(fixed);
        }
        List<NoteVerifier> list = new ArrayList<>();
        for (Object who : names) {
            list.add(verifier((String) who));
        }
        return NoteVerifiers.of(list);
    }

    private static List<Signature> signatures(Object list) throws VerificationException {
        List<Signature> out = new ArrayList<>();
        for (Object o : MiniJson.arr(list)) {
            Map<String, Object> s = MiniJson.obj(o);
            byte[] raw = TextCodec.decodeBase64((String) s.get("base64"), "test");
            assertThat(KeyId.hex(((raw[0] & 0xff) << 24) | ((raw[1] & 0xff) << 16) | ((raw[2] & 0xff) << 8) | (raw[3] & 0xff)))
                    .isEqualTo(s.get("keyId"));
            out.add(new Signature((String) s.get("name"), KeyId.parseHex((String) s.get("keyId")),
                    java.util.Arrays.copyOfRange(raw, 4, raw.length)));
        }
        return out;
    }

    private record RenamedSigner(NoteSigner inner, String name) implements NoteSigner {
        @Override
        public int keyId() {
            return inner.keyId();
        }

        @Override
        public byte[] sign(byte[] message) throws GeneralSecurityException {
            return inner.sign(message);
        }
    }

    private record FailingSigner(NoteSigner inner) implements NoteSigner {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public int keyId() {
            return inner.keyId();
        }

        @Override
        public byte[] sign(byte[] message) throws GeneralSecurityException {
            throw new GeneralSecurityException("surprise!");
        }
    }
}
