package eu.custodia.server.platform;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** A test CA and a server certificate it issued, as PEM files an operator would configure. */
final class TestCertificates {

    /**
     * The files: the server certificate, its key (mode 600), the CA certificate (as chain), and the CA's own
     * key (mode 600): the CA certificate with its key is a self-signed server certificate.
     */
    record Files3(Path certificate, Path privateKey, Path chain, Path caPrivateKey) {
    }

    private TestCertificates() {
    }

    /** Writes a CA-issued server certificate for localhost with an {@code algorithm} ("EC" or "RSA") key. */
    static Files3 caIssued(Path dir, String algorithm) throws Exception {
        KeyPair ca = keys(algorithm);
        KeyPair server = keys(algorithm);
        String sig = "EC".equals(algorithm) ? "SHA256withECDSA" : "SHA256withRSA";
        Instant now = Instant.now();
        X500Name caName = new X500Name("CN=Custodia Test CA");
        JcaX509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), caName,
                ca.getPublic());
        caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        X509Certificate caCert = sign(caBuilder, sig, ca.getPrivate());
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caName, BigInteger.TWO,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))),
                new X500Name("CN=localhost"), server.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        X509Certificate cert = sign(builder, sig, ca.getPrivate());
        Files.createDirectories(dir);
        Path certFile = write(dir.resolve("server.crt"), pem(cert));
        Path keyFile = write(dir.resolve("server.key"), pem(new PemObject("PRIVATE KEY",
                server.getPrivate().getEncoded())));
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Path chainFile = write(dir.resolve("ca.crt"), pem(caCert));
        Path caKeyFile = write(dir.resolve("ca.key"), pem(new PemObject("PRIVATE KEY", ca.getPrivate().getEncoded())));
        Files.setPosixFilePermissions(caKeyFile, PosixFilePermissions.fromString("rw-------"));
        return new Files3(certFile, keyFile, chainFile, caKeyFile);
    }

    private static KeyPair keys(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize("EC".equals(algorithm) ? 256 : 2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, String sig, PrivateKey key)
            throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(sig).build(key)));
    }

    static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content, StandardCharsets.US_ASCII);
    }
}
