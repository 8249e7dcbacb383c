package eu.custodia.server.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.platform.TlsProperties;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCertificateProvisionerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dataDir;

    private static TlsProperties generated() {
        return new TlsProperties(null, null, null, null, null, null);
    }

    private TlsCertificateProvisioner at(Instant now) {
        return new TlsCertificateProvisioner(generated(), dataDir, Clock.fixed(now, ZoneOffset.UTC));
    }

    private X509Certificate certificate() throws Exception {
        try (InputStream in = Files.newInputStream(TlsProperties.generatedCertificate(dataDir))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void provisionWhenNothingConfiguredThenSelfSignedP256ForLocalhostValid90Days() throws Exception {
        assertThat(at(T0).provision()).isTrue();
        X509Certificate cert = certificate();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        List<String> names = cert.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertThat(names).containsExactlyInAnyOrder("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(cert.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded()).getAlgorithm().getParameters()
                .toString()).isEqualTo("1.2.840.10045.3.1.7"); // secp256r1 (P-256)
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(T0.plus(Duration.ofDays(90)));
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(SelfSignedCertificateCheck.selfSigned(cert)).isTrue();
        Path key = TlsProperties.generatedPrivateKey(dataDir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        // the key file holds the certificate's private key
        String pem = Files.readString(key, StandardCharsets.US_ASCII);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der)));
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(cert.getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void provisionWhenMoreThanSevenDaysLeftThenKept() throws Exception {
        at(T0).provision();
        byte[] before = Files.readAllBytes(TlsProperties.generatedCertificate(dataDir));
        assertThat(at(T0.plus(Duration.ofDays(82))).provision()).isFalse();
        assertThat(Files.readAllBytes(TlsProperties.generatedCertificate(dataDir))).isEqualTo(before);
    }

    @Test
    void provisionWhenWithinSevenDaysOfExpiryThenRenewed() throws Exception {
        at(T0).provision();
        var serial = certificate().getSerialNumber();
        Instant later = T0.plus(Duration.ofDays(84));
        assertThat(at(later).provision()).isTrue();
        assertThat(certificate().getSerialNumber()).isNotEqualTo(serial);
        assertThat(certificate().getNotAfter().toInstant()).isEqualTo(later.plus(Duration.ofDays(90)));
    }

    @Test
    void provisionWhenExpiredThenRenewed() throws Exception {
        at(T0).provision();
        Instant later = T0.plus(Duration.ofDays(400));
        assertThat(at(later).provision()).isTrue();
        assertThat(certificate().getNotAfter().toInstant()).isAfter(later);
    }

    @Test
    void provisionWhenCertificateTamperedThenRegenerated() throws Exception {
        at(T0).provision();
        Path cert = TlsProperties.generatedCertificate(dataDir);
        byte[] bytes = Files.readAllBytes(cert);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(cert, bytes);
        assertThat(at(T0.plus(Duration.ofDays(1))).provision()).isTrue();
        assertThat(certificate().getNotAfter().toInstant()).isEqualTo(T0.plus(Duration.ofDays(91)));
    }

    @Test
    void provisionWhenKeyMissingThenRegenerated() throws Exception {
        at(T0).provision();
        Files.delete(TlsProperties.generatedPrivateKey(dataDir));
        assertThat(at(T0.plus(Duration.ofDays(1))).provision()).isTrue();
        assertThat(Files.exists(TlsProperties.generatedPrivateKey(dataDir))).isTrue();
    }

    @Test
    void provisionWhenKeyFileWidenedThenRestrictedToOwner() throws Exception {
        at(T0).provision();
        Path key = TlsProperties.generatedPrivateKey(dataDir);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        at(T0.plus(Duration.ofDays(1))).provision();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void provisionWhenChainConfiguredThenCertificateFollowedByChainServed() throws Exception {
        Path cert = Files.writeString(dataDir.resolve("server.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n"
                + "-----END CERTIFICATE-----");
        Path chain = Files.writeString(dataDir.resolve("chain.crt"), "-----BEGIN CERTIFICATE-----\nBBBB\n"
                + "-----END CERTIFICATE-----\n");
        TlsProperties tls = new TlsProperties(cert, dataDir.resolve("server.key"), chain, List.of(), List.of(), null);
        TlsCertificateProvisioner provisioner = new TlsCertificateProvisioner(tls, dataDir, Clock.systemUTC());
        assertThat(provisioner.provision()).isTrue();
        assertThat(tls.servedCertificate(dataDir)).isEqualTo(TlsProperties.servedChain(dataDir));
        assertThat(Files.readString(TlsProperties.servedChain(dataDir))).isEqualTo(Files.readString(cert) + "\n"
                + Files.readString(chain));
        assertThat(provisioner.provision()).as("unchanged sources are not rewritten").isFalse();
        assertThat(Files.exists(TlsProperties.generatedCertificate(dataDir))).isFalse();
    }
}
