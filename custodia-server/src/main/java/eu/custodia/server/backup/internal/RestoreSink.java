package eu.custodia.server.backup.internal;

import eu.custodia.server.backup.BackupCounts;
import eu.custodia.server.backup.BackupProgress;
import eu.custodia.server.backup.internal.TenantTables.Table;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.records.BlobFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Puts a decrypted body back into the store, in the caller's transaction: rows inserted in batches, the
 * register's rows skipped when the tenant is registered already, blob files written under temporary names
 * and moved into place by {@link #publishFiles} (or removed by {@link #discardFiles} when the restore fails).
 * Write failures are unchecked, so they are not mistaken for a damaged archive.
 */
final class RestoreSink implements BodyCodec.Sink {

    private static final int BATCH = 500;
    private static final Pattern BLOB_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

    private final JdbcTemplate jdbc;
    private final SqlInstants instants;
    private final BlobFiles blobFiles;
    private final TenantId tenant;
    private final boolean skipRegistry;
    private final BackupCounts expected;
    private final BackupProgress progress;
    private final Map<Table, List<Object[]>> pending = new LinkedHashMap<>();
    private final Map<Table, Long> done = new LinkedHashMap<>();
    private final List<Path[]> files = new ArrayList<>();
    private final List<Path> published = new ArrayList<>();

    RestoreSink(JdbcTemplate jdbc, SqlInstants instants, BlobFiles blobFiles, TenantId tenant, boolean skipRegistry,
            BackupCounts expected, BackupProgress progress) {
        this.jdbc = jdbc;
        this.instants = instants;
        this.blobFiles = blobFiles;
        this.tenant = tenant;
        this.skipRegistry = skipRegistry;
        this.expected = expected;
        this.progress = progress;
    }

    @Override
    public void row(Table table, Object[] values) {
        if (table.registry() && skipRegistry) {
            return;
        }
        Object[] params = new Object[values.length + 1];
        params[0] = tenant.value();
        for (int i = 0; i < values.length; i++) {
            params[i + 1] = values[i] instanceof Instant t ? instants.bind(t) : values[i];
        }
        // parents first: a child table's first row flushes every table before it
        for (Table earlier : pending.keySet()) {
            if (earlier != table) {
                flush(earlier);
            }
        }
        List<Object[]> rows = pending.computeIfAbsent(table, t -> new ArrayList<>());
        rows.add(params);
        if (rows.size() >= BATCH) {
            flush(table);
        }
    }

    @Override
    public void blobFile(String blobId, long version, long length, InputStream in) throws IOException {
        flushAll();
        if (length < 0) {
            return;
        }
        if (!BLOB_ID.matcher(blobId).matches()) {
            throw new IOException("bad blob id in the archive");
        }
        Path target = blobFiles.file(tenant, blobId, version);
        Path tmp = target.resolveSibling("." + target.getFileName() + ".restore");
        OutputStream out;
        try {
            Files.createDirectories(target.getParent());
            out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            files.add(new Path[] {tmp, target});
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write blob file " + tmp, e);
        }
        try (out) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write blob file " + tmp, e);
                }
            }
        }
        progress.update(tenant, "blob-files", files.size(), expected.blobs());
    }

    /** Inserts every pending row. */
    void flushAll() {
        for (Table table : new ArrayList<>(pending.keySet())) {
            flush(table);
        }
    }

    private void flush(Table table) {
        List<Object[]> rows = pending.get(table);
        if (rows == null || rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(table.insert(), rows);
        long n = done.merge(table, (long) rows.size(), Long::sum);
        rows.clear();
        if (table.part() != null) {
            progress.update(tenant, table.part(), n, total(table));
        }
    }

    private long total(Table table) {
        return TenantTables.count(expected, table);
    }

    /** Moves the restored blob files into place. */
    void publishFiles() {
        for (Path[] f : files) {
            try {
                Files.move(f[0], f[1], StandardCopyOption.ATOMIC_MOVE);
                published.add(f[1]);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move blob file into place " + f[1], e);
            }
        }
    }

    /** Removes every blob file this restore wrote (after a failure). */
    void discardFiles() {
        for (Path[] f : files) {
            deleteQuietly(f[0]);
        }
        published.forEach(RestoreSink::deleteQuietly);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // best effort: the file is sealed, unreadable without the tenant's keys
        }
    }
}
