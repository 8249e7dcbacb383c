package eu.custodia.server.identity.internal.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link OtpAuthUri}: the Key Uri Format and its percent-encoding. */
class OtpAuthUriTest {

    private static final TotpSecret SECRET = TotpSecret.fromBase32("HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ");

    /** The example of the Key Uri Format documentation, character for character. */
    @Test
    void uriWhenKeyUriFormatExampleThenSameText() {
        OtpAuthUri uri = new OtpAuthUri("ACME Co", "john.doe@email.com", SECRET, TotpParameters.DEFAULT);

        assertThat(uri.uri()).isEqualTo("otpauth://totp/ACME%20Co:john.doe@email.com"
                + "?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void ofWhenDefaultsThenCustodiaSha1SixDigitsThirtySeconds() {
        assertThat(OtpAuthUri.of("alice@example.org", SECRET).uri()).isEqualTo("otpauth://totp/Custodia:alice@example.org"
                + "?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=Custodia&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void uriWhenOtherParametersThenInQuery() {
        TotpParameters p = new TotpParameters(TotpAlgorithm.SHA512, 8, Duration.ofSeconds(60), 1);
        assertThat(new OtpAuthUri("Custodia", "bob", SECRET, p).uri())
                .endsWith("&algorithm=SHA512&digits=8&period=60");
    }

    @Test
    void uriWhenSpacesAndNonAsciiThenUtf8PercentEncoded() {
        OtpAuthUri uri = new OtpAuthUri("Zoë & Co", "Jürgen Müller 🔐", SECRET, TotpParameters.DEFAULT);

        assertThat(uri.uri()).startsWith("otpauth://totp/Zo%C3%AB%20%26%20Co:J%C3%BCrgen%20M%C3%BCller%20%F0%9F%94%90?")
                .contains("&issuer=Zo%C3%AB%20%26%20Co&")
                .doesNotContain("+")
                .matches("[\\x21-\\x7e]+");
    }

    @Test
    void uriWhenReservedCharactersThenEncoded() {
        OtpAuthUri uri = new OtpAuthUri("a+b&c=d/e?f#g%h", "x y", SECRET, TotpParameters.DEFAULT);
        assertThat(uri.uri()).startsWith("otpauth://totp/a%2Bb%26c%3Dd%2Fe%3Ff%23g%25h:x%20y?")
                .contains("&issuer=a%2Bb%26c%3Dd%2Fe%3Ff%23g%25h&");
    }

    @Test
    void uriWhenParsedByJavaNetUriThenSameLabelAndParameters() throws Exception {
        OtpAuthUri otp = new OtpAuthUri("Zoë & Co", "jürgen+tag@example.org", SECRET, TotpParameters.DEFAULT);
        URI uri = new URI(otp.uri());

        assertThat(uri.getScheme()).isEqualTo("otpauth");
        assertThat(uri.getHost()).isEqualTo("totp");
        assertThat(uri.getPath()).isEqualTo("/Zoë & Co:jürgen+tag@example.org");
        assertThat(uri.getRawQuery().split("&")).containsExactly("secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ",
                "issuer=Zo%C3%AB%20%26%20Co", "algorithm=SHA1", "digits=6", "period=30");
    }

    @Test
    void uriWhenDecomposedCharactersThenNfcAsComposed() {
        OtpAuthUri decomposed = new OtpAuthUri("Custodia", "Zoe\u0308", SECRET, TotpParameters.DEFAULT);
        OtpAuthUri composed = new OtpAuthUri("Custodia", "Zo\u00eb", SECRET, TotpParameters.DEFAULT);

        assertThat(decomposed.uri()).isEqualTo(composed.uri()).contains(":Zo%C3%AB?");
        assertThat(decomposed.accountName()).isEqualTo("Zo\u00eb");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ACME:Co", ":", "", "  ", "tab\there", "new\nline", "lone\ud800surrogate"})
    void constructorWhenNameNotAllowedThenRejected(String name) {
        assertThatThrownBy(() -> new OtpAuthUri(name, "bob", SECRET, TotpParameters.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OtpAuthUri("Custodia", name, SECRET, TotpParameters.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A percent sign is an ordinary character: encoded as %25, "%3A" in a name cannot become a colon. */
    @Test
    void uriWhenPercentSignThenEncodedSoNoColonAppears() {
        assertThat(new OtpAuthUri("a%3Ab", "bob", SECRET, TotpParameters.DEFAULT).uri())
                .startsWith("otpauth://totp/a%253Ab:bob?");
    }

    @Test
    void constructorWhenNameOver128Utf8BytesThenRejected() {
        assertThatThrownBy(() -> OtpAuthUri.of("a".repeat(129), SECRET)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OtpAuthUri.of("é".repeat(65), SECRET)).isInstanceOf(IllegalArgumentException.class);
        assertThat(OtpAuthUri.of("a".repeat(OtpAuthUri.MAX_NAME_BYTES), SECRET).accountName()).hasSize(128);
        assertThat(OtpAuthUri.of("é".repeat(64), SECRET).accountName()).hasSize(64);
    }

    @Test
    void toStringWhenPrintedThenNoSecret() {
        TotpSecret secret = TotpSecret.generate();
        OtpAuthUri uri = OtpAuthUri.of("alice@example.org", secret);

        assertThat(uri.uri()).contains(secret.toBase32());
        assertThat(uri.toString()).contains("alice@example.org").contains("secret=***");
        TotpSecretTest.assertNoPartOf(uri.toString(), secret.toBase32());
    }
}
