package eu.custodia.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.server.ledger.internal.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** {@link CanonicalJson} against the RFC 8785 vectors in {@code vectors/rfc8785} (see SOURCE.md there). */
class CanonicalJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {"rfc8785-3.2.3-sorting", "rfc8785-3.2.2-string", "weird", "french", "unicode"})
    void encodeWhenPublishedVectorThenExactBytes(String name) throws IOException {
        Object input = JSON.readValue(resource(name + ".input.json"), Object.class);
        byte[] expected = resource(name + ".output.json");
        assertThat(CanonicalJson.encode(input)).as(name).isEqualTo(expected);
    }

    @Test
    void encodeWhenKeysDifferByUtf16CodeUnitsThenSurrogatePairSortsBeforeHighBmp() {
        Map<String, Object> m = new HashMap<>();
        m.put("\ufb33", "b");
        m.put("\ud83d\ude00", "a");
        assertThat(new String(CanonicalJson.encode(m), StandardCharsets.UTF_8))
                .isEqualTo("{\"\ud83d\ude00\":\"a\",\"\ufb33\":\"b\"}");
    }

    @Test
    void encodeWhenEveryControlCharacterThenEscapedAsEcmaScriptDoes() {
        StringBuilder in = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            in.append(c);
        }
        String out = new String(CanonicalJson.encode(in.toString()), StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
                + "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a"
                + "\\u001b\\u001c\\u001d\\u001e\\u001f\"");
    }

    @Test
    void encodeWhenNullsAndNestedArraysThenNoWhitespace() {
        Map<String, Object> m = new HashMap<>();
        m.put("b", null);
        m.put("a", List.of("x", "y"));
        m.put("c", Map.of());
        assertThat(new String(CanonicalJson.encode(m), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":[\"x\",\"y\"],\"b\":null,\"c\":{}}");
    }

    @Test
    void encodeWhenLoneSurrogateThenRejected() {
        assertThatThrownBy(() -> CanonicalJson.encode("a\ud800")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone surrogate");
        assertThatThrownBy(() -> CanonicalJson.encode("\ude00b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.encode(Map.of("\ud800x", "v")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodeWhenNumberOrBooleanThenRejected() {
        assertThatThrownBy(() -> CanonicalJson.encode(List.of(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.encode(Map.of("k", true)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CanonicalJsonTest.class.getResourceAsStream("/vectors/rfc8785/" + name)) {
            if (in == null) {
                throw new IOException("missing vector " + name);
            }
            byte[] b = in.readAllBytes();
            return Arrays.copyOf(b, b.length);
        }
    }
}
