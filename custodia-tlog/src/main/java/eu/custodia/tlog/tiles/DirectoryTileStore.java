package eu.custodia.tlog.tiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A {@link TileStore} on a file system, laid out exactly as the URL paths of
 * <a href="https://c2sp.org/tlog-tiles">c2sp.org/tlog-tiles</a> under a root directory (so that a static
 * file server can serve the root as the log prefix): {@code <root>/tile/0/x001/067},
 * {@code <root>/tile/entries/000.p/17}, and so on. Each write goes to a temporary file in the target
 * directory, is forced to disk, then moved over the target, so readers never see a partly written tile.
 */
public final class DirectoryTileStore implements TileStore {

    private final Path root;

    /** Creates a store rooted at {@code root}; directories are created as tiles are written. */
    public DirectoryTileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Returns the root directory. */
    public Path root() {
        return root;
    }

    /** Returns the file that holds {@code id}. */
    public Path pathOf(TileId id) {
        return root.resolve(id.path());
    }

    /**
     * Reads a tile. At most one byte more than the largest valid resource of its kind is read, so an
     * oversized file is returned truncated yet still too long, and fails the caller's length check.
     */
    @Override
    public Optional<byte[]> read(TileId id) throws IOException {
        int limit = id.isEntryBundle() ? EntryBundle.MAX_BUNDLE_SIZE : TileId.FULL_WIDTH * 32;
        try (InputStream in = Files.newInputStream(pathOf(id))) {
            return Optional.of(in.readNBytes(limit + 1));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(TileId id, byte[] data) throws IOException {
        Path target = pathOf(id);
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(ch)) {
                out.write(data);
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
