package eu.custodia.server.records.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.prf.PrfSet;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.records.CollectionSchema;
import eu.custodia.server.vault.TenantKeysets;
import jakarta.annotation.PreDestroy;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Background re-encryption of a tenant's records after a keyset rotation: each document sealed under an older
 * key is opened and sealed again under the current primary (same version, same associated data, so ETags do
 * not change), and every document's blind-index entries and subject token are computed again under the current
 * PRF key. Work goes in batches, one transaction each, that also advance the job's cursor and counts in table
 * {@code reencryption_jobs}: a crash loses at most one batch, and the job resumes from its cursor when the
 * server starts again or when it is started again. Started, completed and failed jobs are ledgered in the
 * tenant's log; progress is read with {@link #status}.
 */
@Component
final class Reencryption {

    /** A job's state as the API shows it. */
    record Job(String tenant, String state, long done, long total, int percent, Instant startedAt,
            Instant updatedAt, String error) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Reencryption.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TenantRowScope scope;
    private final TenantKeysets keysets;
    private final RecordsGate gate;
    private final JdbcRecords records;
    private final Clock clock;
    private final SqlInstants instants;
    private final int batch;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "custodia-reencryption");
        t.setDaemon(true);
        return t;
    });

    Reencryption(JdbcClient jdbc, TransactionTemplate tx, TenantRowScope scope, TenantKeysets keysets, RecordsGate gate,
            JdbcRecords records, Clock clock, SqlInstants instants, eu.custodia.server.records.RecordsProperties properties) {
        this.batch = properties.reencryptionBatch();
        this.jdbc = jdbc;
        this.tx = tx;
        this.scope = scope;
        this.keysets = keysets;
        this.gate = gate;
        this.records = records;
        this.clock = clock;
        this.instants = instants;
    }

    /**
     * Starts re-encrypting the tenant's records, or resumes a job that failed or was interrupted (from its
     * cursor); a completed job starts over. Returns at once; the work goes on in the background.
     */
    Job start(Caller caller, TenantId tenant) {
        gate.authorize(caller, Permission.KEYS_ROTATE, tenant);
        Job job = scope.inTransaction(tx, tenant, status -> {
            Optional<Job> current = find(tenant);
            Instant now = clock.instant();
            long total = jdbc.sql("SELECT COUNT(*) FROM records WHERE tenant_id = ?").param(tenant.value())
                    .query(Long.class).single();
            if (current.isEmpty()) {
                jdbc.sql("INSERT INTO reencryption_jobs (tenant_id, state, done, total, started_at, updated_at)"
                        + " VALUES (?, 'running', 0, ?, ?, ?)")
                        .params(tenant.value(), total, instants.bind(now), instants.bind(now)).update();
            } else if (current.get().state().equals("completed")) {
                jdbc.sql("UPDATE reencryption_jobs SET state = 'running', cursor_collection = NULL, cursor_record = NULL,"
                        + " done = 0, total = ?, error = NULL, started_at = ?, updated_at = ? WHERE tenant_id = ?")
                        .params(total, instants.bind(now), instants.bind(now), tenant.value()).update();
            } else {
                jdbc.sql("UPDATE reencryption_jobs SET state = 'running', total = ?, error = NULL, updated_at = ?"
                        + " WHERE tenant_id = ?").params(total, instants.bind(now), tenant.value()).update();
            }
            gate.record(caller, tenant, "vault.reencryption-started", "tenant/" + tenant.value() + "/records",
                    "success", current.filter(j -> !j.state().equals("completed"))
                            .map(j -> "resumed at " + j.done() + " of " + total + " records")
                            .orElse(total + " records"));
            return find(tenant).orElseThrow();
        });
        worker.execute(() -> run(tenant));
        return job;
    }

    /** The tenant's re-encryption job, if it ever had one. */
    Job status(Caller caller, TenantId tenant) {
        gate.authorize(caller, Permission.KEYS_ROTATE, tenant);
        return scope.inTransaction(tx, tenant, status -> {
            return find(tenant);
        }).orElseThrow(() -> BilingualProblem.of(ProblemType.NOT_FOUND, "Tenant " + tenant + " has no re-encryption "
                + "job; start one with POST.", "Il tenant " + tenant + " non ha un lavoro di ricifratura; avviarlo "
                + "con POST."));
    }

    /** Resumes, after a restart, every job that was running when the server stopped. */
    @EventListener(ApplicationReadyEvent.class)
    void resumeInterrupted() {
        List<String> running = jdbc.sql("SELECT tenant_id FROM reencryption_jobs WHERE state = 'running'")
                .query(String.class).list();
        for (String tenant : running) {
            worker.execute(() -> run(new TenantId(tenant)));
        }
    }

    /** Runs the tenant's job to its end (or its failure), one batch per transaction. */
    void run(TenantId tenant) {
        try {
            Aead aead = keysets.recordsAead(tenant);
            PrfSet prf = keysets.blindIndexPrf(tenant);
            long primary = RecordSealing.keyId(aead.encrypt(new byte[0], new byte[0]));
            while (Boolean.TRUE.equals(
                    scope.inTransaction(tx, tenant, status -> batch(tenant, aead, prf, primary)))) {
                // next batch
            }
        } catch (RuntimeException | GeneralSecurityException e) {
            LOG.warn("re-encryption of tenant {} failed: {}", tenant, e.getMessage());
            String error = e instanceof JdbcRecords.IntegrityFailure f ? "record " + f.recordId
                    + " failed its integrity check" : "the tenant's keys or store could not be used ("
                    + e.getClass().getSimpleName() + ")";
            scope.inTransactionWithoutResult(tx, tenant, status -> {
                jdbc.sql("UPDATE reencryption_jobs SET state = 'failed', error = ?, updated_at = ? WHERE tenant_id = ?")
                        .params(error, instants.bind(clock.instant()), tenant.value()).update();
                gate.record(Caller.SYSTEM, tenant, "vault.reencryption-failed", "tenant/" + tenant.value() + "/records",
                        "failure", error);
            });
        }
    }

    /** One batch, in a transaction scoped to the tenant; true when there may be more. */
    private boolean batch(TenantId tenant, Aead aead, PrfSet prf, long primary) {
        Map<String, Object> job = jdbc.sql("SELECT state, cursor_collection, cursor_record, done FROM reencryption_jobs"
                + " WHERE tenant_id = ?" + (instants.postgres() ? " FOR UPDATE" : "")).param(tenant.value())
                .query().singleRow();
        if (!"running".equals(job.get("state"))) {
            return false;
        }
        String afterCollection = job.get("cursor_collection") == null ? "" : (String) job.get("cursor_collection");
        String afterRecord = job.get("cursor_record") == null ? "" : (String) job.get("cursor_record");
        List<JdbcRecords.Row> rows = jdbc.sql("SELECT collection, record_id, version, key_id, ciphertext, created_at,"
                + " updated_at FROM records WHERE tenant_id = ? AND (collection > ? OR (collection = ? AND record_id > ?))"
                + " ORDER BY collection, record_id LIMIT ?")
                .params(tenant.value(), afterCollection, afterCollection, afterRecord, batch)
                .query((rs, n) -> new JdbcRecords.Row(rs.getString("collection") + "\u0000" + rs.getString("record_id"),
                        rs.getLong("version"), rs.getLong("key_id"), rs.getBytes("ciphertext"),
                        instants.read(rs, "created_at"), instants.read(rs, "updated_at")))
                .list();
        Instant now = clock.instant();
        if (rows.isEmpty()) {
            long done = ((Number) job.get("done")).longValue();
            jdbc.sql("UPDATE reencryption_jobs SET state = 'completed', updated_at = ? WHERE tenant_id = ?")
                    .params(instants.bind(now), tenant.value()).update();
            gate.record(Caller.SYSTEM, tenant, "vault.reencryption-completed", "tenant/" + tenant.value() + "/records",
                    "success", done + " records under primary key " + primary);
            return false;
        }
        Map<String, CollectionSchema> schemas = new HashMap<>();
        String lastCollection = null;
        String lastRecord = null;
        for (JdbcRecords.Row row : rows) {
            String collection = row.id().substring(0, row.id().indexOf('\u0000'));
            String id = row.id().substring(row.id().indexOf('\u0000') + 1);
            byte[] aad = RecordSealing.documentAad(tenant, collection, id, row.version());
            byte[] plain;
            try {
                plain = aead.decrypt(row.ciphertext(), aad);
            } catch (GeneralSecurityException e) {
                throw new JdbcRecords.IntegrityFailure(id);
            }
            CollectionSchema schema = schemas.computeIfAbsent(collection,
                    c -> records.findCollection(tenant, c).orElseThrow().schema());
            var parsed = records.documents().parse(plain, schema);
            byte[] sealed = row.ciphertext();
            if (row.keyId() != primary) {
                try {
                    sealed = aead.encrypt(plain, aad);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot seal a document", e);
                }
            }
            byte[] subject = parsed.subjectKey() == null ? null : RecordSealing.subjectToken(prf, parsed.subjectKey());
            jdbc.sql("UPDATE records SET key_id = ?, ciphertext = ?, subject_token = ? WHERE tenant_id = ?"
                    + " AND collection = ? AND record_id = ? AND version = ?")
                    .params(RecordSealing.keyId(sealed), sealed, subject, tenant.value(), collection, id, row.version())
                    .update();
            records.index(tenant, collection, id, parsed, prf);
            lastCollection = collection;
            lastRecord = id;
        }
        jdbc.sql("UPDATE reencryption_jobs SET cursor_collection = ?, cursor_record = ?, done = done + ?, updated_at = ?"
                + " WHERE tenant_id = ?")
                .params(lastCollection, lastRecord, rows.size(), instants.bind(now), tenant.value()).update();
        return true;
    }

    private Optional<Job> find(TenantId tenant) {
        return jdbc.sql("SELECT state, done, total, started_at, updated_at, error FROM reencryption_jobs WHERE tenant_id = ?")
                .param(tenant.value())
                .query((rs, n) -> {
                    long done = rs.getLong("done");
                    long total = rs.getLong("total");
                    int percent = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
                    return new Job(tenant.value(), rs.getString("state"), done, total, percent,
                            instants.read(rs, "started_at"), instants.read(rs, "updated_at"), rs.getString("error"));
                }).optional();
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
