package eu.custodia.tlog.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code custodia-verify log} against real HTTP(S) servers on the loopback address. */
class HttpLogSourceTest {

    private static final String TOKEN = "s3cret-token";

    @TempDir
    Path tmp;

    TestLog log;
    HttpServer server;
    final AtomicInteger failuresToServe = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        log = new TestLog(tmp.resolve("log"), "ledger.custodia.example/tenant/acme").append(700, "e");
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void logOverHttpsWhenCaAndTokenGivenThenVerified() throws Exception {
        Path ca = startHttps();
        Cli r = Cli.run("log", url("https"), "--key", log.verifierKey(), "--ca", ca.toString(), "--token", TOKEN);
        assertThat(r.status()).as(r.all()).isZero();
        assertThat(r.out()).contains("Log verified: 700 entries");
    }

    @Test
    void logOverHttpsWhenTokenFromEnvironmentThenVerified() throws Exception {
        Path ca = startHttps();
        Cli r = Cli.runWith(Map.of("CUSTODIA_TOKEN", TOKEN), "log", url("https"), "--key", log.verifierKey(),
                "--ca", ca.toString());
        assertThat(r.status()).as(r.all()).isZero();
    }

    @Test
    void logOverHttpsWhenNoTokenThenUsageErrorSaysTokenNeeded() throws Exception {
        Path ca = startHttps();
        Cli r = Cli.run("log", url("https"), "--key", log.verifierKey(), "--ca", ca.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("401").contains("needs a token");
        Cli wrong = Cli.run("log", url("https"), "--key", log.verifierKey(), "--ca", ca.toString(), "--token", "nope");
        assertThat(wrong.err()).contains("the token was refused");
    }

    @Test
    void logOverHttpsWhenServerCertificateNotTrustedThenRefused() throws Exception {
        startHttps();
        Cli r = Cli.run("log", url("https"), "--key", log.verifierKey(), "--token", TOKEN);
        assertThat(r.status()).isEqualTo(2);
        assertThat(requests.get()).isZero();
    }

    @Test
    void logOverLoopbackHttpWhenServerFailsBrieflyThenRetriedAndVerified() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serve();
        failuresToServe.set(2);
        Cli r = Cli.run("log", url("http"), "--key", log.verifierKey(), "--token", TOKEN);
        assertThat(r.status()).as(r.all()).isZero();
        assertThat(failuresToServe.get()).isZero();
    }

    private String url(String scheme) {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/logs/acme/";
    }

    private void serve() {
        server.createContext("/logs/acme/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (failuresToServe.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            String rel = exchange.getRequestURI().getPath().substring("/logs/acme/".length());
            Path file = log.dir.resolve(rel).normalize();
            if (!file.startsWith(log.dir) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Starts an HTTPS server with a fresh self-signed certificate for 127.0.0.1; returns its PEM. */
    private Path startHttps() throws Exception {
        Path keystore = tmp.resolve("server.p12");
        Path pem = tmp.resolve("ca.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "log", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore",
                keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "log", "-keystore", keystore.toString(), "-storepass",
                "changeit", "-file", pem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(context));
        server = https;
        serve();
        return pem;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
