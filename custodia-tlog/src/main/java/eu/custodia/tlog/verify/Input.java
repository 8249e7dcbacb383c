package eu.custodia.tlog.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a user-named file, bounded; a missing or unreadable file is a usage error (exit status 2). */
final class Input {

    private Input() {
    }

    static byte[] read(String name, int maxBytes, Messages msg) throws UsageException {
        Path file = Path.of(name);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] data = in.readNBytes(maxBytes + 1);
            if (data.length > maxBytes) {
                throw new UsageException(msg.get("usage.unreadable", name, "larger than " + maxBytes + " bytes"));
            }
            return data;
        } catch (IOException | RuntimeException e) {
            throw new UsageException(msg.get("usage.unreadable", name, describe(e)), e);
        }
    }

    static String describe(Exception e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
