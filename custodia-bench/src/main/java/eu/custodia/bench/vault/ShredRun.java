package eu.custodia.bench.vault;

import com.google.crypto.tink.Aead;
import eu.custodia.bench.ledger.BenchStore;
import eu.custodia.bench.ledger.InProcessServer;
import eu.custodia.bench.ledger.Percentiles;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.records.Precondition;
import eu.custodia.server.records.Records;
import eu.custodia.server.vault.TenantKeysets;
import eu.custodia.server.vault.TenantShreddedException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How soon a crypto-shredded tenant's records are unreadable: a tenant holding many records, then
 * {@code TenantKeysets.cryptoShred} timed until a {@code Records.read} of one of its records is refused
 * ({@link TenantShreddedException}, the 410 {@code tenant-shredded} of the API). The same on tenants holding
 * {@value #SMALL} records is the baseline: shredding deletes the keys, never the records, so it should not
 * depend on how many there are.
 */
final class ShredRun {

    static final int SMALL = 1_000;
    static final int SMALL_WARMUP = 2;
    static final int SMALL_MEASURED = 3;
    /** Documents of each tenant written through {@code Records.write}; the rest are bulk-inserted. */
    static final int WRITTEN = 10;
    static final int INSERT_CHUNK = 100_000;

    /** What the run gave. */
    record Result(long records, double shredMs, Percentiles smallMs, double insertSeconds, double seconds) {
    }

    private ShredRun() {
    }

    static Result run(BenchStore store, long records, PrintStream log) throws Exception {
        long t0 = System.nanoTime();
        log.println("vault: crypto_shred_unreadable: starting the server");
        try (InProcessServer server = InProcessServer.start(store, false, Map.of())) {
            VaultTenants tenants = VaultTenants.on(server);
            Records recordsApi = server.bean(Records.class);
            TenantKeysets keysets = server.bean(TenantKeysets.class);
            List<Double> small = new ArrayList<>();
            for (int i = 0; i < SMALL_WARMUP + SMALL_MEASURED; i++) {
                VaultTenants.BenchTenant t = tenants.create("Vault Bench Small " + i + " S.r.l.");
                fill(store, recordsApi, keysets, t, SMALL);
                double ms = shredUntilRefused(recordsApi, keysets, t);
                log.printf(Locale.ROOT, "vault: crypto_shred_unreadable: tenant with %,d records: %.1f ms%s%n", SMALL,
                        ms, i < SMALL_WARMUP ? " (warm-up)" : "");
                if (i >= SMALL_WARMUP) {
                    small.add(ms);
                }
            }
            VaultTenants.BenchTenant big = tenants.create("Vault Bench Large S.r.l.");
            log.printf(Locale.ROOT, "vault: crypto_shred_unreadable: inserting %,d records%n", records);
            long i0 = System.nanoTime();
            fill(store, recordsApi, keysets, big, records);
            double insertSeconds = (System.nanoTime() - i0) / 1e9;
            log.printf(Locale.ROOT, "vault: crypto_shred_unreadable: inserted in %.1f s; shredding%n", insertSeconds);
            double bigMs = shredUntilRefused(recordsApi, keysets, big);
            log.printf(Locale.ROOT, "vault: crypto_shred_unreadable: tenant with %,d records: %.1f ms%n", records, bigMs);
            return new Result(records, bigMs, Percentiles.of(small.stream().mapToDouble(Double::doubleValue).toArray()),
                    insertSeconds, (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Gives the tenant {@code count} records: {@value #WRITTEN} written through the service, the others inserted
     * in bulk (as the application's role, in transactions scoped to the tenant) with the ciphertext of one
     * 1 KiB document sealed by the tenant's records AEAD for the first of them; then checks that a written one
     * and that first bulk one open.
     */
    private static void fill(BenchStore store, Records records, TenantKeysets keysets, VaultTenants.BenchTenant t,
            long count) throws SQLException {
        String firstWritten = null;
        for (int i = 0; i < WRITTEN; i++) {
            String id = records.write(t.app(), t.id(), VaultTenants.COLLECTION, null,
                    BenchDocuments.customer(i, BenchDocuments.DOCUMENT_BYTES), Precondition.NONE).id();
            firstWritten = firstWritten == null ? id : firstWritten;
        }
        long bulk = count - WRITTEN;
        byte[] document = BenchDocuments.customer(WRITTEN, BenchDocuments.DOCUMENT_BYTES);
        byte[] sealed = seal(keysets.recordsAead(t.id()), document, documentAad(t.id(), fillerId(1), 1));
        long keyId = ((sealed[1] & 0xffL) << 24) | ((sealed[2] & 0xffL) << 16) | ((sealed[3] & 0xffL) << 8)
                | (sealed[4] & 0xffL);
        try (Connection c = store.connectAsApplication("")) {
            c.setAutoCommit(false);
            for (long from = 1; from <= bulk; from += INSERT_CHUNK) {
                long to = Math.min(bulk, from + INSERT_CHUNK - 1);
                try (PreparedStatement scope = c.prepareStatement("SELECT set_config('custodia.tenant_id', ?, true)");
                        PreparedStatement insert = c.prepareStatement("INSERT INTO records (tenant_id, collection,"
                                + " record_id, version, key_id, ciphertext, subject_token, created_at, updated_at)"
                                + " SELECT ?, ?, 'f-' || lpad(g::text, 9, '0'), 1, ?, ?, NULL, now(), now()"
                                + " FROM generate_series(?::bigint, ?::bigint) g")) {
                    scope.setString(1, t.id().value());
                    scope.executeQuery().close();
                    insert.setString(1, t.id().value());
                    insert.setString(2, VaultTenants.COLLECTION);
                    insert.setLong(3, keyId);
                    insert.setBytes(4, sealed);
                    insert.setLong(5, from);
                    insert.setLong(6, to);
                    insert.executeUpdate();
                }
                c.commit();
            }
        }
        // What the insert left to do in the background (autovacuum and analyze of the new rows, a checkpoint of
        // its WAL) is done now, so that it does not run during the timing.
        try (Connection owner = store.connectAsOwner(); Statement s = owner.createStatement()) {
            s.execute("VACUUM ANALYZE records");
            s.execute("CHECKPOINT");
        }
        if (!Arrays.equals(records.read(t.app(), t.id(), VaultTenants.COLLECTION, fillerId(1)).document(), document)
                || records.read(t.app(), t.id(), VaultTenants.COLLECTION, firstWritten).document().length
                        != BenchDocuments.DOCUMENT_BYTES) {
            throw new IllegalStateException("tenant " + t.id() + "'s records did not read back");
        }
    }

    /**
     * Crypto-shreds the tenant and reads one of its records until the read is refused; returns the time from
     * calling {@code cryptoShred} to the refusal, in milliseconds.
     */
    private static double shredUntilRefused(Records records, TenantKeysets keysets, VaultTenants.BenchTenant t) {
        String probe = fillerId(1);
        long start = System.nanoTime();
        keysets.cryptoShred(VaultTenants.SYSTEM, t.id());
        long deadline = start + 30_000_000_000L;
        while (true) {
            try {
                records.read(t.app(), t.id(), VaultTenants.COLLECTION, probe);
            } catch (TenantShreddedException refused) {
                return (System.nanoTime() - start) / 1e6;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("tenant " + t.id() + " still served record " + probe + " 30 s after "
                        + "crypto-shredding");
            }
        }
    }

    static String fillerId(long n) {
        return String.format(Locale.ROOT, "f-%09d", n);
    }

    /** The associated data the records service seals a document under (see {@code RecordSealing}). */
    static byte[] documentAad(TenantId tenant, String id, long version) {
        return ("custodia/records/v1|" + tenant.value() + "|" + VaultTenants.COLLECTION + "|" + id + "|" + version)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] seal(Aead aead, byte[] plaintext, byte[] aad) {
        try {
            return aead.encrypt(plaintext, aad);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a document", e);
        }
    }
}
