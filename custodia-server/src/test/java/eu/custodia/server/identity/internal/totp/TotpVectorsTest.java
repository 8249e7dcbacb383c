package eu.custodia.server.identity.internal.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link Totp} against the 18 vectors of RFC 6238 Appendix B (all three HMACs, 8 digits; {@code vectors/totp},
 * see SOURCE.md there) and {@link Hotp} against RFC 4226 Appendix D.
 */
class TotpVectorsTest {

    record Vector(long time, String algorithm, String secretAscii, int digits, int period, long t0, String totp) {

        @Override
        public String toString() {
            return algorithm + " at " + time;
        }
    }

    record VectorFile(String source, List<Vector> cases) {
    }

    static List<Vector> rfc6238() throws IOException {
        try (InputStream in = TotpVectorsTest.class.getResourceAsStream("/vectors/totp/rfc6238.json")) {
            assertThat(in).as("vectors/totp/rfc6238.json").isNotNull();
            return JsonMapper.builder().build().readValue(in, VectorFile.class).cases();
        }
    }

    @Test
    void rfc6238WhenLoadedThenEighteenVectorsSixTimesThreeHashes() throws IOException {
        List<Vector> vectors = rfc6238();
        assertThat(vectors).hasSize(18);
        assertThat(vectors.stream().collect(Collectors.groupingBy(Vector::algorithm, Collectors.counting())))
                .containsOnly(
                        Map.entry("SHA1", 6L), Map.entry("SHA256", 6L), Map.entry("SHA512", 6L));
        assertThat(vectors).allSatisfy(v -> {
            assertThat(v.t0()).isZero();
            assertThat(v.digits()).isEqualTo(8);
            assertThat(v.period()).isEqualTo(30);
            assertThat(v.secretAscii()).hasSize(TotpAlgorithm.valueOf(v.algorithm()).keyBytes());
        });
    }

    static Stream<Vector> vectors() throws IOException {
        return rfc6238().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void codeWhenRfc6238VectorThenPublishedValue(Vector v) {
        Totp totp = totpFor(v);
        TotpSecret secret = TotpSecret.of(v.secretAscii().getBytes(StandardCharsets.US_ASCII));

        assertThat(totp.currentStep()).isEqualTo(v.time() / 30);
        assertThat(totp.code(secret, totp.currentStep())).isEqualTo(v.totp());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void verifyWhenRfc6238VectorThenAcceptedAtItsStepOnce(Vector v) {
        Totp totp = totpFor(v);
        TotpSecret secret = TotpSecret.of(v.secretAscii().getBytes(StandardCharsets.US_ASCII));

        assertThat(totp.verify(secret, v.totp(), Totp.NEVER_CONSUMED)).hasValue(v.time() / 30);
        assertThat(totp.verify(secret, v.totp(), v.time() / 30)).isEmpty();
    }

    private static Totp totpFor(Vector v) {
        TotpParameters parameters = new TotpParameters(
                TotpAlgorithm.valueOf(v.algorithm()), v.digits(), Duration.ofSeconds(v.period()), 1);
        return new Totp(parameters, Clock.fixed(Instant.ofEpochSecond(v.time()), ZoneOffset.UTC));
    }

    /** RFC 4226 Appendix D: secret "12345678901234567890", counters 0 to 9, truncated value and 6-digit HOTP. */
    @ParameterizedTest(name = "count {0}")
    @CsvSource({
        "0, 1284755224, 755224",
        "1, 1094287082, 287082",
        "2, 137359152, 359152",
        "3, 1726969429, 969429",
        "4, 1640338314, 338314",
        "5, 868254676, 254676",
        "6, 1918287922, 287922",
        "7, 82162583, 162583",
        "8, 673399871, 399871",
        "9, 645520489, 520489",
    })
    void hotpWhenRfc4226AppendixDThenPublishedValues(long count, int truncated, String hotp) {
        TotpSecret secret = TotpSecret.of("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

        assertThat(Hotp.code(TotpAlgorithm.SHA1, secret, count, 6)).isEqualTo(hotp);
        assertThat(Hotp.codes(TotpAlgorithm.SHA1, secret, 0, 10, 6)[(int) count])
                .isEqualTo(hotp.getBytes(StandardCharsets.US_ASCII));
        assertThat(truncated % 1_000_000).isEqualTo(Integer.parseInt(hotp));
        assertThat(Hotp.truncate(hmacSha1AppendixD((int) count))).isEqualTo(truncated);
    }

    /** The HMAC-SHA-1 values RFC 4226 Appendix D publishes for counters 0 to 9. */
    private static byte[] hmacSha1AppendixD(int count) {
        String[] hex = {
            "cc93cf18508d94934c64b65d8ba7667fb7cde4b0",
            "75a48a19d4cbe100644e8ac1397eea747a2d33ab",
            "0bacb7fa082fef30782211938bc1c5e70416ff44",
            "66c28227d03a2d5529262ff016a1e6ef76557ece",
            "a904c900a64b35909874b33e61c5938a8e15ed1c",
            "a37e783d7b7233c083d4f62926c7a25f238d0316",
            "bc9cd28561042c83f219324d3c607256c03272ae",
            "a4fb960c0bc06e1eabb804e5b397cdc4b45596fa",
            "1b3c89f65e6c9e883012052823443f048b4332db",
            "1637409809a679dc698207310c8c7fc07290d9e5",
        };
        return HexFormat.of().parseHex(hex[count]);
    }

    /** RFC 4226 §5.4: the worked example of dynamic truncation. */
    @Test
    void truncateWhenRfc4226Section54ExampleThenItsValue() {
        byte[] hmac = HexFormat.of().parseHex("1f8698690e02ca16618550ef7f19da8e945b555a");
        assertThat(Hotp.truncate(hmac)).isEqualTo(0x50ef7f19);
        assertThat(Hotp.truncate(hmac) % 1_000_000).isEqualTo(872921);
    }
}
