package eu.custodia.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/**
 * The real listener, probed with {@code openssl s_client}: TLS 1.3 and TLS 1.2 with ECDHE + AEAD only; old
 * protocols, RSA key exchange and CBC suites refused; plain HTTP gets nothing from the application. The
 * certificate is the generated self-signed one (ECDSA P-256), so ECDHE-ECDSA suites are the ones that would
 * otherwise be negotiable.
 */
@Tag("store")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
class TlsListenerTest {

    @LocalServerPort
    int port;

    @Autowired
    CustodiaProperties properties;

    @Test
    void handshakeWhenTls13ThenAcceptedWithVerifiableLocalhostCertificate() {
        Path cert = TlsProperties.generatedCertificate(properties.dataDir()).toAbsolutePath();
        OpenSsl.Result result = OpenSsl.connect(port, "-tls1_3", "-CAfile", cert.toString(), "-verify_hostname",
                "localhost", "-verify_return_error");
        assertThat(result.output()).contains("TLSv1.3").contains("Verify return code: 0 (ok)");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void handshakeWhenTls12EcdheGcmThenAccepted() {
        assertThat(OpenSsl.connect(port, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256")
                .negotiated("ECDHE-ECDSA-AES128-GCM-SHA256")).isTrue();
        assertThat(OpenSsl.connect(port, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384")
                .negotiated("ECDHE-ECDSA-AES256-GCM-SHA384")).isTrue();
        assertThat(OpenSsl.connect(port, "-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305")
                .negotiated("ECDHE-ECDSA-CHACHA20-POLY1305")).isTrue();
    }

    @Test
    void handshakeWhenTls10Or11ThenRefused() {
        // SECLEVEL=0 makes the client really offer the old protocol instead of refusing it locally.
        assertThat(OpenSsl.connect(port, "-tls1", "-cipher", "DEFAULT@SECLEVEL=0").refused()).isTrue();
        assertThat(OpenSsl.connect(port, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0").refused()).isTrue();
    }

    @Test
    void handshakeWhenTls12RsaKeyExchangeOrCbcThenRefused() {
        for (String cipher : new String[] {"AES128-SHA", "ECDHE-RSA-AES128-SHA", "AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES128-SHA256", "ECDHE-ECDSA-AES256-SHA384"}) {
            OpenSsl.Result result = OpenSsl.connect(port, "-tls1_2", "-cipher", cipher);
            assertThat(result.refused()).as(cipher + ": " + result.output()).isTrue();
        }
    }

    @Test
    void requestWhenPlainHttpThenNoApplicationResponse() throws IOException {
        String response;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException | java.net.SocketException e) {
            response = "";
        }
        assertThat(response).doesNotStartWith("HTTP/1.1 2").doesNotStartWith("HTTP/1.1 3")
                .doesNotContain("\"status\"");
    }

    @Test
    void generatedKeyWhenCreatedThenOwnerOnly() throws IOException {
        Path key = TlsProperties.generatedPrivateKey(properties.dataDir());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }
}
