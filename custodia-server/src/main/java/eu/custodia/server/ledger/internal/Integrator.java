package eu.custodia.server.ledger.internal;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.checkpoint.Checkpoint;
import eu.custodia.tlog.checkpoint.SignedCheckpoint;
import eu.custodia.tlog.merkle.MerkleTree;
import eu.custodia.tlog.merkle.Rfc9162;
import eu.custodia.tlog.tiles.AppendResult;
import eu.custodia.tlog.tiles.TileHashReader;
import eu.custodia.tlog.tiles.TreeBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves pending events into their logs. For each log with pending events, in ONE transaction: take the
 * log's lock (PostgreSQL: {@code pg_try_advisory_xact_lock} on a key derived from the log id, so exactly one
 * node integrates a log at a time; SQLite: one process, a JVM lock), read up to {@code batchSize} pending
 * events in insertion order, resume a {@link TreeBuilder} from the stored tiles at the current size, append,
 * store the changed tiles and entry bundles, sign and store a checkpoint, advance the log head (only from
 * the size read, so a concurrent writer can never fork the log), and delete exactly the integrated rows.
 * A crash at any point leaves either the old state or the new one: no entry is lost or duplicated.
 *
 * <p>Runs every {@code custodia.ledger.integrate-interval-ms} (200 ms), so a checkpoint follows new data
 * well within a second. On PostgreSQL, different logs are integrated in parallel by up to
 * {@code custodia.ledger.integrator-threads} threads (default 2, at most half the connection pool); each
 * log is still integrated by one thread of one node at a time, under its own lock. SQLite has one writer,
 * so there one thread integrates the logs in turn.
 */
@Component
public final class Integrator {

    /** Default most events integrated per transaction. */
    public static final int DEFAULT_BATCH = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(Integrator.class);

    private final LedgerStore store;
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate tx;
    private final FileLedgerKeys keys;
    private final Clock clock;
    private final int batchSize;
    private final Map<String, ReentrantLock> jvmLocks = new ConcurrentHashMap<>();
    private final ExecutorService workers;

