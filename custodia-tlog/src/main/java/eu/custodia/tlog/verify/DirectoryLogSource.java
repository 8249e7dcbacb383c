package eu.custodia.tlog.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** A tlog-tiles log laid out in a local directory (for example one copied from a server or a backup). */
final class DirectoryLogSource implements LogSource {

    private final Path root;

    DirectoryLogSource(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Optional<byte[]> fetch(String path, int maxBytes) throws IOException {
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root)) {
            throw new IOException("path " + path + " leaves the log directory");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] data = in.readNBytes(maxBytes + 1);
            if (data.length > maxBytes) {
                throw new IOException(file + " is larger than " + maxBytes + " bytes");
            }
            return Optional.of(data);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }
}
