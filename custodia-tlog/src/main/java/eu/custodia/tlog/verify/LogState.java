package eu.custodia.tlog.verify;

import eu.custodia.tlog.checkpoint.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --state} directory of {@code custodia-verify log}: the last verified signed checkpoint
 * ({@code checkpoint}), and the progress of an unfinished run ({@code progress}), both written atomically.
 */
final class LogState {

    private static final String PROGRESS_HEADER = "custodia-verify progress v1";

    private final Path dir;

    LogState(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw new IOException(dir + " is not writable");
        }
    }

    Path dir() {
        return dir;
    }

    Optional<byte[]> previousCheckpoint() throws IOException {
        Path file = dir.resolve("checkpoint");
        return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }

    Instant previousSavedAt() throws IOException {
        return Files.getLastModifiedTime(dir.resolve("checkpoint")).toInstant();
    }

    void saveCheckpoint(byte[] signed) throws IOException {
        write("checkpoint", signed);
        Files.deleteIfExists(dir.resolve("progress"));
    }

    void saveEvidence(String name, String text) throws IOException {
        write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Saves how far a run got towards {@code target}. */
    void saveProgress(Checkpoint target, TileFold fold) throws IOException {
        String text = PROGRESS_HEADER + "\norigin " + target.origin() + "\nsize " + target.size()
                + "\nroot " + Base64.getEncoder().encodeToString(target.rootHash()) + "\ndone " + fold.size()
                + "\nedge " + Base64.getEncoder().encodeToString(fold.rightEdge()) + "\n";
        write("progress", text.getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the saved fold if it was saved for exactly this checkpoint; anything else starts afresh. */
    Optional<TileFold> progressFor(Checkpoint target) {
        try {
            Path file = dir.resolve("progress");
            if (!Files.exists(file) || Files.size(file) > 16 * 1024) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() != 6 || !lines.get(0).equals(PROGRESS_HEADER)
                    || !lines.get(1).equals("origin " + target.origin())
                    || !lines.get(2).equals("size " + target.size())
                    || !lines.get(3).equals("root " + Base64.getEncoder().encodeToString(target.rootHash()))) {
                return Optional.empty();
            }
            long done = Long.parseLong(lines.get(4).substring("done ".length()));
            byte[] edge = Base64.getDecoder().decode(lines.get(5).substring("edge ".length()));
            if (done < 0 || done > target.size() || done % 256 != 0) {
                return Optional.empty();
            }
            return Optional.of(new TileFold(done, edge));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void write(String name, byte[] data) throws IOException {
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        try {
            Files.write(tmp, data);
            try {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
