package eu.custodia.server.identity.internal.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TotpSecret} and its RFC 4648 base32. */
class TotpSecretTest {

    /** RFC 4648 §10, base32 test vectors, padding removed. */
    @ParameterizedTest
    @CsvSource({"'', ''", "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void base32WhenRfc4648VectorsThenPublishedText(String plain, String encoded) {
        byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
        assertThat(Base32.encode(bytes)).isEqualTo(encoded);
        assertThat(Base32.decode(encoded)).isEqualTo(bytes);
        assertThat(Base32.decode(encoded.toLowerCase(Locale.ROOT))).isEqualTo(bytes);
    }

    @Test
    void base32WhenPaddedAsRfc4648ThenDecoded() {
        assertThat(Base32.decode("MZXW6YTBOI======")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
        assertThat(Base32.decode("MY======")).isEqualTo("f".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void base32WhenRandomBytesThenRoundTrip() {
        SplittableRandom random = new SplittableRandom(4648);
        for (int length = 0; length <= 80; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String text = Base32.encode(bytes);
            assertThat(text).matches("[A-Z2-7]*").hasSize((length * 8 + 4) / 5);
            assertThat(Base32.decode(text)).isEqualTo(bytes);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MZXW6YT0", "MZXW6YT1", "MZXW6YT8", "MZXW6YT9", "MZXW6YT-", "MZXW6YT\u00c9", "MZX", "M", "MZXW6Y",
        "MZ", /* "MZ" has non-zero trailing bits: 'f' is MY */ "MZXR"})
    void base32WhenNotCanonicalThenRejected(String text) {
        assertThatThrownBy(() -> Base32.decode(text))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(text);
    }

    @Test
    void generateWhenDefaultThen160RandomBits() {
        TotpSecret a = TotpSecret.generate();
        TotpSecret b = TotpSecret.generate();

        assertThat(a.length()).isEqualTo(20);
        assertThat(a.toBase32()).hasSize(32).matches("[A-Z2-7]{32}");
        assertThat(a.toBytes()).isNotEqualTo(b.toBytes());
        assertThat(a.sameAs(b)).isFalse();
    }

    @Test
    void generateWhenAlgorithmThenHashLength() {
        SecureRandom random = new SecureRandom();
        assertThat(TotpSecret.generate(TotpAlgorithm.SHA1, random).length()).isEqualTo(20);
        assertThat(TotpSecret.generate(TotpAlgorithm.SHA256, random).length()).isEqualTo(32);
        assertThat(TotpSecret.generate(TotpAlgorithm.SHA512, random).length()).isEqualTo(64);
    }

    @Test
    void fromBase32WhenAsShownByAppsThenSameSecret() {
        TotpSecret secret = TotpSecret.generate();
        String text = secret.toBase32();
        String grouped = text.toLowerCase(Locale.ROOT).replaceAll("(.{4})", "$1 ").trim();

        assertThat(TotpSecret.fromBase32(text).sameAs(secret)).isTrue();
        assertThat(TotpSecret.fromBase32(grouped).sameAs(secret)).isTrue();
        assertThat(TotpSecret.fromBase32(text).toBase32()).isEqualTo(text);
    }

    @Test
    void fromBase32WhenShorterThan128BitsThenRejected() {
        String fifteenBytes = Base32.encode(new byte[15]);
        assertThatThrownBy(() -> TotpSecret.fromBase32(fifteenBytes)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TotpSecret.of(new byte[129])).isInstanceOf(IllegalArgumentException.class);
        assertThat(TotpSecret.of(new byte[16]).length()).isEqualTo(16);
    }

    @Test
    void ofWhenArrayChangedAfterwardsThenSecretUnchanged() {
        byte[] key = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        TotpSecret secret = TotpSecret.of(key);
        key[0] = 'x';
        secret.toBytes()[1] = 'x';

        assertThat(secret.toBytes()).isEqualTo("12345678901234567890".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void toStringWhenPrintedThenNoSecret() {
        TotpSecret secret = TotpSecret.generate();
        String base32 = secret.toBase32();
        String hex = HexFormat.of().formatHex(secret.toBytes());

        assertThat(secret.toString()).isEqualTo("TotpSecret[160 bits, ***]");
        assertNoPartOf(secret.toString(), base32);
        assertNoPartOf(secret.toString(), hex);
        assertThat(String.valueOf(List.of(secret))).doesNotContain(base32.substring(0, 8));
    }

    /** No 6-character run of the secret text appears in the printed text. */
    static void assertNoPartOf(String printed, String secretText) {
        for (int i = 0; i + 6 <= secretText.length(); i++) {
            assertThat(printed).doesNotContain(secretText.substring(i, i + 6));
            assertThat(printed.toUpperCase(Locale.ROOT)).doesNotContain(secretText.substring(i, i + 6).toUpperCase(Locale.ROOT));
        }
    }
}
