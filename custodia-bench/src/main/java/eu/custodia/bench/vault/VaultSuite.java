package eu.custodia.bench.vault;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import eu.custodia.bench.Figure;
import eu.custodia.bench.RunContext;
import eu.custodia.bench.Suite;
import eu.custodia.bench.SuiteResult;
import eu.custodia.bench.ledger.BenchStore;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code vault} suite: what encryption costs the records service (a 1 KiB document written and read on
 * PostgreSQL, against a pass-through cipher), blob encryption throughput (Tink streaming AEAD against raw
 * AES-256-GCM), how soon a crypto-shredded tenant's records are unreadable, and how long re-wrapping many
 * tenants' keysets takes. Every PostgreSQL part runs on a fresh database, migrated by the user that created it
 * while the application connects as the non-owner role {@code custodia_app}, under row-level security.
 */
public final class VaultSuite implements Suite {

    static final String SUITE = "vault";
    /** Tenants of the full run's re-wrap figure and its target; the quick run scales the target. */
    static final int REWRAP_TENANTS_FULL = 10_000;
    static final double REWRAP_SECONDS_FULL = 30;

    @Override
    public String name() {
        return SUITE;
    }

    @Override
    public String summary() {
        return "Vault and records (custodia-server, in-process on PostgreSQL under row-level security): cost of "
                + "sealing a 1 KiB document write and read against a pass-through cipher, blob encryption "
                + "throughput against raw AES-256-GCM, time until a crypto-shredded tenant's records are "
                + "unreadable, time to re-wrap 10,000 tenants' keysets.";
    }

    /**
     * Sizes of one variant.
     *
     * @param docWarmupBlocks untimed blocks of write-and-read per side
     * @param docBlocks measured blocks per side
     * @param blobBytes bytes encrypted by each side of the throughput figure
     * @param blobRounds alternating rounds they are split into
     * @param shredRecords records of the large tenant
     * @param rewrapTenants tenants whose keysets are re-wrapped
     */
    record Plan(int docWarmupBlocks, int docBlocks, long blobBytes, int blobRounds, long shredRecords,
            int rewrapTenants) {

        /** The re-wrap target in seconds: 30 s for 10,000 tenants, scaled linearly to a smaller count. */
        double rewrapTargetSeconds() {
            return REWRAP_SECONDS_FULL * rewrapTenants / REWRAP_TENANTS_FULL;
        }
    }

    static Plan plan(boolean quick) {
        return quick ? new Plan(5, 15, 256L << 20, 16, 100_000, 1_000)
                : new Plan(10, 75, 1L << 30, 32, 1_000_000, REWRAP_TENANTS_FULL);
    }

    @Override
    public SuiteResult run(RunContext ctx) throws Exception {
        // The server prints to standard output; only figures may go there.
        PrintStream stdout = System.out;
        System.setOut(ctx.log());
        try {
            return measure(ctx, plan(ctx.quick()));
        } finally {
            System.setOut(stdout);
        }
    }

