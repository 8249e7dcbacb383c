package eu.custodia.server.backup.internal;

import com.google.crypto.tink.StreamingAead;
import eu.custodia.server.backup.BackupCounts;
import eu.custodia.server.backup.BackupException;
import eu.custodia.server.backup.BackupProgress;
import eu.custodia.server.backup.BackupResult;
import eu.custodia.server.backup.Backups;
import eu.custodia.server.backup.VerifiedArchive;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.ledger.LedgerKeys;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.records.BlobFiles;
import eu.custodia.server.vault.KmsUnavailableException;
import eu.custodia.server.vault.TenantKeysets;
import eu.custodia.server.vault.WrappedKeysets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link Backups} over the store, the KMS, the blob directory and the ledger key. A backup reads the tenant's
 * rows in one transaction (repeatable read on PostgreSQL: one snapshot), writes {@code .<name>.partial} files,
 * signs the manifest, and moves the archive and then the manifest into place; a restore checks everything it
 * can before it writes, then inserts in one transaction.
 */
@Component
final class DefaultBackups implements Backups {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Caller SYSTEM = new Caller("backup-command", Caller.KIND_SYSTEM, Set.of(), null, List.of());
    private static final LedgerEvent.Actor ACTOR = new LedgerEvent.Actor("backup-command", Caller.KIND_SYSTEM,
            List.of(), List.of(), null);

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate tx;
    private final TransactionTemplate snapshotTx;
    private final TenantRowScope scope;
    private final SqlInstants instants;
    private final WrappedKeysets wrapped;
    private final TenantKeysets keysets;
    private final LedgerKeys ledgerKeys;
    private final Ledger ledger;
    private final BlobFiles blobFiles;
    private final ArchiveWriter writer;
    private final ArchiveReader reader;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    DefaultBackups(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactions,
            TenantRowScope scope, SqlInstants instants, WrappedKeysets wrapped, TenantKeysets keysets,
            LedgerKeys ledgerKeys, Ledger ledger, BlobFiles blobFiles, ArchiveWriter writer, ArchiveReader reader,
            Clock clock) {
        this.jdbc = jdbc;
        this.batch = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(transactions);
        this.snapshotTx = new TransactionTemplate(transactions);
        if (instants.postgres()) {
            snapshotTx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        }
        this.scope = scope;
        this.instants = instants;
        this.wrapped = wrapped;
        this.keysets = keysets;
        this.ledgerKeys = ledgerKeys;
        this.ledger = ledger;
        this.blobFiles = blobFiles;
        this.writer = writer;
        this.reader = reader;
        this.clock = clock;
    }

    @Override
    public List<TenantId> tenants() {
        // A crypto-shredded tenant has nothing left to back up: its data can never be read again.
        return jdbc.sql("SELECT id FROM tenants WHERE id NOT IN (SELECT tenant_id FROM crypto_shredded) ORDER BY seq")
                .query((rs, n) -> new TenantId(rs.getString(1))).list();
    }

    @Override
    public BackupResult backup(TenantId tenant, Path directory, boolean force, BackupProgress progress) {
        return backup(tenant, directory, force, progress, BodyCodec.FORMAT);
    }

