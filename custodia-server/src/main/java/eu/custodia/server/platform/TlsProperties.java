package eu.custodia.server.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The HTTPS listener, prefix {@code custodia.tls} (environment: {@code CUSTODIA_TLS_CERTIFICATE},
 * {@code CUSTODIA_TLS_PRIVATE_KEY}, {@code CUSTODIA_TLS_CHAIN}). Custodia serves HTTPS only; with no
 * certificate configured it generates a self-signed one for {@code localhost} under
 * {@code <data dir>/tls/}, which {@code production} mode refuses.
 *
 * @param certificate PEM certificate file of this server; empty for the generated self-signed one
 * @param privateKey PEM (PKCS#8 or SEC 1) private key file matching {@code certificate}
 * @param chain optional PEM file of intermediate CA certificates, served after {@code certificate}
 * @param protocols enabled protocols; only TLS 1.2 and 1.3 are accepted by the hardening check
 * @param ciphers enabled cipher suites (IANA names); only the defaults' ECDHE + AEAD suites are accepted
 * @param renewalCheck how often the generated certificate is checked for renewal while running
 */
@ConfigurationProperties("custodia.tls")
public record TlsProperties(Path certificate, Path privateKey, Path chain,
        @DefaultValue({"TLSv1.3", "TLSv1.2"}) List<String> protocols,
        @DefaultValue({"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"}) List<String> ciphers,
        @DefaultValue("PT6H") Duration renewalCheck) {

    /** TLS 1.3 and TLS 1.2: the only protocols Custodia accepts (commitment 9, strict profile). */
    public static final List<String> ALLOWED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * The suites Custodia accepts (Mozilla "intermediate"): the TLS 1.3 suites, and for TLS 1.2 only ECDHE
     * key exchange with an AEAD cipher (AES-GCM, ChaCha20-Poly1305). No RSA key exchange, no CBC.
     */
    public static final List<String> ALLOWED_CIPHERS = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** The name of the Spring Boot SSL bundle Custodia's listener uses. */
    public static final String BUNDLE = "custodia";

    public TlsProperties {
        protocols = protocols == null ? ALLOWED_PROTOCOLS : List.copyOf(protocols);
        ciphers = ciphers == null ? ALLOWED_CIPHERS : List.copyOf(ciphers);
        renewalCheck = renewalCheck == null ? Duration.ofHours(6) : renewalCheck;
    }

    /** Returns whether an operator-provided certificate is configured (rather than the generated one). */
    public boolean configured() {
        return certificate != null && !certificate.toString().isBlank();
    }

    /** The generated self-signed certificate's file under the data directory. */
    public static Path generatedCertificate(Path dataDir) {
        return dataDir.resolve("tls").resolve("localhost.crt");
    }

    /** The generated self-signed certificate's private key file under the data directory (mode 600). */
    public static Path generatedPrivateKey(Path dataDir) {
        return dataDir.resolve("tls").resolve("localhost.key");
    }

    /** The certificate followed by the configured chain, as served, under the data directory. */
    public static Path servedChain(Path dataDir) {
        return dataDir.resolve("tls").resolve("configured-fullchain.crt");
    }

    /** The certificate file the listener serves, given the data directory. */
    public Path servedCertificate(Path dataDir) {
        if (!configured()) {
            return generatedCertificate(dataDir);
        }
        return chain != null && !chain.toString().isBlank() ? servedChain(dataDir) : certificate;
    }

    /** The private key file the listener uses, given the data directory. */
    public Path servedPrivateKey(Path dataDir) {
        return configured() ? privateKey : generatedPrivateKey(dataDir);
    }
}
