package eu.custodia.server.ledger;

import eu.custodia.server.platform.LedgerEvent;

import eu.custodia.server.platform.TenantId;
import eu.custodia.tlog.tiles.TileId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Helpers for the ledger's full-stack tests. */
final class LedgerTestSupport {

    private LedgerTestSupport() {
    }

    static LedgerEvent event(TenantId tenant, String requestId) {
        return new LedgerEvent(Instant.now(), tenant, new LedgerEvent.Actor("key-test", "api-key",
                List.of("tenant-admin"), List.of("api-key"), null), "tenant.updated",
                tenant == null ? "platform" : "tenant/" + tenant.value(), "success", null, requestId);
    }

    /** The log's current size, 0 before its first checkpoint. */
    static long size(JdbcClient jdbc, String logId) {
        return jdbc.sql("SELECT size FROM ledger_logs WHERE log_id = ?").param(logId).query(Long.class).optional()
                .orElse(0L);
    }

    /** Waits until the log reaches {@code size}; returns how long it took. */
    static Duration awaitSize(JdbcClient jdbc, String logId, long size, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        while (size(jdbc, logId) < size) {
            if (System.nanoTime() - start > timeout.toNanos()) {
                throw new AssertionError("log " + logId + " did not reach size " + size + " within " + timeout
                        + " (size " + size(jdbc, logId) + ")");
            }
            Thread.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static byte[] checkpoint(JdbcClient jdbc, String logId) {
        return jdbc.sql("SELECT checkpoint FROM ledger_logs WHERE log_id = ?").param(logId)
                .query((rs, n) -> rs.getBytes(1)).single();
    }

    /** Writes the log's checkpoint, tiles and entry bundles as a static tlog-tiles directory. */
    static void export(JdbcClient jdbc, String logId, Path dir) throws IOException {
        Files.write(dir.resolve("checkpoint"), checkpoint(jdbc, logId));
        jdbc.sql("SELECT level, idx, width, data FROM ledger_tiles WHERE log_id = ?").param(logId).query(rs -> {
            TileId id = new TileId(rs.getInt(1), rs.getLong(2), rs.getInt(3));
            Path file = dir.resolve(id.path());
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, rs.getBytes(4));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Runs {@code custodia-verify log DIR --key VKEY}; returns the exit code and output. */
    static Verified verify(Path dir, String verifierKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = new eu.custodia.tlog.verify.VerifyCommand(java.util.Map.of(), o, e)
                    .run(List.of("log", dir.toString(), "--key", verifierKey));
        }
        return new Verified(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    record Verified(int code, String output) {
    }

    static Optional<Long> pending(JdbcClient jdbc) {
        return jdbc.sql("SELECT count(*) FROM ledger_pending").query(Long.class).optional();
    }
}
