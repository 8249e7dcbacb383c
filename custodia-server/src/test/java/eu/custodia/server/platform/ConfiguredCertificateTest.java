package eu.custodia.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An operator's CA-issued RSA certificate with its chain (custodia.tls.*): served with the chain, RSA key
 * exchange and CBC suites refused even though the key could do them, and replaced files picked up without a
 * restart (SSL bundle reload-on-update).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfiguredCertificateTest {

    private static final Path PKI;
    private static final TestCertificates.Files3 CERTS;

    static {
        try {
            PKI = Files.createTempDirectory("custodia-pki-");
            CERTS = TestCertificates.caIssued(PKI.resolve("first"), "RSA");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry registry) {
        registry.add("custodia.tls.certificate", () -> CERTS.certificate().toString());
        registry.add("custodia.tls.private-key", () -> CERTS.privateKey().toString());
        registry.add("custodia.tls.chain", () -> CERTS.chain().toString());
        registry.add("custodia.tls.renewal-check", () -> "PT1S");
        registry.add("spring.ssl.bundle.watch.file.quiet-period", () -> "1s");
    }

    @LocalServerPort
    int port;

    @Test
    @Order(1)
    void handshakeWhenCertificateConfiguredThenServedWithChainAndVerifiable() {
        OpenSsl.Result result = OpenSsl.connect(port, "-showcerts", "-CAfile", CERTS.chain().toString(),
                "-verify_hostname", "localhost", "-verify_return_error");
        assertThat(result.output()).contains("Verify return code: 0 (ok)").contains("1 s:CN = Custodia Test CA");
        assertThat(result.output().split("BEGIN CERTIFICATE", -1)).hasSize(3);
        assertThat(result.exitCode()).isZero();
    }

    @Test
    @Order(2)
    void handshakeWhenRsaKeyThenOnlyEcdheAeadAccepted() {
        assertThat(OpenSsl.connect(port, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256")
                .negotiated("ECDHE-RSA-AES128-GCM-SHA256")).isTrue();
        assertThat(OpenSsl.connect(port, "-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305")
                .negotiated("ECDHE-RSA-CHACHA20-POLY1305")).isTrue();
        for (String cipher : new String[] {"AES128-SHA", "AES128-GCM-SHA256", "AES256-GCM-SHA384",
            "ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA384", "DHE-RSA-AES128-GCM-SHA256"}) {
            OpenSsl.Result result = OpenSsl.connect(port, "-tls1_2", "-cipher", cipher);
            assertThat(result.refused()).as(cipher + ": " + result.output()).isTrue();
        }
    }

    @Test
    @Order(3)
    void rotationWhenFilesReplacedThenNewCertificateServedWithoutRestart() throws Exception {
        TestCertificates.Files3 next = TestCertificates.caIssued(PKI.resolve("second"), "RSA");
        replace(next.privateKey(), CERTS.privateKey());
        replace(next.certificate(), CERTS.certificate());
        replace(next.chain(), CERTS.chain());
        OpenSsl.Result result = null;
        for (int i = 0; i < 30; i++) {
            Thread.sleep(1000);
            result = OpenSsl.connect(port, "-CAfile", CERTS.chain().toString(), "-verify_return_error");
            if (result.exitCode() == 0 && result.output().contains("Verify return code: 0 (ok)")) {
                break;
            }
        }
        assertThat(result.output()).as("the new certificate verifies against the new CA")
                .contains("Verify return code: 0 (ok)");
    }

    private static void replace(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