    public Integrator(LedgerStore store, JdbcTemplate batch, PlatformTransactionManager transactions,
            FileLedgerKeys keys, Clock clock, @Value("${custodia.ledger.batch-size:4096}") int batchSize,
            @Value("${custodia.ledger.integrator-threads:2}") int threads,
            @Value("${custodia.db.max-pool-size:20}") int poolSize) {
        if (batchSize < 1 || batchSize > 65_536) {
            throw new IllegalArgumentException("custodia.ledger.batch-size must be 1..65536");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("custodia.ledger.integrator-threads must be 1..64");
        }
        int parallel = store.postgres() ? Math.max(1, Math.min(threads, poolSize / 2)) : 1;
        AtomicInteger n = new AtomicInteger();
        this.workers = parallel == 1 ? null : Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "ledger-integrator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.store = store;
        this.jdbc = store.jdbc();
        this.batch = batch;
        this.tx = new TransactionTemplate(transactions);
        this.keys = keys;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /**
     * Integrates every log with pending events until none is left (or another node holds the log), the log
     * whose oldest pending event is oldest first: when a pass takes long (many busy logs), no log waits more
     * than about one pass for its checkpoint, whatever order the database would list the logs in.
     */
    @Scheduled(fixedDelayString = "${custodia.ledger.integrate-interval-ms:200}")
    public void integrateAll() {
        List<String> logIds = jdbc.sql("SELECT log_id FROM ledger_pending GROUP BY log_id ORDER BY min(id)")
                .query(String.class).list();
        if (workers == null || logIds.size() < 2) {
            logIds.forEach(this::integrateLog);
            return;
        }
        List<Future<?>> running = new ArrayList<>(logIds.size());
        for (String logId : logIds) {
            running.add(workers.submit(() -> integrateLog(logId)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                LOG.error("ledger integration task failed; its events stay pending and will be retried", e);
            }
        }
    }

    private void integrateLog(String logId) {
        LogRef log = LogRef.parseOrNull(logId, store.baseOrigin());
        if (log == null) {
            LOG.error("pending ledger events name an invalid log id; they stay pending");
            return;
        }
        try {
            while (integrate(log) == batchSize) {
                // a full batch: there may be more
            }
        } catch (RuntimeException e) {
            LOG.error("integrating log {} failed; its events stay pending and will be retried", logId, e);
        }
    }

    /** Stops the integration threads when the application shuts down. */
    @PreDestroy
    void stop() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    /**
     * Integrates one batch of {@code log}'s pending events; returns how many, 0 if none or if another
     * integrator holds the log.
     */
    public int integrate(LogRef log) {
        ReentrantLock jvm = null;
        if (!store.postgres()) {
            jvm = jvmLocks.computeIfAbsent(log.logId(), k -> new ReentrantLock());
            if (!jvm.tryLock()) {
                return 0;
            }
        }
        try {
            Integer n = tx.execute(status -> integrateInTransaction(log));
            return n == null ? 0 : n;
        } finally {
            if (jvm != null) {
                jvm.unlock();
            }
        }
    }

    private int integrateInTransaction(LogRef log) {
        if (store.postgres() && !jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(lockKey(log.logId()))
                .query(Boolean.class).single()) {
            return 0;
        }
        long size = jdbc.sql("SELECT size FROM ledger_logs WHERE log_id = ?").param(log.logId())
                .query(Long.class).optional().orElse(0L);
        List<Long> ids = new ArrayList<>();
        List<byte[]> entries = new ArrayList<>();
        jdbc.sql("SELECT id, entry FROM ledger_pending WHERE log_id = ? ORDER BY id LIMIT ?")
                .params(log.logId(), batchSize).query(rs -> {
                    ids.add(rs.getLong(1));
                    entries.add(rs.getBytes(2));
                });
        if (ids.isEmpty()) {
            return 0;
        }
        JdbcTileStore tiles = new JdbcTileStore(jdbc, log.logId());
        byte[] note;
        byte[] root;
        long newSize;
        try {
            TreeBuilder builder = size == 0 ? TreeBuilder.empty() : TreeBuilder.resume(tiles, size);
            AppendResult result = builder.append(entries);
            tiles.writeAll(result, batch);
            newSize = result.treeSize();
            root = MerkleTree.rootHash(new TileHashReader(tiles, newSize), newSize);
            note = SignedCheckpoint.sign(new Checkpoint(log.origin(), newSize, root), keys.signer());
        } catch (VerificationException | IOException e) {
            throw new IllegalStateException("log " + log.logId() + " cannot be extended from size " + size, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint for log " + log.logId(), e);
        }
        Object now = store.timestamp(clock.instant());
        jdbc.sql("INSERT INTO ledger_checkpoints (log_id, size, root, note, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(log.logId(), newSize, root, note, now).update();
        int advanced = size == 0
                ? jdbc.sql("INSERT INTO ledger_logs (log_id, origin, tenant_id, size, root, checkpoint, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                        .params(log.logId(), log.origin(), log.tenant() == null ? null : log.tenant().value(),
                                newSize, root, note, now).update()
                : jdbc.sql("UPDATE ledger_logs SET size = ?, root = ?, checkpoint = ?, updated_at = ?"
                        + " WHERE log_id = ? AND size = ?")
                        .params(newSize, root, note, now, log.logId(), size).update();
        if (advanced != 1) {
            throw new IllegalStateException("log " + log.logId() + " moved past size " + size + " concurrently");
        }
        int deleted = jdbc.sql("DELETE FROM ledger_pending WHERE id IN (:ids)").param("ids", ids).update();
        if (deleted != ids.size()) {
            throw new IllegalStateException("log " + log.logId() + ": " + (ids.size() - deleted)
                    + " pending events were integrated concurrently");
        }
        return ids.size();
    }

    /** The 64-bit advisory lock key of a log: the first 8 bytes of SHA-256("custodia.ledger/" + log id). */
    static long lockKey(String logId) {
        byte[] h = Rfc9162.newDigest().digest(("custodia.ledger/" + logId).getBytes(StandardCharsets.UTF_8));
        long key = 0;
        for (int i = 0; i < 8; i++) {
            key = (key << 8) | (h[i] & 0xFF);
        }
        return key;
    }
}
