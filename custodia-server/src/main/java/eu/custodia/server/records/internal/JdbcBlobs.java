package eu.custodia.server.records.internal;

import com.google.crypto.tink.StreamingAead;
import eu.custodia.server.access.Decision;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.KeepOpenOutputStream;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.records.BlobFiles;
import eu.custodia.server.records.BlobInfo;
import eu.custodia.server.records.Blobs;
import eu.custodia.server.records.Precondition;
import eu.custodia.server.records.RecordsProperties;
import eu.custodia.server.vault.TenantKeysets;
import eu.custodia.tlog.merkle.Rfc9162;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link Blobs}: metadata in table {@code blobs}, bytes in {@link BlobFiles}. A write streams the body through
 * the tenant's streaming AEAD into a temporary file (counting, and stopping at the size limit), forces it to
 * disk, moves it into place under its version, then records the new version and its ledger event in one
 * transaction, checking the precondition again there; the superseded file is deleted after the commit. A
 * failed write leaves no file and no row behind.
 */
@Component
final class JdbcBlobs implements Blobs {

    static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TenantRowScope scope;
    private final TenantKeysets keysets;
    private final RecordsGate gate;
    private final BlobFiles files;
    private final long maxSize;
    private final Clock clock;
    private final SqlInstants instants;

    JdbcBlobs(JdbcClient jdbc, TransactionTemplate tx, TenantRowScope scope, TenantKeysets keysets, RecordsGate gate,
            BlobFiles files, RecordsProperties properties, Clock clock, SqlInstants instants) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.scope = scope;
        this.keysets = keysets;
        this.gate = gate;
        this.files = files;
        this.maxSize = properties.maxBlobSize().toBytes();
        this.clock = clock;
        this.instants = instants;
    }

    @Override
    public BlobInfo write(Caller caller, TenantId tenant, String blobId, String contentType, InputStream body,
            long declaredLength, Precondition precondition) throws IOException {
        Decision decision = gate.authorize(caller, Permission.RECORDS_WRITE, tenant);
        RecordNames.id(blobId, "blobId");
        String type = mediaType(contentType);
        if (declaredLength > maxSize) {
            throw tooLarge();
        }
        // Check the precondition before reading a byte, so a doomed upload is refused at once.
        Optional<BlobInfo> before = inScope(tenant, () -> find(tenant, blobId));
        Preconditions.check(precondition, before.map(BlobInfo::version), true, "blob");
        long version = before.map(b -> b.version() + 1).orElse(1L);
        StreamingAead aead = keysets.streamingAead(tenant);

        Path dir = Files.createDirectories(files.tenantDir(tenant));
        Path temp = dir.resolve("." + blobId + "." + UUID.randomUUID() + ".tmp");
        Path target = files.file(tenant, blobId, version);
        long size;
        String sealedSha256;
        try {
            MessageDigest digest = Rfc9162.newDigest();
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream file = new DigestOutputStream(java.nio.channels.Channels.newOutputStream(channel), digest)) {
                try (OutputStream sealed = aead.newEncryptingStream(new KeepOpenOutputStream(file),
                        RecordSealing.blobAad(tenant, blobId, version))) {
                    size = copyLimited(gate.whileGranted(decision, body), sealed);
                }
                file.flush();
                channel.force(true);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot seal a blob", e);
            }
            sealedSha256 = HexFormat.of().formatHex(digest.digest());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (RecordsGate.GrantEnded e) {
            Files.deleteIfExists(temp);
            throw RecordsGate.ended(e.grantId());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        try {
            gate.requireStillGranted(decision);
        } catch (RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        Instant now = clock.instant();
        BlobInfo written;
        try {
            written = scope.inTransaction(tx, tenant, status -> {
                Optional<BlobInfo> current = find(tenant, blobId);
                if (!current.map(BlobInfo::version).equals(before.map(BlobInfo::version))) {
                    throw BilingualProblem.of(ProblemType.PRECONDITION_FAILED, "Blob " + blobId + " was written "
                            + "by another request during this upload; read it and retry.", "Il blob " + blobId
                            + " è stato scritto da un'altra richiesta durante il caricamento; rileggerlo e riprovare.");
                }
                if (current.isEmpty()) {
                    jdbc.sql("INSERT INTO blobs (tenant_id, blob_id, version, size, sha256, content_type, created_at,"
                            + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                            .params(tenant.value(), blobId, version, size, sealedSha256, type, instants.bind(now),
                                    instants.bind(now))
                            .update();
                } else {
                    jdbc.sql("UPDATE blobs SET version = ?, size = ?, sha256 = ?, content_type = ?, updated_at = ?"
                            + " WHERE tenant_id = ? AND blob_id = ?")
                            .params(version, size, sealedSha256, type, instants.bind(now), tenant.value(), blobId)
                            .update();
                }
                gate.record(caller, tenant, current.isEmpty() ? "blob.created" : "blob.updated", target(tenant, blobId),
                        "success", "version " + version + "; " + size + " bytes");
                return new BlobInfo(blobId, version, size, type, sealedSha256,
                        current.map(BlobInfo::createdAt).orElse(now), now);
            });
        } catch (RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        before.ifPresent(old -> deleteQuietly(files.file(tenant, blobId, old.version())));
        return written;
    }

    @Override
    public BlobInfo info(Caller caller, TenantId tenant, String blobId) {
        gate.authorize(caller, Permission.RECORDS_READ, tenant);
        RecordNames.id(blobId, "blobId");
        return inScope(tenant, () -> {
            BlobInfo info = find(tenant, blobId).orElseThrow(() -> notFound(blobId));
            gate.record(caller, tenant, "blob.read", target(tenant, blobId), "success", "version " + info.version()
                    + "; metadata");
            return info;
        });
    }

    @Override
    public OpenBlob open(Caller caller, TenantId tenant, String blobId) throws IOException {
        Decision decision = gate.authorize(caller, Permission.RECORDS_READ, tenant);
        RecordNames.id(blobId, "blobId");
        StreamingAead aead = keysets.streamingAead(tenant);
        BlobInfo info = inScope(tenant, () -> {
            BlobInfo found = find(tenant, blobId).orElseThrow(() -> notFound(blobId));
            gate.record(caller, tenant, "blob.read", target(tenant, blobId), "success", "version " + found.version()
                    + "; " + found.size() + " bytes");
            return found;
        });
        InputStream file;
        try {
            file = Files.newInputStream(files.file(tenant, blobId, info.version()));
        } catch (NoSuchFileException e) {
            throw integrityFailure(tenant, blobId, "its sealed file is missing");
        }
        try {
            InputStream plain = aead.newDecryptingStream(file, RecordSealing.blobAad(tenant, blobId, info.version()));
            // Open the first segment now: a file moved from another blob, tenant or version fails here, before
            // any byte or header is sent; damage further on ends the stream with an IOException.
            java.io.PushbackInputStream head = new java.io.PushbackInputStream(plain, 1);
            int first = head.read();
            if (first >= 0) {
                head.unread(first);
            }
            return new OpenBlob(info, gate.whileGranted(decision, head));
        } catch (GeneralSecurityException | IOException e) {
            file.close();
            throw integrityFailure(tenant, blobId, "its sealed file does not open under its associated data");
        }
    }

    @Override
    public void delete(Caller caller, TenantId tenant, String blobId, Precondition precondition) {
        gate.authorize(caller, Permission.RECORDS_WRITE, tenant);
        RecordNames.id(blobId, "blobId");
        BlobInfo deleted = inScope(tenant, () -> {
            Optional<BlobInfo> current = find(tenant, blobId);
            if (current.isEmpty()) {
                throw notFound(blobId);
            }
            Preconditions.check(precondition, current.map(BlobInfo::version), false, "blob");
            jdbc.sql("DELETE FROM blobs WHERE tenant_id = ? AND blob_id = ?").params(tenant.value(), blobId).update();
            gate.record(caller, tenant, "blob.deleted", target(tenant, blobId), "success",
                    "version " + current.get().version());
            return current.get();
        });
        deleteQuietly(files.file(tenant, blobId, deleted.version()));
    }

    @Override
    public BlobPage list(Caller caller, TenantId tenant, String cursor, int limit) {
        gate.authorize(caller, Permission.RECORDS_READ, tenant);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "limit", "The limit must be between 1 and "
                    + MAX_LIMIT + ".", "Il limite deve essere compreso tra 1 e " + MAX_LIMIT + ".");
        }
        String after = Cursors.decode(cursor);
        return inScope(tenant, () -> {
            List<BlobInfo> rows = jdbc.sql("SELECT blob_id, version, size, sha256, content_type, created_at, updated_at"
                    + " FROM blobs WHERE tenant_id = ? AND blob_id > ? ORDER BY blob_id LIMIT ?")
                    .params(tenant.value(), after, limit + 1).query(this::info).list();
            boolean more = rows.size() > limit;
            List<BlobInfo> page = more ? rows.subList(0, limit) : rows;
            gate.record(caller, tenant, "blobs.listed", "tenant/" + tenant.value() + "/blobs", "success",
                    page.size() + " blobs");
            return new BlobPage(page, more ? Cursors.encode(page.get(limit - 1).id()) : null);
        });
    }

    // ---------------------------------------------------------------- helpers

    private <T> T inScope(TenantId tenant, java.util.function.Supplier<T> work) {
        return scope.inTransaction(tx, tenant, status -> work.get());
    }

    private Optional<BlobInfo> find(TenantId tenant, String blobId) {
        return jdbc.sql("SELECT blob_id, version, size, sha256, content_type, created_at, updated_at FROM blobs"
                + " WHERE tenant_id = ? AND blob_id = ?").params(tenant.value(), blobId).query(this::info).optional();
    }

    private BlobInfo info(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new BlobInfo(rs.getString("blob_id"), rs.getLong("version"), rs.getLong("size"), rs.getString("content_type"),
                rs.getString("sha256"), instants.read(rs, "created_at"), instants.read(rs, "updated_at"));
    }

    private long copyLimited(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > maxSize) {
                throw tooLarge();
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private ProblemException tooLarge() {
        return BilingualProblem.of(RecordsProblems.BLOB_TOO_LARGE, "A blob is at most " + maxSize + " bytes "
                + "(custodia.records.max-blob-size); nothing was stored.", "Un blob è al massimo di " + maxSize
                + " byte (custodia.records.max-blob-size); non è stato salvato nulla.", Map.of("maxBytes", maxSize));
    }

    private ProblemException integrityFailure(TenantId tenant, String blobId, String why) {
        scope.inTransactionWithoutResult(tx, tenant, status -> {
            gate.record(Caller.SYSTEM, tenant,
                    "blob.integrity-failed", target(tenant, blobId), "failure", why);
        });
        return BilingualProblem.of(RecordsProblems.INTEGRITY_FAILURE, "Blob " + blobId + " failed its integrity "
                + "check: " + why + ". The event is in the tenant's ledger; restore the blob from a backup.",
                "Il blob " + blobId + " non ha superato il controllo di integrità. L'evento è nel registro del "
                        + "tenant; ripristinare il blob da un backup.");
    }

    private static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return MediaType.APPLICATION_OCTET_STREAM_VALUE;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            if (type.isWildcardType() || type.isWildcardSubtype() || contentType.length() > 200) {
                throw new IllegalArgumentException("wildcard");
            }
            return type.toString();
        } catch (RuntimeException e) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "Content-Type", "The Content-Type is not a concrete "
                    + "media type such as application/pdf.", "Il Content-Type non è un tipo di media concreto come "
                    + "application/pdf.");
        }
    }

    private static ProblemException notFound(String blobId) {
        return BilingualProblem.of(ProblemType.NOT_FOUND, "No blob " + blobId + ".", "Nessun blob " + blobId + ".");
    }

    private static String target(TenantId tenant, String blobId) {
        return "tenant/" + tenant.value() + "/blobs/" + blobId;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // an orphan sealed file: unreadable without its row, removed by the next write of the blob
        }
    }
}