    /** As {@link #backup(TenantId, Path, boolean, BackupProgress)}, the body in {@code bodyFormat} (for tests). */
    BackupResult backup(TenantId tenant, Path directory, boolean force, BackupProgress progress, String bodyFormat) {
        BodyCodec.tables(bodyFormat); // refuses an unknown format before anything is written
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new BackupException("cannot create the directory " + directory, "impossibile creare la cartella "
                    + directory, e);
        }
        if (!force) {
            BackupResult kept = completeArchive(tenant, directory);
            if (kept != null) {
                return kept;
            }
        }
        try {
            keysets.provision(SYSTEM, tenant); // nothing when the tenant has its keysets already
        } catch (KmsUnavailableException e) {
            throw kmsFailure(tenant, e);
        }
        String archiveId = archiveId();
        Instant created = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String base = tenant.value() + "-" + STAMP.format(created) + "-" + archiveId.substring(2, 10);
        Path archive = directory.resolve(base + ArchiveFiles.SUFFIX);
        Path manifest = directory.resolve(base + ArchiveFiles.SUFFIX + ArchiveFiles.MANIFEST_SUFFIX);
        Path partial = directory.resolve("." + archive.getFileName() + ".partial");
        Path partialManifest = directory.resolve("." + manifest.getFileName() + ".partial");
        try {
            ArchiveWriter.Written written = scope.inTransaction(snapshotTx, tenant, status -> {
                ArchiveHeader header = new ArchiveHeader(archiveId, tenant, created, wrapped.export(tenant));
                StreamingAead aead;
                try {
                    aead = wrapped.openStreaming(tenant, header.keysets());
                } catch (KmsUnavailableException e) {
                    throw kmsFailure(tenant, e);
                }
                return writer.write(header, aead, partial, progress, bodyFormat);
            });
            Manifest m = new Manifest(archiveId, tenant, created, archive.getFileName().toString(), written.size(),
                    written.sha256(), written.headerSha256(), written.bodySha256(), written.counts());
            ArchiveFiles.createOwnerOnly(partialManifest);
            Files.writeString(partialManifest, ledgerKeys.sign(m.text()), StandardCharsets.UTF_8,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            Files.move(partialManifest, manifest, StandardCopyOption.ATOMIC_MOVE);
            scope.inTransactionWithoutResult(tx, tenant, status -> {
                ledger.record(new LedgerEvent(clock.instant(), tenant, ACTOR, "backup.created",
                        "tenant/" + tenant.value() + "/backups/" + archiveId, "success",
                        "sha256 " + written.sha256() + "; " + describe(written.counts()), null));
            });
            return new BackupResult(tenant, archiveId, archive, manifest, written.sha256(), written.counts(), false);
        } catch (IOException e) {
            throw new BackupException("cannot write the archive " + archive + ": " + e.getMessage(),
                    "impossibile scrivere l'archivio " + archive, e);
        } finally {
            deleteQuietly(partial);
            deleteQuietly(partialManifest);
        }
    }

    @Override
    public VerifiedArchive verify(Path archive, Path manifest, String verifierKey) {
        ArchiveReader.Opened opened = reader.open(archive, manifest, verifierKey);
        StreamingAead aead = reader.streamingAead(opened);
        BackupCounts counts = reader.readBody(opened, aead, new BodyCodec.Sink() {
            @Override
            public void row(TenantTables.Table table, Object[] values) {
            }

            @Override
            public void blobFile(String blobId, long version, long length, java.io.InputStream in) {
            }
        });
        return verified(opened, counts);
    }

    @Override
    public VerifiedArchive restore(Path archive, Path manifest, String verifierKey, BackupProgress progress) {
        ArchiveReader.Opened opened = reader.open(archive, manifest, verifierKey);
        StreamingAead aead = reader.streamingAead(opened);
        TenantId tenant = opened.header().tenant();
        RestoreSink[] sink = new RestoreSink[1];
        try {
            return scope.inTransaction(tx, tenant, status -> {
                requireEmpty(tenant);
                boolean registered = jdbc.sql("SELECT COUNT(*) FROM tenants WHERE id = ?").param(tenant.value())
                        .query(Long.class).single() > 0;
                sink[0] = new RestoreSink(batch, instants, blobFiles, tenant, registered, opened.manifest().counts(),
                        progress);
                BackupCounts counts = reader.readBody(opened, aead, sink[0]);
                sink[0].flushAll();
                try {
                    wrapped.restore(tenant, opened.header().keysets());
                } catch (KmsUnavailableException e) {
                    throw kmsFailure(tenant, e);
                }
                sink[0].publishFiles();
                ledger.record(new LedgerEvent(clock.instant(), tenant, ACTOR, "backup.restored",
                        "tenant/" + tenant.value() + "/backups/" + opened.manifest().archiveId(), "success",
                        "sha256 " + opened.manifest().sha256() + "; " + describe(counts)
                                + (registered ? "; register row kept" : "; register row restored"), null));
                return verified(opened, counts);
            });
        } catch (RuntimeException e) {
            if (sink[0] != null) {
                sink[0].discardFiles();
            }
            throw e;
        }
    }

