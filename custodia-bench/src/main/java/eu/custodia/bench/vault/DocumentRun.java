package eu.custodia.bench.vault;

import eu.custodia.bench.ledger.BenchStore;
import eu.custodia.bench.ledger.InProcessServer;
import eu.custodia.bench.ledger.Percentiles;
import eu.custodia.server.records.Precondition;
import eu.custodia.server.records.Records;
import eu.custodia.server.records.StoredRecord;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What sealing costs a document: the latency of {@code Records.write} of a new 1 KiB JSON document followed by
 * {@code Records.read} of it, through the service layer on PostgreSQL, on a server whose records keysets are
 * real (AES-256-GCM), against the same calls on a second server in the same JVM, on the same database, whose
 * records AEAD passes the bytes through ({@link PassThroughKeysetsConfiguration}). The two take turns in blocks
 * of {@link #BLOCK} operations, in seeded random order; before every block the ledger's integrator (running in
 * the first server only) has integrated everything pending, so neither side pays for the other's ledger
 * integration.
 */
final class DocumentRun {

    static final int BLOCK = 20;

    /** What the run gave. */
    record Result(Percentiles encrypted, Percentiles plain, int warmupPerSide, double seconds) {
    }

    private DocumentRun() {
    }

    static Result run(BenchStore store, int warmupBlocks, int blocks, PrintStream log) throws Exception {
        long t0 = System.nanoTime();
        log.println("vault: document_write_read: starting the server with real keysets");
        try (InProcessServer real = InProcessServer.start(store, false, Map.of())) {
            VaultTenants admin = VaultTenants.on(real);
            VaultTenants.BenchTenant a = admin.create("Vault Bench Sealed S.r.l.");
            JdbcClient jdbc = real.bean(JdbcClient.class);
            log.println("vault: document_write_read: starting the server with a pass-through records cipher");
            try (InProcessServer plain = InProcessServer.start(store, false,
                    Map.of("custodia.ledger.integrate-interval-ms", "86400000"),
                    PassThroughKeysetsConfiguration.class)) {
                VaultTenants.BenchTenant b = admin.through(plain).create("Vault Bench Plain S.r.l.");
                Side sealed = new Side(real.bean(Records.class), a);
                Side open = new Side(plain.bean(Records.class), b);
                SplittableRandom random = new SplittableRandom(20261124L);
                List<Double> sealedMs = new ArrayList<>();
                List<Double> plainMs = new ArrayList<>();
                for (int round = 0; round < warmupBlocks + blocks; round++) {
                    boolean measured = round >= warmupBlocks;
                    boolean sealedFirst = random.nextBoolean();
                    for (int s = 0; s < 2; s++) {
                        boolean isSealed = (s == 0) == sealedFirst;
                        awaitNothingPending(jdbc);
                        Side side = isSealed ? sealed : open;
                        List<Double> sink = isSealed ? sealedMs : plainMs;
                        for (int i = 0; i < BLOCK; i++) {
                            double ms = side.writeRead();
                            if (measured) {
                                sink.add(ms);
                            }
                        }
                    }
                    if (round == warmupBlocks - 1) {
                        log.println("vault: document_write_read: warmed up, measuring");
                    }
                }
                awaitNothingPending(jdbc);
                return new Result(Percentiles.of(toArray(sealedMs)), Percentiles.of(toArray(plainMs)),
                        warmupBlocks * BLOCK, (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /** One server's tenant, writing new documents and reading each back. */
    private static final class Side {
        final Records records;
        final VaultTenants.BenchTenant tenant;
        long next;

        Side(Records records, VaultTenants.BenchTenant tenant) {
            this.records = records;
            this.tenant = tenant;
        }

        /** Writes a new document and reads it back; returns the latency of both in milliseconds. */
        double writeRead() {
            byte[] document = BenchDocuments.customer(next++, BenchDocuments.DOCUMENT_BYTES);
            long start = System.nanoTime();
            StoredRecord written = records.write(tenant.app(), tenant.id(), VaultTenants.COLLECTION, null, document,
                    Precondition.NONE);
            StoredRecord read = records.read(tenant.app(), tenant.id(), VaultTenants.COLLECTION, written.id());
            long nanos = System.nanoTime() - start;
            if (!Arrays.equals(read.document(), document)) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "record %s read back different bytes", written.id()));
            }
            return nanos / 1e6;
        }
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Waits until the integrator has integrated every pending ledger event. */
    private static void awaitNothingPending(JdbcClient jdbc) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (jdbc.sql("SELECT count(*) FROM ledger_pending").query(Long.class).single() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the integrator left ledger events pending for 60 s");
            }
            Thread.sleep(5);
        }
    }
}
