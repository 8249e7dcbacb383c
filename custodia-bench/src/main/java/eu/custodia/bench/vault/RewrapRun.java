package eu.custodia.bench.vault;

import eu.custodia.bench.ledger.BenchStore;
import eu.custodia.bench.ledger.InProcessServer;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.vault.KeyEncryptionKeys;
import eu.custodia.server.vault.TenantKeysets;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Re-wrapping every tenant's keysets under a new KEK version, as after a KEK rotation policy fires: many
 * tenants' keysets provisioned (untimed setup), then {@code TenantKeysets.rewrap} for each of them on a thread
 * pool, timed from the first call to the last return. The server runs on the local-file KMS (the default) and
 * PostgreSQL, with the ledger's integrator deferred so that it does not integrate the setup's events during the
 * timing (each re-wrap still records its event in its transaction).
 */
final class RewrapRun {

    /** What the run gave. */
    record Result(int tenants, int threads, double provisionSeconds, double rewrapSeconds, double kmsListingMs,
            double seconds) {
    }

    private RewrapRun() {
    }

    static Result run(BenchStore store, int tenants, int threads, PrintStream log) throws Exception {
        long t0 = System.nanoTime();
        log.println("vault: rewrap: starting the server");
        try (InProcessServer server = InProcessServer.start(store, false,
                Map.of("custodia.ledger.integrate-interval-ms", "86400000"))) {
            TenantKeysets keysets = server.bean(TenantKeysets.class);
            List<TenantId> ids = new ArrayList<>(tenants);
            for (int i = 0; i < tenants; i++) {
                ids.add(TenantId.random());
            }
            log.printf(Locale.ROOT, "vault: rewrap: provisioning %,d tenants' keysets on %d threads%n", tenants, threads);
            long p0 = System.nanoTime();
            forEach(ids, threads, t -> keysets.provision(VaultTenants.SYSTEM, t), "provisioned", log);
            double provisionSeconds = (System.nanoTime() - p0) / 1e9;
            log.printf(Locale.ROOT, "vault: rewrap: provisioned in %.1f s; re-wrapping%n", provisionSeconds);
            long r0 = System.nanoTime();
            forEach(ids, threads, t -> keysets.rewrap(VaultTenants.SYSTEM, t), "re-wrapped", log);
            double rewrapSeconds = (System.nanoTime() - r0) / 1e9;
            for (int i = 0; i < ids.size(); i += Math.max(1, ids.size() / 100)) {
                int version = keysets.kekVersion(ids.get(i));
                if (version != 2) {
                    throw new IllegalStateException("tenant " + ids.get(i) + " is at KEK version " + version
                            + " after re-wrapping, not 2");
                }
                keysets.recordsAead(ids.get(i));
            }
            // The local-file KMS finds a tenant's current KEK version by probing its key files (two per tenant
            // now) in every create and rotate: timed apart, read-only, one thread.
            KeyEncryptionKeys kms = server.bean(KeyEncryptionKeys.class);
            int samples = Math.min(200, ids.size());
            long k0 = System.nanoTime();
            for (int i = 0; i < samples; i++) {
                kms.currentVersion(ids.get(i));
            }
            double kmsListingMs = (System.nanoTime() - k0) / 1e6 / samples;
            return new Result(tenants, threads, provisionSeconds, rewrapSeconds, kmsListingMs,
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Runs {@code action} for every tenant on {@code threads} threads; rethrows the first failure. */
    private static void forEach(List<TenantId> ids, int threads, Consumer<TenantId> action, String done,
            PrintStream log) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger next = new AtomicInteger();
            AtomicInteger count = new AtomicInteger();
            int step = Math.max(1, ids.size() / 5);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < ids.size(); i = next.getAndIncrement()) {
                        action.accept(ids.get(i));
                        int c = count.incrementAndGet();
                        if (c % step == 0) {
                            log.printf(Locale.ROOT, "vault: rewrap: %,d of %,d %s%n", c, ids.size(), done);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
