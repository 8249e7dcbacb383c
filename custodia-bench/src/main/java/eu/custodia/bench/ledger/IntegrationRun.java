package eu.custodia.bench.ledger;

import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.tiles.EntryBundle;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Integration on PostgreSQL: {@code writers} threads make business writes as fast as they can, each a
 * short transaction that records {@link #EVENTS_PER_WRITE} events through {@link Ledger#record} into one of
 * {@code logs} tenant logs chosen at random, as every write through the decision point does (the access
 * decision, then the change), while the server's integrator runs as configured. A poller reads every log's published size every
 * {@link #POLL_MS} ms; after the run every log's entries are read back, so each event's position is known
 * and its commit-to-checkpoint latency is the time from its commit returning to the first poll that saw a
 * size covering it (an upper bound, by at most one poll interval and one poll query).
 */
final class IntegrationRun {

    static final int POLL_MS = 20;
    /** Events one business write records: its access decision and its change. */
    static final int EVENTS_PER_WRITE = 2;
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"b-(\\d+)-(\\d+)\"");
    private static final int SEQ_BITS = 40;

    /**
     * What the run measured.
     *
     * @param writers writer threads
     * @param logs tenant logs written to
     * @param warmupSeconds excluded start of the run
     * @param seconds the measured window
     * @param committed events committed in the window ({@link #EVENTS_PER_WRITE} per transaction)
     * @param integrated events integrated (published in a checkpoint) in the window
     * @param latencyMs commit-to-checkpoint latency of each write committed in the window (its events
     *     commit together and are integrated together), ms
     * @param uncovered events of the window never seen covered (counted as infinitely late)
     * @param drainSeconds how long after the writers stopped until nothing was pending
     * @param checkpoints checkpoints signed in the window
     * @param pollMs mean duration of one poll query, ms
     */
    record Result(int writers, int logs, double warmupSeconds, double seconds, long committed, long integrated,
            Percentiles latencyMs, long uncovered, double drainSeconds, long checkpoints, double pollMs) {

        double integratedPerSecond() {
            return integrated / seconds;
        }

        double committedPerSecond() {
            return committed / seconds;
        }

        double writesPerSecond() {
            return committed / seconds / EVENTS_PER_WRITE;
        }
    }

    private IntegrationRun() {
    }

    static Result run(BenchStore store, int writers, int logs, double warmupSeconds, double seconds,
            PrintStream log) throws Exception {
        return run(store, writers, logs, warmupSeconds, seconds, 0, log);
    }

    /**
     * Like {@link #run(BenchStore, int, int, double, double, PrintStream)}, with the writers together offering
     * {@code eventsPerSecond} events per second (each writer on its own even schedule, never catching up a
     * missed slot by bursting); 0: as fast as they can.
     */
    static Result run(BenchStore store, int writers, int logs, double warmupSeconds, double seconds,
            double eventsPerSecond, PrintStream log) throws Exception {
        if (!store.postgres()) {
            throw new IllegalArgumentException("the integration figure is measured on PostgreSQL");
        }
        log.printf(Locale.ROOT, "ledger: integration on %s: starting the application%n", store.kind());
        try (InProcessServer server = InProcessServer.start(store, true, Map.of())) {
            Ledger ledger = server.bean(Ledger.class);
            TransactionTemplate tx = new TransactionTemplate(server.bean(PlatformTransactionManager.class));
            DataSource dataSource = server.bean(DataSource.class);
            TenantId[] tenants = new TenantId[logs];
            for (int i = 0; i < logs; i++) {
                tenants[i] = TenantId.random();
            }

            Map<String, CoverageTimeline> timelines = new HashMap<>();
            List<long[]> totals = new ArrayList<>();
            AtomicBoolean polling = new AtomicBoolean(true);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long[] pollNanos = new long[2];
            Thread poller = new Thread(() -> {
                try (Connection c = dataSource.getConnection();
                        PreparedStatement q = c.prepareStatement("SELECT log_id, size FROM ledger_logs")) {
                    c.setAutoCommit(true);
                    while (polling.get()) {
                        long before = System.nanoTime();
                        long total = 0;
                        List<Object[]> rows = new ArrayList<>();
                        try (ResultSet rs = q.executeQuery()) {
                            while (rs.next()) {
                                rows.add(new Object[] {rs.getString(1), rs.getLong(2)});
                                total += rs.getLong(2);
                            }
                        }
                        long seen = System.nanoTime();
                        synchronized (timelines) {
                            for (Object[] row : rows) {
                                timelines.computeIfAbsent((String) row[0], k -> new CoverageTimeline())
                                        .observe((Long) row[1], seen);
                            }
                            totals.add(new long[] {seen, total});
                        }
                        pollNanos[0] += seen - before;
                        pollNanos[1]++;
                        long sleep = POLL_MS - (System.nanoTime() - before) / 1_000_000;
                        if (sleep > 0) {
                            Thread.sleep(sleep);
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "ledger-bench-poller");
            poller.start();

            log.printf(Locale.ROOT, "ledger: integration: %d writers into %d logs, %.0f s warm-up + %.0f s measured,"
                    + " %s%n", writers, logs, warmupSeconds, seconds, eventsPerSecond > 0
                            ? String.format(Locale.ROOT, "offering %.0f events/s", eventsPerSecond) : "as fast as they can");
            // Each writer's interval between writes when paced (0: none).
            long interval = eventsPerSecond > 0 ? (long) (1e9 * writers * EVENTS_PER_WRITE / eventsPerSecond) : 0;
            long start = System.nanoTime();
            long windowStart = start + (long) (warmupSeconds * 1e9);
            long windowEnd = windowStart + (long) (seconds * 1e9);
            long[][] commits = new long[writers][];
            int[] counts = new int[writers];
            Thread[] threads = new Thread[writers];
            SplittableRandom seeds = new SplittableRandom(20261123L);
            for (int w = 0; w < writers; w++) {
                int id = w;
                SplittableRandom random = seeds.split();
                threads[w] = new Thread(() -> {
                    long[] mine = new long[1 << 16];
                    int n = 0;
                    LedgerEvent.Actor actor = new LedgerEvent.Actor("bench-writer-" + id, "service", List.of(),
                            List.of(), null);
                    try {
                        long due = start + (interval == 0 ? 0 : random.nextLong(interval));
                        while (System.nanoTime() < windowEnd) {
                            if (interval > 0) {
                                long wait = due - System.nanoTime();
                                if (wait > 0) {
                                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                                }
                                due = Math.max(due + interval, System.nanoTime());
                            }
                            TenantId tenant = tenants[random.nextInt(tenants.length)];
                            String target = "tenant/" + tenant.value();
                            LedgerEvent decision = new LedgerEvent(Instant.now(), tenant, actor, "access.allowed",
                                    target, "success", "bench:write by rule bench: allowed", "d-" + id + "-" + n);
                            LedgerEvent change = new LedgerEvent(Instant.now(), tenant, actor,
                                    "bench.event-recorded", target, "success", null, "b-" + id + "-" + n);
                            tx.executeWithoutResult(s -> {
                                ledger.record(decision);
                                ledger.record(change);
                            });
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = System.nanoTime();
                        }
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                    commits[id] = mine;
                    counts[id] = n;
                }, "ledger-bench-writer-" + w);
                threads[w].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            long stopped = System.nanoTime();
            log.printf(Locale.ROOT, "ledger: integration: writers stopped; waiting for the integrator to catch up%n");
            long drainDeadline = stopped + 180_000_000_000L;
            long pending;
            try (Connection c = dataSource.getConnection();
                    PreparedStatement q = c.prepareStatement("SELECT count(*) FROM ledger_pending")) {
                while (true) {
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        pending = rs.getLong(1);
                    }
                    if (pending == 0 || System.nanoTime() > drainDeadline || failure.get() != null) {
                        break;
                    }
                    Thread.sleep(POLL_MS);
                }
            }
            double drainSeconds = (System.nanoTime() - stopped) / 1e9;
            Thread.sleep(3L * POLL_MS);
            polling.set(false);
            poller.join();
            if (failure.get() != null) {
                throw new IllegalStateException("the integration run failed: " + failure.get(), failure.get());
            }
            if (pending > 0) {
                log.printf(Locale.ROOT, "ledger: integration: %d events still pending after %.0f s%n", pending,
                        drainSeconds);
            }

            // Where each event ended up: log and index, from the entry bundles.
            Map<Long, long[]> positions = new HashMap<>();
            String[] logIds;
            synchronized (timelines) {
                logIds = timelines.keySet().toArray(String[]::new);
            }
            try (Connection c = dataSource.getConnection();
                    PreparedStatement q = c.prepareStatement("SELECT idx, width, data FROM ledger_tiles"
                            + " WHERE log_id = ? AND level = -1 ORDER BY idx, width")) {
                for (int l = 0; l < logIds.length; l++) {
                    q.setString(1, logIds[l]);
                    Map<Long, byte[]> bundles = new HashMap<>();
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            bundles.put(rs.getLong(1), rs.getBytes(3));
                        }
                    }
                    for (Map.Entry<Long, byte[]> b : bundles.entrySet()) {
                        List<byte[]> entries = decode(b.getValue());
                        for (int k = 0; k < entries.size(); k++) {
                            long key = eventKey(entries.get(k));
                            if (key >= 0) {
                                positions.put(key, new long[] {l, b.getKey() * 256 + k});
                            }
                        }
                    }
                }
            }

            long committed = 0;
            long uncovered = 0;
            List<Double> latencies = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                for (int s = 0; s < counts[w]; s++) {
                    long commit = commits[w][s];
                    if (commit < windowStart || commit > windowEnd) {
                        continue;
                    }
                    committed += EVENTS_PER_WRITE;
                    long[] at = positions.get(((long) w << SEQ_BITS) | s);
                    long covered = at == null ? Long.MAX_VALUE : timelines.get(logIds[(int) at[0]]).coveredAt(at[1]);
                    if (covered == Long.MAX_VALUE) {
                        uncovered++;
                        latencies.add(Double.POSITIVE_INFINITY);
                    } else {
                        latencies.add((covered - commit) / 1e6);
                    }
                }
            }
            long integrated = totalAt(totals, windowEnd) - totalAt(totals, windowStart);
            long checkpoints = countCheckpoints(dataSource, windowStart, windowEnd);
            double pollMs = pollNanos[1] == 0 ? 0 : pollNanos[0] / 1e6 / pollNanos[1];
            return new Result(writers, logs, warmupSeconds, seconds, committed, integrated,
                    Percentiles.of(latencies.stream().mapToDouble(Double::doubleValue).toArray()), uncovered,
                    drainSeconds, checkpoints, pollMs);
        }
    }

    /** Returns the events' total published size last seen at or before {@code nanos}. */
    static long totalAt(List<long[]> totals, long nanos) {
        long total = 0;
        for (long[] t : totals) {
            if (t[0] > nanos) {
                break;
            }
            total = t[1];
        }
        return total;
    }

    /** Returns the writer and sequence number an entry's request id names, packed in one long. */
    static long eventKey(byte[] entry) {
        Matcher m = REQUEST_ID.matcher(new String(entry, StandardCharsets.ISO_8859_1));
        if (!m.find()) {
            return -1;
        }
        return (Long.parseLong(m.group(1)) << SEQ_BITS) | Long.parseLong(m.group(2));
    }

    private static List<byte[]> decode(byte[] bundle) {
        try {
            return EntryBundle.decode(bundle);
        } catch (VerificationException e) {
            throw new IllegalStateException("an entry bundle does not decode", e);
        }
    }

    /** Counts the checkpoints signed in the window (by their creation time, mapped from wall clock). */
    private static long countCheckpoints(DataSource dataSource, long windowStart, long windowEnd)
            throws SQLException {
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        Instant from = Instant.ofEpochMilli(nowMillis - (nowNanos - windowStart) / 1_000_000);
        Instant to = Instant.ofEpochMilli(nowMillis - (nowNanos - windowEnd) / 1_000_000);
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "SELECT count(*) FROM ledger_checkpoints WHERE created_at >= ? AND created_at < ?")) {
            q.setObject(1, from.atOffset(java.time.ZoneOffset.UTC));
            q.setObject(2, to.atOffset(java.time.ZoneOffset.UTC));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
