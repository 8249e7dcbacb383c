package eu.custodia.tlog.verify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
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
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            if (size > maxBytes) {
                throw new IOException(file + " is larger than " + maxBytes + " bytes");
            }
            ByteBuffer data = ByteBuffer.allocate((int) size);
            while (data.hasRemaining() && channel.read(data) >= 0) {
                // read until full or end of file
            }
            if (data.hasRemaining()) {
                throw new IOException(file + " shrank while it was read");
            }
            return Optional.of(data.array());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }
}
