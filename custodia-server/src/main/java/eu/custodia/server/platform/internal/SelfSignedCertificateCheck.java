package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.platform.TlsProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Commitment 9: the listener must present a certificate clients can verify, not the generated self-signed
 * one (or any other self-signed certificate).
 */
@Component
final class SelfSignedCertificateCheck implements HardeningCheck {

    static final String ID = "tls-self-signed";
    private final TlsProperties tls;

    SelfSignedCertificateCheck(TlsProperties tls) {
        this.tls = tls;
    }

    @Override
    public List<HardeningResult> check() {
        if (!tls.configured()) {
            return List.of(HardeningResult.fail(ID, 9,
                    "No TLS certificate is configured, so Custodia serves a self-signed certificate that clients "
                            + "cannot verify. Set custodia.tls.certificate and custodia.tls.private-key (and "
                            + "custodia.tls.chain) to a certificate issued by a trusted CA.",
                    "Nessun certificato TLS è configurato, quindi Custodia usa un certificato autofirmato che i "
                            + "client non possono verificare. Impostare custodia.tls.certificate e "
                            + "custodia.tls.private-key (e custodia.tls.chain) con un certificato emesso da una CA "
                            + "fidata."));
        }
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(tls.certificate())) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return List.of(HardeningResult.fail(ID, 9,
                    "The configured TLS certificate (custodia.tls.certificate) cannot be read as a PEM X.509 "
                            + "certificate.",
                    "Il certificato TLS configurato (custodia.tls.certificate) non è leggibile come certificato "
                            + "X.509 PEM."));
        }
        if (selfSigned(certificate)) {
            return List.of(HardeningResult.fail(ID, 9,
                    "The configured TLS certificate is self-signed; clients cannot verify it. Use a certificate "
                            + "issued by a trusted CA.",
                    "Il certificato TLS configurato è autofirmato e i client non possono verificarlo. Usare un "
                            + "certificato emesso da una CA fidata."));
        }
        return List.of(HardeningResult.pass(ID, 9,
                "The TLS certificate is configured and issued by a CA (" + certificate.getIssuerX500Principal()
                        .getName() + ").",
                "Il certificato TLS è configurato ed emesso da una CA (" + certificate.getIssuerX500Principal()
                        .getName() + ")."));
    }

    static boolean selfSigned(X509Certificate certificate) {
        if (!certificate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
