package eu.custodia.tlog.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.custodia.tlog.VerificationException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 196 published RFC 6962/9162 proof cases of transparency-dev/merkle (see
 * {@code vectors/merkle/SOURCE.md}): a case is accepted if and only if its {@code wantErr} is false.
 */
class Rfc9162VectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> inclusionCases() throws IOException, URISyntaxException {
        return cases("inclusion");
    }

    static Stream<Arguments> consistencyCases() throws IOException, URISyntaxException {
        return cases("consistency");
    }

    @Test
    void vectorsWhenCountedThenAll196ArePresent() throws Exception {
        assertThat(inclusionCases().count() + consistencyCases().count()).isEqualTo(196);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inclusionCases")
    void verifyInclusionWhenPublishedVectorThenAcceptedIffNoErrorWanted(String name, JsonNode c) {
        ThrowingCallable verify = () -> ProofVerifier.verifyInclusion(bytes(c.get("leafHash")),
                c.get("leafIdx").asLong(), c.get("treeSize").asLong(), hashes(c.get("proof")),
                bytes(c.get("root")));
        expect(c, verify);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consistencyCases")
    void verifyConsistencyWhenPublishedVectorThenAcceptedIffNoErrorWanted(String name, JsonNode c) {
        ThrowingCallable verify = () -> ProofVerifier.verifyConsistency(c.get("size1").asLong(),
                c.get("size2").asLong(), hashes(c.get("proof")), bytes(c.get("root1")),
                bytes(c.get("root2")));
        expect(c, verify);
    }

    private static void expect(JsonNode c, ThrowingCallable verify) {
        if (c.get("wantErr").asBoolean()) {
            assertThatThrownBy(verify).isInstanceOf(VerificationException.class).hasMessageNotContaining("null");
        } else {
            assertThatCode(verify).doesNotThrowAnyException();
        }
    }

    private static Stream<Arguments> cases(String kind) throws IOException, URISyntaxException {
        Path root = Path.of(Rfc9162VectorsTest.class.getResource("/vectors/merkle/" + kind).toURI());
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(Arguments.of(root.relativize(file).toString(), JSON.readTree(file.toFile())));
            }
        }
        return out.stream();
    }

    private static byte[] bytes(JsonNode node) {
        return node == null || node.isNull() ? null : Base64.getDecoder().decode(node.asText());
    }

    private static List<byte[]> hashes(JsonNode node) {
        List<byte[]> out = new ArrayList<>();
        if (node != null && !node.isNull()) {
            node.forEach(h -> out.add(bytes(h)));
        }
        return out;
    }
}
