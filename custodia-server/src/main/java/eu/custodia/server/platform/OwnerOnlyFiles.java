package eu.custodia.server.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The hardening verdict on a file holding a secret (a PIN, cloud credentials, a key): it must be accessible to
 * its owner only ({@code chmod 600}). Reads the file's permissions, never its content.
 */
public final class OwnerOnlyFiles {

    /** Any access by the file's group or by others. */
    public static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.copyOf(EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE));

    private OwnerOnlyFiles() {
    }

    /**
     * Passes when {@code file} is accessible to its owner only, or lies on a file system without POSIX
     * permissions (said so); fails when group or others can access it, or when it cannot be read.
     *
     * @param nameEn what the file is, in English after "The" (e.g. {@code PKCS#11 PIN file})
     * @param nameIt what the file is, in Italian with its article (e.g. {@code Il file del PIN PKCS#11})
     */
    public static HardeningResult check(String id, int commitment, Path file, String nameEn, String nameIt) {
        String en = "The " + nameEn + " " + file;
        String it = nameIt + " " + file;
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                return HardeningResult.fail(id, commitment, en + " is accessible to group or others: chmod 600 it.",
                        it + " è accessibile al gruppo o ad altri: eseguire chmod 600.");
            }
            return HardeningResult.pass(id, commitment, en + " is accessible to its owner only.",
                    it + " è accessibile solo al proprietario.");
        } catch (UnsupportedOperationException e) {
            return HardeningResult.pass(id, commitment,
                    en + " is on a file system without POSIX permissions; not checked.",
                    it + " è su un file system senza permessi POSIX; non verificato.");
        } catch (IOException | RuntimeException e) {
            return HardeningResult.fail(id, commitment,
                    en + " cannot be read (" + e.getClass().getSimpleName() + ").",
                    it + " non è leggibile (" + e.getClass().getSimpleName() + ").");
        }
    }
}
