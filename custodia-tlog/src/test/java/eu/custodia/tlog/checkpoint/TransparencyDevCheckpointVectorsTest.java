package eu.custodia.tlog.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.note.MiniJson;
import eu.custodia.tlog.note.TextCodec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases of transparency-dev/formats {@code log/checkpoint_test.go}, from
 * {@code vectors/transparency-dev-formats}. See SOURCE.md there for the two deliberate differences.
 */
class TransparencyDevCheckpointVectorsTest {

    private static final Map<String, Object> DOC =
            MiniJson.obj(MiniJson.resource("/vectors/transparency-dev-formats/checkpoint_test.json"));
    private static final String ROOT32 = TextCodec.encodeBase64(new byte[32]);

    static Stream<Map<String, Object>> unmarshal() {
        return MiniJson.arr(DOC.get("unmarshal")).stream().map(MiniJson::obj);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("unmarshal")
    void parseWhenUpstreamCaseThenRejectedOrOnlyHashLengthDiffers(Map<String, Object> c) throws Exception {
        String m = (String) c.get("m");
        if (Boolean.TRUE.equals(c.get("wantErr"))) {
            assertThatThrownBy(() -> Checkpoint.parse(m)).as((String) c.get("desc"))
                    .isInstanceOf(VerificationException.class);
            if (!((String) c.get("desc")).contains("not base64")) {
                // the failure is not about the hash length: it stays with a 32-byte hash
                assertThatThrownBy(() -> Checkpoint.parse(withRoot32(m))).as("with 32-byte root: " + c.get("desc"))
                        .isInstanceOf(VerificationException.class);
            }
            return;
        }
        Map<String, Object> want = MiniJson.obj(c.get("want"));
        String rest = (String) c.get("wantRest");
        if (rest.startsWith("\n")) {
            // C2SP: extension lines MUST be non-empty
            assertThatThrownBy(() -> Checkpoint.parse(m)).hasMessageContaining("line 4: empty line");
            assertThatThrownBy(() -> Checkpoint.parse(withRoot32(m))).hasMessageContaining("line 4: empty line");
            return;
        }
        assertThatThrownBy(() -> Checkpoint.parse(m)).as((String) c.get("desc"))
                .isInstanceOf(VerificationException.class).hasMessageContaining("expected 32");
        Checkpoint cp = Checkpoint.parse(withRoot32(m));
        assertThat(cp.origin()).isEqualTo(want.get("origin"));
        assertThat(cp.size()).isEqualTo((Long) want.get("size"));
        assertThat(cp.extensions()).isEqualTo(rest.isEmpty() ? List.of() : Arrays.asList(rest.split("\n")));
    }

    @Test
    void parseWhenUpstreamExtendedCheckpointThenExtensionLinesKept() throws Exception {
        Map<String, Object> extend = MiniJson.obj(DOC.get("extend"));
        Checkpoint cp = Checkpoint.parse(withRoot32((String) extend.get("m")));

        assertThat(cp.origin()).isEqualTo(MiniJson.obj(extend.get("want")).get("origin"));
        assertThat(cp.size()).isEqualTo(4027504L);
        assertThat(cp.extensions()).containsExactlyElementsOf(
                MiniJson.arr(extend.get("wantExtensions")).stream().map(String.class::cast).toList());
    }

    @Test
    void toTextWhenUpstreamMarshalCaseWithThirtyTwoByteRootThenSameLayout() {
        for (Object o : MiniJson.arr(DOC.get("marshal"))) {
            Map<String, Object> c = MiniJson.obj(o);
            Checkpoint cp = new Checkpoint((String) c.get("origin"), (Long) c.get("size"), new byte[32]);
            assertThat(cp.toText()).isEqualTo(withRoot32((String) c.get("want")));
            assertThatThrownBy(() -> new Checkpoint((String) c.get("origin"), (Long) c.get("size"),
                    TextCodec.decodeBase64((String) c.get("hashBase64"), "test")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Replaces the third line, if any, with the base64 of 32 zero bytes. */
    private static String withRoot32(String m) {
        String[] parts = m.split("\n", -1);
        if (parts.length < 3) {
            return m;
        }
        parts[2] = parts[2].isEmpty() ? parts[2] : ROOT32;
        return String.join("\n", parts);
    }
}