    private SuiteResult measure(RunContext ctx, Plan plan) throws Exception {
        List<Figure> figures = new ArrayList<>();
        List<String> details = new ArrayList<>();
        PrintStream log = ctx.log();
        int cores = Runtime.getRuntime().availableProcessors();

        // 1. A document written and read, sealed against passed through.
        DocumentRun.Result doc;
        try (BenchStore store = BenchStore.postgresqlAsApp()) {
            requireRowSecurity(store, log);
            doc = DocumentRun.run(store, plan.docWarmupBlocks(), plan.docBlocks(), log);
        }
        figures.add(Figure.relative(SUITE, "document_write_read", doc.encrypted().median(),
                "ms median (write + read, 1 KiB)", doc.plain().median(), "<=1.15"));
        details.add(String.format(Locale.ROOT, "document_write_read: %,d write-and-read pairs per side after %,d "
                        + "warm-up; AES-256-GCM p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, mean %.3f ms; pass-through "
                        + "p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, mean %.3f ms; p99 ratio %.3f; took %.0f s",
                doc.encrypted().count(), doc.warmupPerSide(), doc.encrypted().median(),
                doc.encrypted().percentile(90), doc.encrypted().percentile(99), doc.encrypted().mean(),
                doc.plain().median(), doc.plain().percentile(90), doc.plain().percentile(99), doc.plain().mean(),
                doc.encrypted().percentile(99) / doc.plain().percentile(99), doc.seconds()));
        log.println("vault: " + details.get(details.size() - 1));

        // 2. Blob encryption throughput, in memory, one thread.
        log.printf(Locale.ROOT, "vault: blob_encrypt_throughput: %d MiB per side in %d rounds%n",
                plan.blobBytes() >> 20, plan.blobRounds());
        BlobThroughputRun.Result blob = BlobThroughputRun.run(streamingAead(), plan.blobBytes(), plan.blobRounds());
        // The target is on the value, so the raw baseline goes in a figure of its own (a target applies to the
        // ratio of a figure that has a baseline).
        figures.add(Figure.absolute(SUITE, "blob_encrypt_throughput", blob.tinkMBps(), "MB/s (1 thread)", ">=300"));
        figures.add(Figure.relative(SUITE, "blob_encrypt_throughput_vs_raw_aes_gcm", blob.tinkMBps(),
                "MB/s (1 thread)", blob.rawMBps(), null));
        details.add(String.format(Locale.ROOT, "blob_encrypt_throughput: %d MiB per side in %d alternating rounds "
                        + "of %d MiB after %,d MiB of warm-up per side (%.1f s for both); Tink streaming median round "
                        + "%.1f MB/s (min %.1f, max %.1f; overall %.1f), raw AES-256-GCM median round %.1f MB/s (min "
                        + "%.1f, max %.1f; overall %.1f); ratio of medians %.3f", blob.bytesPerSide() >> 20,
                blob.tinkRounds().count(), (blob.bytesPerSide() / blob.tinkRounds().count()) >> 20,
                blob.warmupBytes() >> 20, blob.warmupSeconds(), blob.tinkMBps(), blob.tinkRounds().min(),
                blob.tinkRounds().max(), blob.tinkOverallMBps(), blob.rawMBps(), blob.rawRounds().min(),
                blob.rawRounds().max(), blob.rawOverallMBps(), blob.tinkMBps() / blob.rawMBps()));
        log.println("vault: " + details.get(details.size() - 1));

        // 3. Crypto-shredding a tenant with many records.
        ShredRun.Result shred;
        try (BenchStore store = BenchStore.postgresqlAsApp()) {
            shred = ShredRun.run(store, plan.shredRecords(), log);
        }
        figures.add(Figure.absolute(SUITE, "crypto_shred_unreadable", shred.shredMs(),
                String.format(Locale.ROOT, "ms (%,d records)", shred.records()), "<=1000"));
        figures.add(Figure.relative(SUITE, "crypto_shred_unreadable_vs_1k_records", shred.shredMs(),
                String.format(Locale.ROOT, "ms (%,d records; baseline %,d)", shred.records(), ShredRun.SMALL),
                shred.smallMs().median(), null));
        details.add(String.format(Locale.ROOT, "crypto_shred_unreadable: %,d records (%,d written through the "
                        + "service, the rest bulk-inserted in %.1f s): %.1f ms from cryptoShred to the refused read; "
                        + "tenants with %,d records: %.1f ms median of %d (min %.1f, max %.1f) after %d warm-up "
                        + "shreds; took %.0f s",
                shred.records(), ShredRun.WRITTEN, shred.insertSeconds(), shred.shredMs(), ShredRun.SMALL,
                shred.smallMs().median(), shred.smallMs().count(), shred.smallMs().min(), shred.smallMs().max(),
                ShredRun.SMALL_WARMUP, shred.seconds()));
        log.println("vault: " + details.get(details.size() - 1));

        // 4. Re-wrapping many tenants' keysets.
        RewrapRun.Result rewrap;
        try (BenchStore store = BenchStore.postgresqlAsApp()) {
            // Re-wrapping waits mostly on the disk (a key file and a transaction per tenant, each forced to disk):
            // four threads per core keep the cores busy while others wait.
            rewrap = RewrapRun.run(store, plan.rewrapTenants(), 4 * cores, log);
        }
        String target = "<=" + trim(plan.rewrapTargetSeconds());
        figures.add(Figure.absolute(SUITE, "rewrap_" + (plan.rewrapTenants() / 1000) + "k_keysets",
                rewrap.rewrapSeconds(), String.format(Locale.ROOT, "s (%,d tenants, %d threads)", rewrap.tenants(),
                        rewrap.threads()), target));
        details.add(String.format(Locale.ROOT, "rewrap: %,d tenants (3 keysets each) on %d threads: %.1f s "
                        + "(%.0f tenants/s, %.2f ms per tenant per thread); provisioning them (untimed setup) took "
                        + "%.1f s; afterwards one `KeyEncryptionKeys.currentVersion` of the local-file KMS (probing "
                        + "the tenant's key files, %,d files in the directory; once in every rotate) took %.2f ms; "
                        + "took %.0f s",
                rewrap.tenants(), rewrap.threads(), rewrap.rewrapSeconds(), rewrap.tenants() / rewrap.rewrapSeconds(),
                rewrap.rewrapSeconds() * 1000 * rewrap.threads() / rewrap.tenants(), rewrap.provisionSeconds(),
                2 * rewrap.tenants(), rewrap.kmsListingMs(), rewrap.seconds()));
        log.println("vault: " + details.get(details.size() - 1));

        return new SuiteResult(figures, details, explanation(plan));
    }

