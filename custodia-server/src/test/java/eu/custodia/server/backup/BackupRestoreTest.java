package eu.custodia.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.StreamingAead;
import eu.custodia.server.CustodiaApplication;
import eu.custodia.server.backup.internal.OlderArchives;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.ledger.LedgerKeys;
import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.records.BlobFiles;
import eu.custodia.server.records.CollectionSchema;
import eu.custodia.server.records.Precondition;
import eu.custodia.server.records.Records;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.server.testing.TestDatabase;
import eu.custodia.server.vault.KeyEncryptionKeys;
import eu.custodia.server.vault.TenantKeysets;
import eu.custodia.tlog.note.Ed25519NoteSigner;
import eu.custodia.tlog.note.NoteKeyPair;
import eu.custodia.tlog.note.SignedNote;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A tenant's records and blob backed up, verified, and restored into a second, empty store (its own data
 * directory and database, the same KMS keys); then the attacks: a flipped byte, a manifest signed by another
 * key, a restore over existing data, and the tenant's key-encryption key destroyed (its backups can no longer
 * be read).
 */
@CustodiaTest
class BackupRestoreTest {

    private static final TenantContract.Contact CONTACT = new TenantContract.Contact("Sara Conti",
            "sara@example.test", null);
    private static final CollectionSchema SCHEMA = new CollectionSchema(Map.of(
            "email", new CollectionSchema.Field(true, true), "plan", new CollectionSchema.Field(true, false)), null);
    private static final int RECORDS = 30;

    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    Clock clock;
    @Autowired
    TenantCommands tenants;
    @Autowired
    Records records;
    @Autowired
    TenantKeysets keysets;
    @Autowired
    KeyEncryptionKeys keks;
    @Autowired
    Backups backups;
    @Autowired
    BlobFiles blobFiles;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    TenantRowScope scope;
    @Autowired
    SqlInstants instants;
    @Autowired
    LedgerKeys ledgerKeys;
    @Autowired
    CustodiaProperties properties;
    @Autowired
    RecordingLedger ledger;

    @Autowired
    ApplicationContext context;

    @TempDir
    Path dir;

    @Test
    void backupWhenVerifiedAndRestoredIntoEmptyStoreThenSameDocumentsAndBlob() throws Exception {
        TenantId tenant = newTenant();
        Caller app = member(tenant);
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            String doc = "{\"email\":\"user" + i + "@example.test\",\"plan\":\""
                    + (i % 2 == 0 ? "pro" : "free") + "\"}";
            documents.add(records.write(app, tenant, "customers", "c-" + i, doc.getBytes(StandardCharsets.UTF_8),
                    Precondition.NONE).id());
        }
        byte[] blob = new byte[3 * 1024 * 1024 + 17];
        new SecureRandom().nextBytes(blob);
        writeBlob(tenant, "blob-1", blob);