    private void requireEmpty(TenantId tenant) {
        StringJoiner found = new StringJoiner(", ");
        long keysetRows = wrapped.export(tenant).size();
        if (keysetRows > 0) {
            found.add(keysetRows + " keysets");
        }
        for (TenantTables.Table table : TenantTables.DATA) {
            long n = jdbc.sql(table.count()).param(tenant.value()).query(Long.class).single();
            if (n > 0) {
                found.add(n + " " + table.name() + " rows");
            }
        }
        Path dir = blobFiles.tenantDir(tenant);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                long n = files.count();
                if (n > 0) {
                    found.add(n + " blob files");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        if (found.length() > 0) {
            throw new BackupException("restore into an empty store: tenant " + tenant + " already has data here ("
                    + found + "); nothing was changed", "il ripristino va fatto in un archivio dati vuoto: il tenant "
                    + tenant
                    + " ha già dati qui (" + found + "); nulla è stato modificato");
        }
    }

    /** The newest archive of the tenant in {@code directory} whose manifest and digests check out, or null. */
    private BackupResult completeArchive(TenantId tenant, Path directory) {
        List<Path> manifests = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory,
                tenant.value() + "-*" + ArchiveFiles.SUFFIX + ArchiveFiles.MANIFEST_SUFFIX)) {
            files.forEach(manifests::add);
        } catch (IOException e) {
            throw new BackupException("cannot list the directory " + directory, "impossibile elencare la cartella "
                    + directory, e);
        }
        manifests.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        for (Path m : manifests) {
            String name = m.getFileName().toString();
            Path archive = m.resolveSibling(name.substring(0, name.length() - ArchiveFiles.MANIFEST_SUFFIX.length()));
            try {
                ArchiveReader.Opened opened = reader.open(archive, m, null);
                if (opened.header().tenant().equals(tenant)) {
                    return new BackupResult(tenant, opened.manifest().archiveId(), archive, m,
                            opened.manifest().sha256(), opened.manifest().counts(), true);
                }
            } catch (BackupException e) {
                // incomplete or damaged: not a reason to skip this tenant
            }
        }
        return null;
    }

    private static VerifiedArchive verified(ArchiveReader.Opened opened, BackupCounts counts) {
        return new VerifiedArchive(opened.header().tenant(), opened.manifest().archiveId(),
                opened.manifest().createdAt(), opened.manifest().sha256(), opened.signer(), counts);
    }

    private static String describe(BackupCounts c) {
        return "collections " + c.collections() + ", records " + c.records() + ", index entries " + c.indexEntries()
                + ", blobs " + c.blobs() + " (" + c.blobBytes() + " bytes), notices " + c.notices()
                + ", webhook endpoints " + c.webhookEndpoints();
    }

    private static BackupException kmsFailure(TenantId tenant, KmsUnavailableException e) {
        return new BackupException("tenant " + tenant + "'s keys cannot be used: its key-encryption key is not"
                + " available (destroyed by crypto-shredding, or the KMS is unreachable): " + e.getMessage(),
                "le chiavi del tenant " + tenant + " non sono utilizzabili: la chiave di cifratura delle chiavi non è"
                + " disponibile (distrutta, o KMS non raggiungibile)", e);
    }

    private String archiveId() {
        StringBuilder sb = new StringBuilder("b-");
        for (int i = 0; i < 26; i++) {
            sb.append(BASE32[random.nextInt(32)]);
        }
        return sb.toString();
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a leftover .partial file is never taken for an archive
        }
    }
}
