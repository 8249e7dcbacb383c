package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.TlsProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the listener's PEM files in place under {@code <data dir>/tls/}: generates the self-signed
 * certificate ({@link SelfSignedCertificates}) when none is configured and the current one is missing,
 * unreadable, expired or within {@value #RENEW_BEFORE_DAYS} days of expiry; and writes the configured
 * certificate followed by its chain when {@code custodia.tls.chain} is set. Files are replaced atomically;
 * the SSL bundle ({@code reload-on-update}) then picks them up. The key file is created with mode 600.
 */
final class TlsCertificateProvisioner {

    static final int RENEW_BEFORE_DAYS = 7;
    private static final Logger LOG = LoggerFactory.getLogger(TlsCertificateProvisioner.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final TlsProperties tls;
    private final Path dataDir;
    private final Clock clock;

    TlsCertificateProvisioner(TlsProperties tls, Path dataDir, Clock clock) {
        this.tls = tls;
        this.dataDir = dataDir;
        this.clock = clock;
    }

    /** Makes sure the files the listener serves exist and are current; returns whether anything was written. */
    synchronized boolean provision() {
        try {
            if (tls.configured()) {
                return tls.chain() != null && !tls.chain().toString().isBlank() && writeFullChain();
            }
            return renewSelfSignedIfDue();
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the TLS certificate files under " + dataDir, e);
        }
    }

    private boolean renewSelfSignedIfDue() throws IOException {
        Path cert = TlsProperties.generatedCertificate(dataDir);
        Path key = TlsProperties.generatedPrivateKey(dataDir);
        Instant now = clock.instant();
        Instant notAfter = Files.isRegularFile(key) ? notAfter(cert) : null;
        if (notAfter != null && now.isBefore(notAfter.minus(Duration.ofDays(RENEW_BEFORE_DAYS)))) {
            restrictToOwner(key);
            return false;
        }
        SelfSignedCertificates.Pem pem = SelfSignedCertificates.generate(now);
        Files.createDirectories(cert.getParent());
        write(key, pem.privateKey(), true);
        write(cert, pem.certificate(), false);
        LOG.info("TLS: generated a self-signed certificate for localhost, valid {} days, in {} "
                + "(generato un certificato autofirmato per localhost, valido {} giorni)",
                SelfSignedCertificates.VALIDITY_DAYS, cert.getParent(), SelfSignedCertificates.VALIDITY_DAYS);
        return true;
    }

    private boolean writeFullChain() throws IOException {
        String certificate = Files.readString(tls.certificate(), StandardCharsets.US_ASCII);
        String chain = Files.readString(tls.chain(), StandardCharsets.US_ASCII);
        String full = certificate + (certificate.endsWith("\n") ? "" : "\n") + chain;
        Path target = TlsProperties.servedChain(dataDir);
        if (Files.isRegularFile(target) && Files.readString(target, StandardCharsets.US_ASCII).equals(full)) {
            return false;
        }
        Files.createDirectories(target.getParent());
        write(target, full, false);
        return true;
    }

    /** Returns the certificate's end of validity, or null when the file is missing or not a certificate. */
    static Instant notAfter(Path cert) {
        if (!Files.isRegularFile(cert)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(cert)) {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return c.getNotAfter().toInstant();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    private static void write(Path target, String content, boolean secret) throws IOException {
        Path tmp = posix() && secret
                ? Files.createTempFile(target.getParent(), ".tmp-", ".pem", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(target.getParent(), ".tmp-", ".pem");
        try {
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void restrictToOwner(Path key) throws IOException {
        if (posix() && !Files.getPosixFilePermissions(key).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(key, OWNER_ONLY);
            LOG.warn("TLS: restricted {} to mode 600 (permessi ridotti a 600)", key);
        }
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
