package eu.custodia.server.vault.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.vault.KeyEncryptionKeys;
import eu.custodia.server.vault.KmsUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The embedded KMS ({@code custodia.vault.kms=local-file}, the default): each tenant's key-encryption key
 * is a file of 32 random bytes, one per version, {@code <data-dir>/vault/kek/<tenant>.v<version>.key}, POSIX
 * mode 600 in a directory of mode 700, written atomically (a temporary file, then a rename). A key file (or
 * the directory) that group or others can read or write is refused: the key is not used and the request fails
 * closed. {@link #destroyAllVersions} overwrites each file with zeros and deletes it. Key material in a
 * plain file must be acknowledged in production (hardening check {@code plain-key-files}).
 *
 * <p>One node owns the files; the methods that write them are synchronized in this process.
 */
@Component
@ConditionalOnProperty(name = "custodia.vault.kms", havingValue = LocalFileKeyEncryptionKeys.NAME,
        matchIfMissing = true)
public final class LocalFileKeyEncryptionKeys implements KeyEncryptionKeys {

    /** This adapter's name. */
    public static final String NAME = "local-file";

    private static final Logger LOG = LoggerFactory.getLogger(LocalFileKeyEncryptionKeys.class);
    private static final int KEY_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_DIR = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final Path directory;
    private final SecureRandom random = new SecureRandom();

    public LocalFileKeyEncryptionKeys(CustodiaProperties properties) {
        this.directory = directory(properties.dataDir());
    }

    /** The directory holding the key files under a data directory. */
    public static Path directory(Path dataDir) {
        return dataDir.resolve("vault").resolve("kek").toAbsolutePath();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized int create(TenantId tenant) {
        int current = currentVersion(tenant);
        return current > 0 ? current : write(tenant, 1);
    }

    /**
     * Versions are written one after the other from 1 and destroyed from the newest down, so the current one is
     * the last of an unbroken run of files: probed file by file, never by listing a directory that holds every
     * tenant's keys. Not synchronized: files appear by an atomic rename and are read whole.
     */
    @Override
    public int currentVersion(TenantId tenant) {
        int version = 0;
        while (Files.exists(file(tenant, version + 1))) {
            version++;
        }
        return version;
    }

    @Override
    public synchronized int rotate(TenantId tenant) {
        return write(tenant, currentVersion(tenant) + 1);
    }

    @Override
    public Aead kek(TenantId tenant, int version) {
        Path file = file(tenant, version);
        byte[] raw = null;
        try {
            checkOwnerOnly(tenant, directory, OWNER_DIR);
            checkOwnerOnly(tenant, file, OWNER_ONLY);
            raw = Files.readAllBytes(file);
            if (raw.length != KEY_BYTES) {
                throw unavailable(tenant, "key file version " + version + " is not a 256-bit key", null);
            }
            AesGcmParameters parameters = AesGcmParameters.builder().setKeySizeBytes(KEY_BYTES).setIvSizeBytes(12)
                    .setTagSizeBytes(16).setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
            AesGcmKey key = AesGcmKey.builder().setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get())).build();
            return AesGcmJce.create(key);
        } catch (NoSuchFileException e) {
            throw unavailable(tenant, "no key version " + version + " (never created, or destroyed)", null);
        } catch (IOException e) {
            throw unavailable(tenant, "cannot read key version " + version, e);
        } catch (GeneralSecurityException e) {
            throw unavailable(tenant, "cannot use key version " + version, e);
        } finally {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    @Override
    public synchronized void destroyAllVersions(TenantId tenant) {
        for (int version = currentVersion(tenant); version >= 1; version--) {
            Path file = file(tenant, version);
            try {
                if (Files.exists(file)) {
                    Files.write(file, new byte[KEY_BYTES], StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.DSYNC);
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw unavailable(tenant, "cannot destroy key version " + version, e);
            }
        }
        LOG.info("destroyed every key-encryption key version of tenant {}", tenant);
    }

    /** The key file of a tenant's version. */
    Path file(TenantId tenant, int version) {
        return directory.resolve(tenant.value() + ".v" + version + ".key");
    }

    private int write(TenantId tenant, int version) {
        Path file = file(tenant, version);
        Path tmp = directory.resolve("." + file.getFileName() + ".tmp");
        byte[] raw = new byte[KEY_BYTES];
        try {
            createDirectory();
            random.nextBytes(raw);
            Files.deleteIfExists(tmp);
            if (posix()) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(tmp);
            }
            Files.write(tmp, raw, StandardOpenOption.WRITE, StandardOpenOption.DSYNC);
            if (Files.exists(file)) {
                throw unavailable(tenant, "key version " + version + " exists already", null);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw unavailable(tenant, "cannot write key version " + version, e);
        } finally {
            Arrays.fill(raw, (byte) 0);
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.warn("cannot delete the temporary key file {}", tmp);
            }
        }
        LOG.info("created key-encryption key version {} of tenant {}", version, tenant);
        return version;
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Files.createDirectories(directory.getParent());
        if (posix()) {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        } else {
            Files.createDirectory(directory);
        }
    }

    private void checkOwnerOnly(TenantId tenant, Path path, Set<PosixFilePermission> allowed) throws IOException {
        if (!posix()) {
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
        if (!allowed.containsAll(perms)) {
            throw unavailable(tenant, path.getFileName() + " is accessible to group or others (mode "
                    + PosixFilePermissions.toString(perms) + "); refused, run chmod "
                    + (allowed == OWNER_DIR ? "700 " : "600 ") + path, null);
        }
    }

    private boolean posix() {
        return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static KmsUnavailableException unavailable(TenantId tenant, String what, Throwable cause) {
        String message = "KMS " + NAME + ", tenant " + tenant + ": " + what;
        return cause == null ? new KmsUnavailableException(message) : new KmsUnavailableException(message, cause);
    }
}