        List<String> progress = new ArrayList<>();
        Path out = dir.resolve("backups");
        BackupResult result = backups.backup(tenant, out, false,
                (t, part, done, total) -> progress.add(part + " " + done + "/" + total));
        assertThat(result.skipped()).isFalse();
        assertThat(result.counts()).isEqualTo(new BackupCounts(1, 1, RECORDS, 2L * RECORDS, 1, Files.size(
                blobFiles.file(tenant, "blob-1", 1)), 0, 0));
        assertThat(progress).contains("records " + RECORDS + "/" + RECORDS, "blob-files 1/1");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(
                    result.archive().getFileName().toString(), result.manifest().getFileName().toString());
        }
        assertThat(result.archive().getFileName().toString()).startsWith(tenant + "-").endsWith(".cbk");
        // nothing of the content is visible in the archive or its manifest
        assertThat(new String(Files.readAllBytes(result.archive()), StandardCharsets.ISO_8859_1))
                .doesNotContain("example.test", "Records S.r.l.");
        assertThat(Files.readString(result.manifest())).contains("records " + RECORDS, "— " + properties.origin());

        assertThat(ledger.events()).filteredOn(e -> e.action().equals("backup.created") && tenant.equals(e.tenant()))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.tenant()).isEqualTo(tenant);
                    assertThat(e.target()).isEqualTo("tenant/" + tenant + "/backups/" + result.archiveId());
                    assertThat(e.reason()).contains("sha256 " + result.sha256(), "records " + RECORDS)
                            .doesNotContain("example.test");
                });

        // a second run keeps the complete, verified archive, whatever an interrupted run left behind (a
        // .partial file, an archive without its manifest); --force writes a new one
        Files.write(out.resolve("." + tenant + "-20990101T000000Z-aaaaaaaa.cbk.partial"), new byte[10]);
        Files.write(out.resolve(tenant + "-20990101T000000Z-bbbbbbbb.cbk"), new byte[10]);
        Files.writeString(out.resolve(tenant + "-20990101T000000Z-cccccccc.cbk.manifest"), "not signed\n");
        BackupResult kept = backups.backup(tenant, out, false, BackupProgress.NONE);
        assertThat(kept.skipped()).isTrue();
        assertThat(kept.archive()).isEqualTo(result.archive());
        BackupResult forced = backups.backup(tenant, out, true, BackupProgress.NONE);
        assertThat(forced.skipped()).isFalse();
        assertThat(forced.archiveId()).isNotEqualTo(result.archiveId());
        assertThat(forced.counts()).isEqualTo(result.counts());

        VerifiedArchive verified = backups.verify(result.archive(), null, ledgerKeys.verifierKeyText());
        assertThat(verified.tenant()).isEqualTo(tenant);
        assertThat(verified.counts()).isEqualTo(result.counts());
        assertThat(verified.sha256()).isEqualTo(result.sha256());

        // the store still holds the tenant: restore refuses to merge
        assertThatThrownBy(() -> backups.restore(result.archive(), null, null, BackupProgress.NONE))
                .isInstanceOf(BackupException.class).hasMessageContaining("restore into an empty store");

        // a second store: its own data directory and database, the same KMS keys and ledger key
        Path other = prepareSecondStore(dir.resolve("other"));
        Path flipped = flipped(result, dir.resolve("flipped.cbk"));
        try (ConfigurableApplicationContext second = secondStore(other)) {
            Backups restoring = second.getBean(Backups.class);
            // tampering: refused before anything is written
            assertThatThrownBy(() -> restoring.restore(flipped, result.manifest(), null, BackupProgress.NONE))
                    .isInstanceOf(BackupException.class).hasMessageContaining("SHA-256 differs");
            // the same flip under a manifest re-signed over the new digests: the decryption fails part-way,
            // the transaction rolls back, the blob files written so far are removed
            Path resigned = dir.resolve("flipped.manifest");
            Files.writeString(resigned, ledgerKeys.sign(redigested(result.manifest(), flipped)));
            assertThatThrownBy(() -> restoring.restore(flipped, resigned, null, BackupProgress.NONE))
                    .isInstanceOf(BackupException.class).hasMessageContaining("encrypted body does not decrypt");
            assertThat(scopedCount(second, tenant, "records")).isZero();
            assertThat(scopedCount(second, tenant, "tenant_keysets")).isZero();
            Path blobDir = second.getBean(BlobFiles.class).tenantDir(tenant);
            if (Files.isDirectory(blobDir)) {
                try (Stream<Path> files = Files.list(blobDir)) {
                    assertThat(files.toList()).isEmpty();
                }
            }

            VerifiedArchive restored = restoring.restore(result.archive(), null, null, BackupProgress.NONE);
            assertThat(restored.counts()).isEqualTo(result.counts());
            assertThat(second.getBean(RecordingLedger.class).events())
                    .filteredOn(e -> e.action().equals("backup.restored") && tenant.equals(e.tenant())).singleElement()
                    .satisfies(e -> assertThat(e.reason()).contains("register row restored"));
            Records restoredRecords = second.getBean(Records.class);
            for (int i = 0; i < RECORDS; i++) {
                assertThat(new String(restoredRecords.read(app, tenant, "customers", documents.get(i)).document(),
                        StandardCharsets.UTF_8)).contains("\"email\":\"user" + i + "@example.test\"");
            }
            assertThat(restoredRecords.list(app, tenant, "customers", Map.of("plan", "pro"), null, 100).records())
                    .hasSize(RECORDS / 2);
            assertThat(readBlob(second, tenant, "blob-1")).isEqualTo(blob);
            assertThat(second.getBean(JdbcClient.class).sql("SELECT state FROM tenants WHERE id = ?")
                    .param(tenant.value()).query(String.class).single()).isEqualTo(jdbc.sql("SELECT state FROM tenants"
                    + " WHERE id = ?").param(tenant.value()).query(String.class).single());

            // restoring twice: refused, the store is not empty any more
            assertThatThrownBy(() -> restoring.restore(result.archive(), null, null, BackupProgress.NONE))
                    .isInstanceOf(BackupException.class).hasMessageContaining("restore into an empty store");
        }
    }

    @Test
    void backupWhenTenantHasNoticesAndWebhookEndpointThenRestoredInOrderWithSecretStillSealed() throws Exception {
        TenantId tenant = newTenant();
        Caller app = member(tenant);
        String document = records.write(app, tenant, "customers", "c-1",
                "{\"email\":\"a@example.test\",\"plan\":\"pro\"}".getBytes(StandardCharsets.UTF_8),
                Precondition.NONE).id();
        Instant t0 = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // written in this order (seq), which is not the order of the ids: the restore must keep seq's order
        String endpoint = "whe_" + tenant.value();
        List<String> ids = List.of("ntc_c-" + tenant.value(), "ntc_a-" + tenant.value(), "ntc_b-" + tenant.value());
        insertNotice(context, tenant, ids.get(0), t0, t0.plusSeconds(60), "acct-reader-1");
        insertNotice(context, tenant, ids.get(1), t0.plusSeconds(1), null, null);
        insertNotice(context, tenant, ids.get(2), t0.plusSeconds(2), t0.plusSeconds(90), "acct-reader-2");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        byte[] sealed = keysets.recordsAead(tenant).encrypt(secret, webhookSecretAad(tenant, endpoint));
        insertEndpoint(context, tenant, endpoint, sealed, t0);
        List<NoticeRow> notices = notices(context, tenant);
        assertThat(notices).extracting(NoticeRow::id).containsExactlyElementsOf(ids);
        assertThat(notices).extracting(NoticeRow::readBy).containsExactly("acct-reader-1", null, "acct-reader-2");

        List<String> progress = new ArrayList<>();
        BackupResult result = backups.backup(tenant, dir, false,
                (t, part, done, total) -> progress.add(part + " " + done + "/" + total));
        assertThat(result.counts()).isEqualTo(new BackupCounts(1, 1, 1, 2, 0, 0, 3, 1));
        assertThat(progress).contains("notices 3/3", "webhook-endpoints 1/1");
        assertThat(Files.readString(result.manifest())).contains("\nnotices 3\n", "\nwebhook-endpoints 1\n");
        assertThat(new String(Files.readAllBytes(result.archive()), StandardCharsets.ISO_8859_1))
                .doesNotContain("ntc_", "whe_", "hooks.example.test", "acct-reader");
        assertThat(backups.verify(result.archive(), null, null).counts()).isEqualTo(result.counts());
        assertThat(ledger.events()).filteredOn(e -> e.action().equals("backup.created") && tenant.equals(e.tenant()))
                .singleElement().satisfies(e -> assertThat(e.reason()).contains("notices 3, webhook endpoints 1"));

        try (ConfigurableApplicationContext second = secondStore(prepareSecondStore(dir.resolve("other")))) {
            Backups restoring = second.getBean(Backups.class);
            // a notice, or an endpoint, of the tenant already there: refused, nothing changed
            insertNotice(second, tenant, "ntc_there-" + tenant.value(), t0, null, null);
            assertThatThrownBy(() -> restoring.restore(result.archive(), null, null, BackupProgress.NONE))
                    .isInstanceOf(BackupException.class).hasMessageContaining("restore into an empty store")
                    .hasMessageContaining("1 notices rows").hasMessageContaining("nothing was changed");
            assertThat(scopedCount(second, tenant, "notices")).isEqualTo(1);
            assertThat(scopedCount(second, tenant, "records")).isZero();
            assertThat(scopedCount(second, tenant, "tenant_keysets")).isZero();
            deleteAll(second, tenant, "notices");
            insertEndpoint(second, tenant, "whe_there-" + tenant.value(), new byte[] {1, 2, 3}, t0);
            assertThatThrownBy(() -> restoring.restore(result.archive(), null, null, BackupProgress.NONE))
                    .isInstanceOf(BackupException.class).hasMessageContaining("restore into an empty store")
                    .hasMessageContaining("1 notice_webhook_endpoints rows");
            assertThat(scopedCount(second, tenant, "notice_webhook_endpoints")).isEqualTo(1);
            assertThat(scopedCount(second, tenant, "notices")).isZero();
            assertThat(scopedCount(second, tenant, "records")).isZero();
            assertThat(scopedCount(second, tenant, "tenant_keysets")).isZero();
            deleteAll(second, tenant, "notice_webhook_endpoints");

            List<String> restoreProgress = new ArrayList<>();
            VerifiedArchive restored = restoring.restore(result.archive(), null, null,
                    (t, part, done, total) -> restoreProgress.add(part + " " + done + "/" + total));
            assertThat(restored.counts()).isEqualTo(result.counts());
            assertThat(restoreProgress).contains("notices 3/3", "webhook-endpoints 1/1");
            // the same notices, in the same order, with the same read state
            assertThat(notices(second, tenant)).isEqualTo(notices);
            List<EndpointRow> endpoints = endpoints(second, tenant);
            assertThat(endpoints).singleElement().satisfies(e -> {
                assertThat(e.id()).isEqualTo(endpoint);
                assertThat(e.url()).isEqualTo("https://hooks.example.test/custodia");
                assertThat(e.createdAt()).isEqualTo(t0);
                assertThat(e.createdBy()).isEqualTo("acct-admin-1");
                assertThat(e.secret()).isEqualTo(sealed);
            });
            // the sealed secret opens with the restored tenant's keys under the associated data the notices
            // module uses (tenant and endpoint id), and not as another endpoint's
            com.google.crypto.tink.Aead restoredAead = second.getBean(TenantKeysets.class).recordsAead(tenant);
            assertThat(restoredAead.decrypt(endpoints.get(0).secret(), webhookSecretAad(tenant, endpoint)))
                    .isEqualTo(secret);
            assertThatThrownBy(() -> restoredAead.decrypt(endpoints.get(0).secret(),
                    webhookSecretAad(tenant, "whe_other"))).isInstanceOf(GeneralSecurityException.class);
            assertThat(new String(second.getBean(Records.class).read(app, tenant, "customers", document).document(),
                    StandardCharsets.UTF_8)).contains("a@example.test");
        }
    }

    @Test
    void restoreWhenArchiveWrittenAsV1WithOlderManifestThenVerifiedAndRestored() throws Exception {
        TenantId tenant = newTenant();
        Caller app = member(tenant);
        String document = records.write(app, tenant, "customers", "c-1",
                "{\"email\":\"old@example.test\",\"plan\":\"free\"}".getBytes(StandardCharsets.UTF_8),
                Precondition.NONE).id();
        insertNotice(context, tenant, "ntc_v1-" + tenant.value(), clock.instant(), null, null);
        BackupResult v1 = OlderArchives.backupV1(backups, tenant, dir);
        BackupCounts counts = new BackupCounts(1, 1, 1, 2, 0, 0, 0, 0);
        assertThat(v1.counts()).isEqualTo(counts);
        // its manifest as the version before signed it: without the notices and webhook-endpoints counts
        StringBuilder older = new StringBuilder();
        for (String line : SignedNote.parseUnverified(Files.readAllBytes(v1.manifest())).text().split("\n")) {
            if (!line.startsWith("notices ") && !line.startsWith("webhook-endpoints ")) {
                older.append(line).append('\n');
            }
        }
        Path olderManifest = dir.resolve("older.manifest");
        Files.writeString(olderManifest, ledgerKeys.sign(older.toString()));
        assertThat(Files.readString(olderManifest)).doesNotContain("notices", "webhook-endpoints");

        assertThat(backups.verify(v1.archive(), olderManifest, null).counts()).isEqualTo(counts);
        assertThat(backups.verify(v1.archive(), v1.manifest(), null).counts()).isEqualTo(counts);

        try (ConfigurableApplicationContext second = secondStore(prepareSecondStore(dir.resolve("other")))) {
            VerifiedArchive restored = second.getBean(Backups.class).restore(v1.archive(), olderManifest, null,
                    BackupProgress.NONE);
            assertThat(restored.counts()).isEqualTo(counts);
            assertThat(new String(second.getBean(Records.class).read(app, tenant, "customers", document).document(),
                    StandardCharsets.UTF_8)).contains("old@example.test");
            assertThat(scopedCount(second, tenant, "notices")).isZero();
        }
    }

    @Test
    void verifyWhenTamperedOrForgedOrKeyDestroyedThenRefusedClearly() throws Exception {
        TenantId tenant = newTenant();
        records.write(member(tenant), tenant, "customers", "c-1",
                "{\"email\":\"a@example.test\",\"plan\":\"pro\"}".getBytes(StandardCharsets.UTF_8), Precondition.NONE);
        BackupResult result = backups.backup(tenant, dir, false, BackupProgress.NONE);

        // a byte flipped in the body, with the manifest re-signed by the ledger key over the new digests:
        // the digests agree, the authenticated decryption does not
        Path flipped = flipped(result, dir.resolve("flipped.cbk"));
        assertThatThrownBy(() -> backups.verify(flipped, result.manifest(), null))
                .isInstanceOf(BackupException.class).hasMessageContaining("SHA-256 differs");
        Path resigned = dir.resolve("flipped.manifest");
        Files.writeString(resigned, ledgerKeys.sign(redigested(result.manifest(), flipped)));
        assertThatThrownBy(() -> backups.verify(flipped, resigned, null))
                .isInstanceOf(BackupException.class).hasMessageContaining("encrypted body does not decrypt");

        // a manifest signed by another key (same name): refused
        NoteKeyPair other = Ed25519NoteSigner.generate(properties.origin(), new SecureRandom());
        String text = SignedNote.parseUnverified(Files.readAllBytes(result.manifest())).text();
        Path forged = dir.resolve("forged.manifest");
        Files.write(forged, SignedNote.sign(text, Ed25519NoteSigner.parse(other.privateKey())));
        assertThatThrownBy(() -> backups.verify(result.archive(), forged, null))
                .isInstanceOf(BackupException.class).hasMessageContaining("is not signed by the ledger key");
        assertThat(backups.verify(result.archive(), forged, other.verifierKey().encode()).tenant()).isEqualTo(tenant);

        // the tenant's key-encryption key destroyed: its backups are unreadable
        keks.destroyAllVersions(tenant);
        assertThatThrownBy(() -> backups.verify(result.archive(), null, null))
                .isInstanceOf(BackupException.class).hasMessageContaining("the archive cannot be read")
                .hasMessageContaining("key-encryption key is not available");
        assertThatThrownBy(() -> backups.restore(result.archive(), null, null, BackupProgress.NONE))
                .isInstanceOf(BackupException.class).hasMessageContaining("the archive cannot be read");
    }

    private TenantId newTenant() {
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        TenantId tenant = tenants.create(admin.caller(), new TenantContract("Records S.r.l.", "IT12345678901", "IT",
                "SaaS", List.of(), new TenantContract.Dpa("DPA-1", LocalDate.of(2026, 1, 1)), List.of(), "baseline",
                "eu-south-1", 90, 24, 14, new TenantContract.Contacts(CONTACT, CONTACT, CONTACT))).id();
        records.defineCollection(member(tenant), tenant, "customers", SCHEMA);
        return tenant;
    }

    /** A data directory for a second store: the same KMS keys and ledger key as this one. */
    private Path prepareSecondStore(Path other) throws Exception {
        Path kek = properties.dataDir().resolve("vault").resolve("kek");
        Files.createDirectories(other.resolve("vault"));
        copyTree(kek, other.resolve("vault").resolve("kek"));
        Files.copy(properties.dataDir().resolve("ledger-signing.key"), other.resolve("ledger-signing.key"));
        return other;
    }

    /** One notice as stored, without its {@code seq}. */
    private record NoticeRow(String id, String kind, String action, String requestId, String actor, String reason,
            String ledgerRequestId, Instant occurredAt, Instant createdAt, Instant readAt, String readBy) {
    }

    /** One webhook endpoint as stored. */
    private record EndpointRow(String id, String url, byte[] secret, Instant createdAt, String createdBy) {
    }

    /** Runs {@code work} in a transaction of {@code context}'s store, in {@code tenant}'s row scope. */
    private static <T> T inTenant(ApplicationContext context, TenantId tenant, Function<JdbcClient, T> work) {
        return context.getBean(TransactionTemplate.class).execute(status -> {
            context.getBean(TenantRowScope.class).enter(tenant);
            return work.apply(context.getBean(JdbcClient.class));
        });
    }

    private static void insertNotice(ApplicationContext context, TenantId tenant, String id, Instant at,
            Instant readAt, String readBy) {
        SqlInstants instants = context.getBean(SqlInstants.class);
        inTenant(context, tenant, jdbc -> jdbc.sql("INSERT INTO notices (id, tenant_id, kind, action, request_id,"
                + " actor, reason, ledger_request_id, occurred_at, created_at, read_at, read_by) VALUES (?, ?,"
                + " 'activated', 'elevation.activated', 'ar_1', 'staff-1', 'ticket OPS-1', ?, ?, ?, ?, ?)")
                .params(id, tenant.value(), "req-" + id, instants.bind(at), instants.bind(at.plusMillis(5)),
                        instants.bind(readAt), readBy).update());
    }

    private static void insertEndpoint(ApplicationContext context, TenantId tenant, String id, byte[] sealed,
            Instant at) {
        SqlInstants instants = context.getBean(SqlInstants.class);
        inTenant(context, tenant, jdbc -> jdbc.sql("INSERT INTO notice_webhook_endpoints (id, tenant_id, url,"
                + " secret, created_at, created_by) VALUES (?, ?, 'https://hooks.example.test/custodia', ?, ?,"
                + " 'acct-admin-1')").params(id, tenant.value(), sealed, instants.bind(at)).update());
    }

    private static List<NoticeRow> notices(ApplicationContext context, TenantId tenant) {
        SqlInstants instants = context.getBean(SqlInstants.class);
        return inTenant(context, tenant, jdbc -> jdbc.sql("SELECT * FROM notices WHERE tenant_id = ? ORDER BY seq")
                .param(tenant.value()).query((rs, n) -> new NoticeRow(rs.getString("id"), rs.getString("kind"),
                        rs.getString("action"), rs.getString("request_id"), rs.getString("actor"),
                        rs.getString("reason"), rs.getString("ledger_request_id"), instants.read(rs, "occurred_at"),
                        instants.read(rs, "created_at"), instants.read(rs, "read_at"), rs.getString("read_by")))
                .list());
    }

    private static List<EndpointRow> endpoints(ApplicationContext context, TenantId tenant) {
        SqlInstants instants = context.getBean(SqlInstants.class);
        return inTenant(context, tenant, jdbc -> jdbc.sql("SELECT * FROM notice_webhook_endpoints WHERE tenant_id = ?"
                + " ORDER BY id").param(tenant.value()).query((rs, n) -> new EndpointRow(rs.getString("id"),
                        rs.getString("url"), rs.getBytes("secret"), instants.read(rs, "created_at"),
                        rs.getString("created_by"))).list());
    }

    private static long scopedCount(ApplicationContext context, TenantId tenant, String table) {
        return inTenant(context, tenant, jdbc -> jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE tenant_id = ?")
                .param(tenant.value()).query(Long.class).single());
    }

    private static void deleteAll(ApplicationContext context, TenantId tenant, String table) {
        inTenant(context, tenant, jdbc -> jdbc.sql("DELETE FROM " + table + " WHERE tenant_id = ?")
                .param(tenant.value()).update());
    }

    /** The associated data the notices module seals a webhook secret under ({@code WebhookEndpoints}). */
    private static byte[] webhookSecretAad(TenantId tenant, String endpointId) {
        return ("custodia/notices/webhook-secret/" + tenant.value() + "/" + endpointId)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Caller member(TenantId tenant) {
        return new Caller("key-backup-test", Caller.KIND_API_KEY, Set.of(Roles.TENANT_MEMBER), tenant,
                List.of(Caller.KIND_API_KEY));
    }

    private void writeBlob(TenantId tenant, String blobId, byte[] bytes) throws Exception {
        Path file = blobFiles.file(tenant, blobId, 1);
        Files.createDirectories(file.getParent());
        StreamingAead aead = keysets.streamingAead(tenant);
        try (OutputStream out = aead.newEncryptingStream(Files.newOutputStream(file), blobAad(tenant, blobId))) {
            out.write(bytes);
        }
        tx.executeWithoutResult(status -> {
            scope.enter(tenant);
            jdbc.sql("INSERT INTO blobs (tenant_id, blob_id, version, size, sha256, content_type, created_at,"
                    + " updated_at) VALUES (?, ?, 1, ?, 'n/a', 'application/octet-stream', ?, ?)")
                    .params(tenant.value(), blobId, bytes.length, instants.bind(clock.instant()),
                            instants.bind(clock.instant())).update();
        });
    }

    private static byte[] readBlob(ConfigurableApplicationContext context, TenantId tenant, String blobId)
            throws Exception {
        StreamingAead aead = context.getBean(TenantKeysets.class).streamingAead(tenant);
        Path file = context.getBean(BlobFiles.class).file(tenant, blobId, 1);
        try (InputStream in = aead.newDecryptingStream(Files.newInputStream(file), blobAad(tenant, blobId))) {
            return in.readAllBytes();
        }
    }

    private static byte[] blobAad(TenantId tenant, String blobId) {
        return ("custodia/blobs/v1|" + tenant.value() + "|" + blobId + "|1").getBytes(StandardCharsets.UTF_8);
    }

    /** A copy of the archive with one byte of the body flipped. */
    private static Path flipped(BackupResult result, Path copy) throws Exception {
        Files.copy(result.archive(), copy);
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = channel.size() - 100;
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            channel.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x01)).rewind();
            channel.write(b, at);
        }
        return copy;
    }

    /** The manifest's text with the digests of {@code archive} (as someone holding the ledger key could sign). */
    private static String redigested(Path manifest, Path archive) throws Exception {
        byte[] bytes = Files.readAllBytes(archive);
        int bodyOffset = 8 + java.nio.ByteBuffer.wrap(bytes, 4, 4).getInt();
        java.security.MessageDigest whole = java.security.MessageDigest.getInstance("SHA-256");
        java.security.MessageDigest body = java.security.MessageDigest.getInstance("SHA-256");
        String wholeHex = java.util.HexFormat.of().formatHex(whole.digest(bytes));
        body.update(bytes, bodyOffset, bytes.length - bodyOffset);
        String bodyHex = java.util.HexFormat.of().formatHex(body.digest());
        StringBuilder text = new StringBuilder();
        for (String line : SignedNote.parseUnverified(Files.readAllBytes(manifest)).text().split("\n")) {
            text.append(line.startsWith("sha256 ") ? "sha256 " + wholeHex
                    : line.startsWith("body-sha256 ") ? "body-sha256 " + bodyHex : line).append('\n');
        }
        return text.toString();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Files.setPosixFilePermissions(to, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    private ConfigurableApplicationContext secondStore(Path dataDir) {
        List<String> args = new ArrayList<>(List.of("--custodia.data-dir=" + dataDir,
                "--custodia.origin=" + properties.origin()));
        if (TestDatabase.postgres()) {
            String database = TestDatabase.createPostgresDatabase();
            String base = System.getenv().getOrDefault("CUSTODIA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
            args.add("--custodia.db.url=" + (base.endsWith("/") ? base : base + "/") + database);
            args.add("--custodia.db.user=" + System.getenv().getOrDefault("CUSTODIA_TEST_PG_USER", "postgres"));
            args.add("--custodia.db.password=" + System.getenv().getOrDefault("CUSTODIA_TEST_PG_PASSWORD", ""));
            args.add("--custodia.db.max-pool-size=4");
        }
        return new SpringApplicationBuilder(CustodiaApplication.class).web(WebApplicationType.NONE)
                .run(args.toArray(String[]::new));
    }
}
