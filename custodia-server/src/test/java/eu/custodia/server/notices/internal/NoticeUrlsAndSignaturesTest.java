package eu.custodia.server.notices.internal;

import eu.custodia.server.platform.StandardWebhooks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.server.platform.Mode;
import eu.custodia.server.platform.ProblemException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Which webhook addresses are accepted (production: https to public addresses only; dev: also plain http to
 * loopback) and the Standard Webhooks signature scheme of outbound deliveries.
 */
class NoticeUrlsAndSignaturesTest {

    /** A resolver that answers from a fixed table, so no test depends on DNS. */
    private static final EndpointUrls.Resolver RESOLVER = host -> switch (host) {
        case "hooks.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.215.14")};
        case "internal.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.215.14"),
                InetAddress.getByName("10.1.2.3")};
        case "metadata.example.com" -> new InetAddress[] {InetAddress.getByName("169.254.169.254")};
        default -> {
            if (host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                yield new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
    };

    private final EndpointUrls production = new EndpointUrls(Mode.PRODUCTION, RESOLVER);
    private final EndpointUrls dev = new EndpointUrls(Mode.DEV, RESOLVER);

    @ParameterizedTest
    @ValueSource(strings = {"http://hooks.example.com/custodia", "http://127.0.0.1:8080/hook", "ftp://hooks.example.com/",
            "https://127.0.0.1/hook", "https://localhost/hook", "https://[::1]/hook", "https://10.0.0.7/hook",
            "https://192.168.1.1/hook", "https://172.16.0.1/hook", "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/hook", "https://0.0.0.0/hook", "https://[fd00::1]/hook", "https://[fe80::1]/hook",
            "https://[::ffff:10.0.0.1]/hook", "https://224.0.0.1/hook", "https://internal.example.com/hook",
            "https://metadata.example.com/hook", "https://unknown.example.com/hook",
            "https://user:pass@hooks.example.com/hook", "https://hooks.example.com/hook#frag", "/relative", "", "::"})
    void productionWhenNotHttpsToAPublicAddressThenRefused(String url) {
        assertThatThrownBy(() -> production.check(url)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type().uri().toString()).isEqualTo("urn:custodia:problem:webhook-url-refused");
            assertThat(e.type().status().value()).isEqualTo(400);
            assertThat(e.getMessage()).isNotBlank();
            assertThat((String) e.properties().get("messageIt")).isNotBlank();
            assertThat(e.properties()).containsEntry("field", "url");
        });
    }

    @Test
    void productionWhenHttpIsRefusedThenTheProblemSaysHttpsInBothLanguages() {
        assertThatThrownBy(() -> production.check("http://hooks.example.com/custodia"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getMessage()).contains("https");
                    assertThat((String) e.properties().get("messageIt")).contains("https");
                });
    }

    @Test
    void productionWhenHttpsToAPublicAddressThenAccepted() {
        assertThat(production.check("https://hooks.example.com/custodia").toString())
                .isEqualTo("https://hooks.example.com/custodia");
        assertThatCode(() -> production.check("https://93.184.215.14:8443/hook")).doesNotThrowAnyException();
    }

    @Test
    void devWhenPlainHttpThenOnlyToLoopback() {
        assertThatCode(() -> dev.check("http://127.0.0.1:8080/hook")).doesNotThrowAnyException();
        assertThatCode(() -> dev.check("http://localhost:8080/hook")).doesNotThrowAnyException();
        assertThatCode(() -> dev.check("https://hooks.example.com/hook")).doesNotThrowAnyException();
        assertThatThrownBy(() -> dev.check("http://hooks.example.com/hook")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> dev.check("http://10.0.0.7/hook")).isInstanceOf(ProblemException.class);
        // A host longer than any DNS name is refused (not passed on to be ledgered).
        assertThatThrownBy(() -> dev.check("https://" + "a".repeat(250) + ".example.com/hook"))
                .isInstanceOf(ProblemException.class).hasMessageContaining("253");
    }

    @Test
    void signatureWhenVerifiedWithTheSecretThenValidAndATamperedBodyOrIdOrOtherKeyIsNot() {
        byte[] key = Ids.bytes(StandardWebhooks.KEY_BYTES);
        String secret = StandardWebhooks.secret(key);
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(StandardWebhooks.key(secret)).isEqualTo(key);

        byte[] body = "{\"type\":\"access.request.activated\"}".getBytes(StandardCharsets.UTF_8);
        String header = StandardWebhooks.header(key, "msg_1", "1700000000", body);
        assertThat(header).startsWith("v1,");
        assertThat(StandardWebhooks.valid(key, "msg_1", "1700000000", body, header)).isTrue();
        assertThat(StandardWebhooks.valid(key, "msg_1", "1700000000", body, "v1,bm9wZQ== " + header)).isTrue();
        byte[] tampered = "{\"type\":\"access.request.revoked\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(StandardWebhooks.valid(key, "msg_1", "1700000000", tampered, header)).isFalse();
        assertThat(StandardWebhooks.valid(key, "msg_2", "1700000000", body, header)).isFalse();
        assertThat(StandardWebhooks.valid(key, "msg_1", "1700000001", body, header)).isFalse();
        assertThat(StandardWebhooks.valid(Ids.bytes(32), "msg_1", "1700000000", body, header)).isFalse();
        assertThat(StandardWebhooks.valid(key, "msg_1", "1700000000", body, "v2," + header.substring(3))).isFalse();
    }

    @Test
    void languageWhenAcceptLanguageGivenThenItalianOrEnglish() {
        assertThat(NoticeKind.Language.of("it-IT,it;q=0.9,en;q=0.5")).isEqualTo(NoticeKind.Language.IT);
        assertThat(NoticeKind.Language.of("en-GB")).isEqualTo(NoticeKind.Language.EN);
        assertThat(NoticeKind.Language.of("de")).isEqualTo(NoticeKind.Language.EN);
        assertThat(NoticeKind.Language.of(null)).isEqualTo(NoticeKind.Language.EN);
        assertThat(NoticeKind.Language.of(";;;")).isEqualTo(NoticeKind.Language.EN);
        for (NoticeKind kind : NoticeKind.values()) {
            assertThat(kind.title(NoticeKind.Language.IT)).isNotEqualTo(kind.title(NoticeKind.Language.EN));
            assertThat(kind.summary(NoticeKind.Language.IT, "r-1")).contains("r-1");
            assertThat(kind.type()).isEqualTo("access.request." + kind.code());
        }
    }
}
