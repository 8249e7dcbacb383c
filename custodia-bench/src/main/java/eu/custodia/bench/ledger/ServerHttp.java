package eu.custodia.bench.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTP client for one Custodia server on this machine. The server listens on HTTPS with the self-signed
 * certificate it generates under {@code <data dir>/tls/localhost.crt}; the client trusts exactly that
 * certificate (and nothing else). A server without TLS (no such file) is reached over plain HTTP.
 */
public final class ServerHttp {

    private final HttpClient client;
    private final URI base;

    private ServerHttp(HttpClient client, URI base) {
        this.client = client;
        this.base = base;
    }

    /** Returns the certificate file the server generates in {@code dataDir} when it serves HTTPS. */
    public static Path generatedCertificate(Path dataDir) {
        return dataDir.resolve("tls").resolve("localhost.crt");
    }

    /**
     * Returns a client for the server on {@code port} whose data directory is {@code dataDir}: HTTPS when
     * the server's certificate exists there, else HTTP.
     */
    public static ServerHttp forServer(Path dataDir, int port) throws IOException, GeneralSecurityException {
        Path cert = generatedCertificate(dataDir);
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER);
        if (Files.isRegularFile(cert)) {
            builder.sslContext(trusting(cert));
            return new ServerHttp(builder.build(), URI.create("https://127.0.0.1:" + port));
        }
        return new ServerHttp(builder.build(), URI.create("http://127.0.0.1:" + port));
    }

    /** Returns an SSL context whose only trust anchor is the certificate in {@code pem}. */
    static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
        Certificate certificate;
        try (InputStream in = Files.newInputStream(pem)) {
            certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("custodia", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    /** Returns {@code https} or {@code http}. */
    public String scheme() {
        return base.getScheme();
    }

    /** Returns a request builder for {@code path} on this server. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    /** Sends a request and returns the response with its body as UTF-8 text. */
    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
