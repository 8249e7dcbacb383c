package eu.custodia.server.backup.internal;

import com.google.crypto.tink.StreamingAead;
import eu.custodia.server.backup.BackupCounts;
import eu.custodia.server.backup.BackupException;
import eu.custodia.server.backup.BackupProgress;
import eu.custodia.server.backup.internal.TenantTables.Column;
import eu.custodia.server.backup.internal.TenantTables.Table;
import eu.custodia.server.platform.KeepOpenOutputStream;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.records.BlobFiles;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes one tenant's archive file ({@link ArchiveFiles} framing, {@link BodyCodec} body) from the store, inside
 * the caller's transaction (so every table is read from one snapshot on PostgreSQL), rows streamed with a
 * bounded fetch size. Reports progress every {@value #PROGRESS_EVERY} rows.
 */
@Component
final class ArchiveWriter {

    static final int PROGRESS_EVERY = 1000;

    /** What was written. */
    record Written(long size, String sha256, String headerSha256, String bodySha256, BackupCounts counts) {
    }

    private record BlobRef(String blobId, long version) {
    }

    private final JdbcTemplate jdbc;
    private final SqlInstants instants;
    private final BlobFiles blobFiles;

    ArchiveWriter(DataSource dataSource, SqlInstants instants, BlobFiles blobFiles) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(500);
        this.instants = instants;
        this.blobFiles = blobFiles;
    }

    Written write(ArchiveHeader header, StreamingAead aead, Path file, BackupProgress progress) {
        return write(header, aead, file, progress, BodyCodec.FORMAT);
    }

    /** As {@link #write(ArchiveHeader, StreamingAead, Path, BackupProgress)}, the body in {@code format}. */
    Written write(ArchiveHeader header, StreamingAead aead, Path file, BackupProgress progress, String format) {
        List<Table> tables = BodyCodec.tables(format);
        byte[] headerBytes = header.encode();
        String headerSha = ArchiveFiles.hex(ArchiveFiles.sha256().digest(headerBytes));
        MessageDigest whole = ArchiveFiles.sha256();
        MessageDigest body = ArchiveFiles.sha256();
        BackupCounts counts;
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(ArchiveFiles.createOwnerOnly(file),
                StandardOpenOption.WRITE), 1 << 16)) {
            DigestOutputStream wholeOut = new DigestOutputStream(raw, whole);
            ArchiveFiles.writeHeader(wholeOut, headerBytes);
            OutputStream cipher = new DigestOutputStream(new KeepOpenOutputStream(wholeOut), body);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    aead.newEncryptingStream(cipher, header.bodyAssociatedData(headerSha)), 1 << 16))) {
                counts = body(header.tenant(), format, tables, out, progress);
            }
        } catch (IOException e) {
            throw new BackupException("cannot write the archive " + file + ": " + e.getMessage(),
                    "impossibile scrivere l'archivio " + file, e);
        } catch (UncheckedIOException e) {
            throw new BackupException("cannot write the archive " + file + ": " + e.getCause().getMessage(),
                    "impossibile scrivere l'archivio " + file, e);
        } catch (GeneralSecurityException e) {
            throw new BackupException("cannot encrypt the archive: " + e.getMessage(), "impossibile cifrare"
                    + " l'archivio", e);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
            return new Written(channel.size(), ArchiveFiles.hex(whole.digest()), headerSha,
                    ArchiveFiles.hex(body.digest()), counts);
        } catch (IOException e) {
            throw new BackupException("cannot sync the archive " + file, "impossibile sincronizzare l'archivio "
                    + file, e);
        }
    }

    private BackupCounts body(TenantId tenant, String format, List<Table> tables, DataOutputStream out,
            BackupProgress progress) throws IOException {
        out.writeUTF(format);
        Map<Table, Long> rows = new HashMap<>();
        List<BlobRef> blobs = new ArrayList<>();
        for (Table table : tables) {
            long total = table.part() == null ? 0
                    : jdbc.queryForObject(table.count(), Long.class, tenant.value());
            long[] done = {0};
            out.writeUTF(table.name());
            jdbc.query(table.select(), rs -> {
                try {
                    out.writeByte(1);
                    List<Column> columns = table.columns();
                    for (int i = 0; i < columns.size(); i++) {
                        Column c = columns.get(i);
                        Object value = switch (c.type()) {
                            case TEXT -> rs.getString(i + 1);
                            case BYTES -> rs.getBytes(i + 1);
                            case LONG -> rs.getLong(i + 1);
                            case TIME -> instants.read(rs, c.name());
                        };
                        BodyCodec.writeValue(out, c, value);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (table == TenantTables.BLOBS) {
                    blobs.add(new BlobRef(rs.getString("blob_id"), rs.getLong("version")));
                }
                done[0]++;
                if (table.part() != null && done[0] % PROGRESS_EVERY == 0) {
                    progress.update(tenant, table.part(), done[0], Math.max(total, done[0]));
                }
            }, tenant.value());
            out.writeByte(0);
            rows.put(table, done[0]);
            if (table.part() != null) {
                progress.update(tenant, table.part(), done[0], Math.max(total, done[0]));
            }
        }
        out.writeUTF(BodyCodec.BLOB_FILES);
        long blobBytes = 0;
        int n = 0;
        for (BlobRef blob : blobs) {
            Path path = blobFiles.file(tenant, blob.blobId(), blob.version());
            out.writeByte(1);
            out.writeUTF(blob.blobId());
            out.writeLong(blob.version());
            if (Files.isRegularFile(path)) {
                long size = Files.size(path);
                out.writeLong(size);
                long copied = Files.copy(path, out);
                if (copied != size) {
                    throw new IOException("blob file " + path.getFileName() + " changed while it was copied");
                }
                blobBytes += size;
            } else {
                out.writeLong(-1);
            }
            progress.update(tenant, "blob-files", ++n, blobs.size());
        }
        out.writeByte(0);
        out.writeUTF("end");
        return TenantTables.counts(table -> rows.getOrDefault(table, 0L), blobBytes);
    }
}
