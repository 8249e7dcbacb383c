package eu.custodia.bench.tlog;

import java.util.Locale;
import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.checkpoint.Checkpoint;
import eu.custodia.tlog.checkpoint.SignedCheckpoint;
import eu.custodia.tlog.merkle.MerkleTree;
import eu.custodia.tlog.note.Ed25519NoteSigner;
import eu.custodia.tlog.note.NoteKeyPair;
import eu.custodia.tlog.tiles.DirectoryTileStore;
import eu.custodia.tlog.tiles.TileHashReader;
import eu.custodia.tlog.tiles.TreeBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * A local tlog-tiles log of random entries with a signed checkpoint, generated once under the data directory
 * and reused while it is complete. The log directory holds exactly what a log serves (entry bundles, hash
 * tiles, {@code checkpoint}); beside it, a properties file written last records its size and verifier key,
 * and marks it complete.
 *
 * @param dir the log directory
 * @param verifierKey the verifier key text of the checkpoint's signer
 * @param entries number of entries
 * @param entryBytes bytes per entry
 * @param generatedSeconds how long generating it took in this run, or {@code -1} if it was reused
 */
public record LogFixture(Path dir, String verifierKey, long entries, int entryBytes, double generatedSeconds) {

    private static final int BATCH = 1 << 16;
    private static final String KEY_NAME = "bench.custodia.example";

    /** Returns the entry data in the log, in MiB. */
    public double entryMiB() {
        return entries * (double) entryBytes / (1 << 20);
    }

    /**
     * Returns the log of {@code entries} random entries of {@code entryBytes} bytes under {@code dataDir},
     * generating it if it is missing or incomplete.
     */
    public static LogFixture ensure(Path dataDir, long entries, int entryBytes, PrintStream log)
            throws IOException, VerificationException, GeneralSecurityException {
        String name = "log-" + entries + "x" + entryBytes;
        Path dir = dataDir.resolve(name);
        Path meta = dataDir.resolve(name + ".properties");
        LogFixture existing = read(dir, meta, entries, entryBytes);
        if (existing != null) {
            log.printf(Locale.ROOT, "tlog: reusing the %,d-entry log in %s%n", entries, dir);
            return existing;
        }
        Files.deleteIfExists(meta);
        deleteTree(dir);
        Files.createDirectories(dir);
        log.printf(Locale.ROOT, "tlog: generating a %,d-entry log of %d-byte entries in %s (once; kept for later runs)%n",
                entries, entryBytes, dir);
        long t0 = System.nanoTime();

        NoteKeyPair keys = Ed25519NoteSigner.generate(KEY_NAME, new SecureRandom());
        Ed25519NoteSigner signer = Ed25519NoteSigner.parse(keys.privateKey());
        DirectoryTileStore store = new DirectoryTileStore(dir);
        TreeBuilder builder = TreeBuilder.empty();
        SplittableRandom random = new SplittableRandom(entries * 31 + entryBytes);
        for (long start = 0; start < entries; start += BATCH) {
            int n = (int) Math.min(BATCH, entries - start);
            List<byte[]> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] e = new byte[entryBytes];
                random.nextBytes(e);
                batch.add(e);
            }
            builder.append(batch).writeTo(store);
        }
        byte[] root = MerkleTree.rootHash(new TileHashReader(store, entries), entries);
        Checkpoint checkpoint = new Checkpoint(KEY_NAME + "/" + name, entries, root);
        writeAtomically(dir.resolve("checkpoint"), SignedCheckpoint.sign(checkpoint, signer));

        double seconds = (System.nanoTime() - t0) / 1e9;
        Properties p = new Properties();
        p.setProperty("entries", Long.toString(entries));
        p.setProperty("entryBytes", Integer.toString(entryBytes));
        p.setProperty("verifierKey", keys.verifierKey().encode());
        Path tmp = dataDir.resolve("." + name + ".properties.tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "benchmark log, complete");
        }
        Files.move(tmp, meta, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.printf(Locale.ROOT, "tlog: generated the log in %.1f s%n", seconds);
        return new LogFixture(dir, keys.verifierKey().encode(), entries, entryBytes, seconds);
    }

    private static LogFixture read(Path dir, Path meta, long entries, int entryBytes) {
        if (!Files.isRegularFile(meta) || !Files.isRegularFile(dir.resolve("checkpoint"))) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            return null;
        }
        String key = p.getProperty("verifierKey");
        if (key == null || !Long.toString(entries).equals(p.getProperty("entries"))
                || !Integer.toString(entryBytes).equals(p.getProperty("entryBytes"))) {
            return null;
        }
        return new LogFixture(dir, key, entries, entryBytes, -1);
    }

    private static void writeAtomically(Path file, byte[] data) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(tmp, data);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