    /**
     * Checks that the application's role is subject to row-level security: no superuser, no {@code BYPASSRLS}
     * (a role of that name made elsewhere could be either).
     */
    private static void requireRowSecurity(BenchStore store, PrintStream log) throws SQLException {
        try (Connection c = store.connectAsApplication("");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_user, rolsuper, rolbypassrls FROM pg_roles"
                        + " WHERE rolname = current_user")) {
            if (!rs.next() || rs.getBoolean(2) || rs.getBoolean(3)) {
                throw new IllegalStateException("the application's PostgreSQL role " + BenchStore.appUser()
                        + " is a superuser or has BYPASSRLS: row-level security would not apply to it");
            }
            log.println("vault: the application connects as " + rs.getString(1)
                    + " (no superuser, no BYPASSRLS): row-level security applies");
        }
    }

    /** A Tink streaming AEAD with the parameters of every tenant's streaming keyset. */
    static StreamingAead streamingAead() throws Exception {
        StreamingAeadConfig.register();
        return KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB)
                        .withRandomId().makePrimary())
                .build().getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
    }

    private static String trim(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }

    private static String explanation(Plan plan) {
        return String.format(Locale.ROOT, """
                ### What the `vault` figures measure

                Every PostgreSQL part runs in-process (no web server) on a fresh database on `127.0.0.1:5432`, \
                created and migrated by `postgres` (`custodia.db.migration-user`) while the application connects \
                as the role `custodia_app` (no superuser, no `BYPASSRLS`, owns nothing; created when missing), \
                as in production: every statement runs under the row-level security policies of migration \
                `V54`. The KMS is the default local-file one, in a temporary data directory.

                - **`document_write_read`**: latency of `Records.write` of a new 1 KiB JSON document (a customer \
                record padded to 1,024 bytes; a collection without indexed or data-subject fields, so the write is \
                the sealed document and its ledger events) followed by `Records.read` of it, through the service \
                layer as a tenant-member API key's caller, one pair at a time. **Baseline**: the same calls on a \
                second application in the same JVM, on the same database (another tenant), whose \
                `TenantKeysets` is a primary bean that returns a pass-through AEAD for records \
                (`0x01 || key id || plaintext`, benchmark only) after the same keyset lookup, and delegates \
                everything else. The two take turns in blocks of %d pairs, in seeded random order, %d warm-up \
                blocks each, then %d measured blocks each (%d and %d with `--quick`); before each block the \
                ledger's integrator (in the first application) has integrated everything pending. Ratio = \
                sealed / pass-through medians; target `<=1.15`. The p99s are in the raw measurements.
                - **`blob_encrypt_throughput`**: Tink streaming AES-256-GCM-HKDF with 1 MB segments (a keyset \
                made from `PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB`, the parameters of every \
                tenant's streaming keyset), encrypting %,d MiB (%d MiB with `--quick`) as %d streams of %d MiB \
                (%d of %d MiB), written in 1 MiB pieces from 16 MiB of random bytes in memory into a sink that \
                discards the output, on one thread; value: the median stream's rate in MB/s (10^6 bytes of \
                plaintext per second; the overall rate is in the raw measurements: at a few GB/s a stream takes \
                milliseconds, and the median keeps a stream that another process interrupted from deciding the \
                figure). **Baseline**: raw AES-256-GCM from the JCE \
                (`AES/GCM/NoPadding`) over the same bytes in 1 MiB chunks, each with a fresh random 12-byte IV \
                (benchmark only), in rounds of the same size. The two alternate, after an untimed warm-up in alternating 16 MiB \
                rounds of at least %,d MiB each, continued by 128 MiB windows while either side still ran more \
                than 15 %% faster than in its window before (at most 6 GiB): on JDK 17 the JCE's AES-GCM, which Tink's segments use too, runs a \
                1 MiB `doFinal` some 40 times slower until the JIT has compiled its bulk path, which takes several \
                hundred such calls (a server encrypting blobs all day is past that point). Target \
                on the value (Tink's MB/s): `>=300`. **`blob_encrypt_throughput_vs_raw_aes_gcm`** is the same \
                value against the raw baseline; its ratio shows what the streaming construction costs over bare \
                AES-GCM and has no target.
                - **`crypto_shred_unreadable`**: a tenant holding %,d records (%,d with `--quick`): %d written \
                through `Records.write`, the others inserted in bulk as `custodia_app` in transactions scoped to \
                the tenant (`set_config('custodia.tenant_id', …)`), 100,000 rows per `INSERT … SELECT … FROM \
                generate_series` (then, as the owner, `VACUUM ANALYZE records` and `CHECKPOINT`, so that the \
                insert's background work does not run during the timing), each row carrying the same 1 KiB document sealed by the tenant's records AEAD \
                for the first of them (so that one opens, and the rows have a real ciphertext's size); the \
                written records and the first bulk one are read back before shredding. Value: milliseconds from \
                calling `TenantKeysets.cryptoShred` (as the crypto-shred endpoint does after its checks: KEK \
                versions destroyed, keysets deleted, tenant marked shredded) until a `Records.read` of that \
                record is refused with `TenantShreddedException` (the API's 410 `tenant-shredded`); target \
                `<=1000`. **`crypto_shred_unreadable_vs_1k_records`** repeats it against the median of %d \
                tenants holding %,d records each (after %d warm-up shreds), in the same run: the ratio shows \
                whether the time grows with the data; it has no target.
                - **`rewrap_10k_keysets`** (`rewrap_1k_keysets` with `--quick`): %,d tenants (%,d with \
                `--quick`) with their three keysets provisioned (untimed setup, `TenantKeysets.provision` on \
                a thread pool), then `TenantKeysets.rewrap` of each (a new KEK version in the KMS, the three \
                keysets unwrapped and wrapped again under it, ledgered) on a pool of four threads per core \
                (the work waits mostly on forced writes); value: seconds from the first call to the last return; target `<=30` \
                (scaled linearly to `<=%s` for the quick run's %,d tenants). The ledger's integrator is deferred \
                in this application, so it does not integrate the setup's events during the timing. With the \
                local-file KMS every `rotate` first finds the tenant's current KEK version by probing that \
                tenant's key files one version after the other (it listed the whole key directory under a lock \
                before, which grew with the number of tenants and took most of the time); the raw measurements \
                give one lookup's time at the end of the run.
                """, DocumentRun.BLOCK, plan(false).docWarmupBlocks(), plan(false).docBlocks(),
                plan(true).docWarmupBlocks(), plan(true).docBlocks(), plan(false).blobBytes() >> 20,
                plan(true).blobBytes() >> 20, plan(false).blobRounds(),
                (plan(false).blobBytes() / plan(false).blobRounds()) >> 20, plan(true).blobRounds(),
                (plan(true).blobBytes() / plan(true).blobRounds()) >> 20, BlobThroughputRun.WARMUP_MIN_BYTES >> 20,
                plan(false).shredRecords(), plan(true).shredRecords(),
                ShredRun.WRITTEN, ShredRun.SMALL_MEASURED, ShredRun.SMALL, ShredRun.SMALL_WARMUP,
                plan(false).rewrapTenants(), plan(true).rewrapTenants(), trim(plan(true).rewrapTargetSeconds()),
                plan(true).rewrapTenants());
    }
}
