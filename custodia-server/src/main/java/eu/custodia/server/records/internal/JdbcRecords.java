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
import eu.custodia.server.records.CollectionInfo;
import eu.custodia.server.records.CollectionSchema;
import eu.custodia.server.records.Precondition;
import eu.custodia.server.records.RecordPage;
import eu.custodia.server.records.Records;
import eu.custodia.server.records.StoredRecord;
import eu.custodia.server.vault.TenantKeysets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link Records} in tables {@code record_collections}, {@code records} and {@code record_index}. Each call
 * is decided first, then runs in one transaction scoped to the tenant's rows ({@link TenantRowScope}) that
 * also writes its ledger event. Sealing and tokens: {@link RecordSealing}.
 */
@Component
final class JdbcRecords implements Records {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;
    private static final int MAX_FIELDS = 64;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TenantRowScope scope;
    private final TenantKeysets keysets;
    private final RecordsGate gate;
    private final Clock clock;
    private final SqlInstants instants;
    private final JsonMapper json;
    private final Documents documents;

    JdbcRecords(JdbcClient jdbc, TransactionTemplate tx, TenantRowScope scope, TenantKeysets keysets, RecordsGate gate,
            Clock clock, SqlInstants instants, JsonMapper json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.scope = scope;
        this.keysets = keysets;
        this.gate = gate;
        this.clock = clock;
        this.instants = instants;
        this.json = json;
        this.documents = new Documents(json);
    }

    // ---------------------------------------------------------------- collections

    @Override
    public CollectionInfo defineCollection(Caller caller, TenantId tenant, String name, CollectionSchema schema) {
        authorize(caller, Permission.RECORDS_WRITE, tenant, name);
        RecordNames.collection(name);
        validate(schema);
        String schemaJson = json.writeValueAsString(schema);
        return scope.inTransaction(tx, tenant, status -> {
            Instant now = clock.instant();
            Optional<CollectionInfo> existing = findCollection(tenant, name);
            if (existing.isEmpty()) {
                jdbc.sql("INSERT INTO record_collections (tenant_id, name, schema_json, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?)")
                        .params(tenant.value(), name, schemaJson, instants.bind(now), instants.bind(now)).update();
                record(caller, tenant, "records.collection-defined", collectionTarget(tenant, name), summary(schema));
                return new CollectionInfo(name, schema, now, now);
            }
            CollectionSchema old = existing.get().schema();
            if (!indexedFields(old).equals(indexedFields(schema))
                    || !java.util.Objects.equals(old.subjectField(), schema.subjectField())) {
                long count = jdbc.sql("SELECT COUNT(*) FROM records WHERE tenant_id = ? AND collection = ?")
                        .params(tenant.value(), name).query(Long.class).single();
                if (count > 0) {
                    throw BilingualProblem.of(RecordsProblems.SCHEMA_CHANGE_REFUSED, "Collection " + name + " holds "
                            + count + " documents: its indexed fields and its data-subject field cannot change now "
                            + "(their documents were indexed under the old schema). Define a new collection and "
                            + "copy the documents into it.", "La collezione " + name + " contiene " + count
                            + " documenti: i suoi campi indicizzati e il campo dell'interessato non possono più "
                            + "cambiare (i documenti sono indicizzati secondo lo schema precedente). Definire una "
                            + "nuova collezione e copiarvi i documenti.");
                }
            }
            jdbc.sql("UPDATE record_collections SET schema_json = ?, updated_at = ? WHERE tenant_id = ? AND name = ?")
                    .params(schemaJson, instants.bind(now), tenant.value(), name).update();
            record(caller, tenant, "records.collection-changed", collectionTarget(tenant, name), summary(schema));
            return new CollectionInfo(name, schema, existing.get().createdAt(), now);
        });
    }

    @Override
    public CollectionInfo collection(Caller caller, TenantId tenant, String name) {
        authorize(caller, Permission.RECORDS_READ, tenant, name);
        RecordNames.collection(name);
        return scope.inTransaction(tx, tenant, status -> {
            return requireCollection(tenant, name);
        });
    }

    @Override
    public List<CollectionInfo> collections(Caller caller, TenantId tenant) {
        authorize(caller, Permission.RECORDS_READ, tenant);
        return scope.inTransaction(tx, tenant, status -> {
            return jdbc.sql("SELECT name, schema_json, created_at, updated_at FROM record_collections"
                    + " WHERE tenant_id = ? ORDER BY name").param(tenant.value())
                    .query((rs, n) -> new CollectionInfo(rs.getString("name"), schema(rs.getString("schema_json")),
                            instants.read(rs, "created_at"), instants.read(rs, "updated_at")))
                    .list();
        });
    }

    // ---------------------------------------------------------------- documents

    @Override
    public StoredRecord write(Caller caller, TenantId tenant, String collection, String id, byte[] document,
            Precondition precondition) {
        authorize(caller, Permission.RECORDS_WRITE, tenant, collection);
        RecordNames.collection(collection);
        String recordId = id == null ? "r-" + UUID.randomUUID().toString().replace("-", "") : RecordNames.id(id, "id");
        if (document.length > MAX_DOCUMENT_BYTES) {
            throw tooLarge();
        }
        Aead aead = keysets.recordsAead(tenant);
        PrfSet prf = keysets.blindIndexPrf(tenant);
        try {
            return scope.inTransaction(tx, tenant, status -> {
                CollectionSchema schema = requireCollection(tenant, collection).schema();
                Documents.Parsed parsed = documents.parse(document, schema);
                Optional<Current> current = current(tenant, collection, recordId, true);
                Preconditions.check(precondition, current.map(Current::version), true, "record");
                long version = current.map(c -> c.version() + 1).orElse(1L);
                Instant now = clock.instant();
                byte[] sealed = seal(aead, document, RecordSealing.documentAad(tenant, collection, recordId, version));
                long keyId = RecordSealing.keyId(sealed);
                byte[] subject = parsed.subjectKey() == null ? null : RecordSealing.subjectToken(prf, parsed.subjectKey());
                if (current.isEmpty()) {
                    jdbc.sql("INSERT INTO records (tenant_id, collection, record_id, version, key_id, ciphertext,"
                            + " subject_token, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                            .params(tenant.value(), collection, recordId, version, keyId, sealed, subject,
                                    instants.bind(now), instants.bind(now))
                            .update();
                } else {
                    jdbc.sql("UPDATE records SET version = ?, key_id = ?, ciphertext = ?, subject_token = ?,"
                            + " updated_at = ? WHERE tenant_id = ? AND collection = ? AND record_id = ?")
                            .params(version, keyId, sealed, subject, instants.bind(now), tenant.value(), collection,
                                    recordId)
                            .update();
                }
                index(tenant, collection, recordId, parsed, prf);
                record(caller, tenant, current.isEmpty() ? "record.created" : "record.updated",
                        recordTarget(tenant, collection, recordId), detail(version, keyId, subject));
                Instant created = current.map(Current::createdAt).orElse(now);
                return new StoredRecord(collection, recordId, version, created, now, document);
            });
        } catch (DuplicateKeyException e) {
            // another transaction created the same id between our read and our insert
            throw preconditionFailed(collection, recordId);
        }
    }

    /** How documents are read against a schema (for re-encryption). */
    Documents documents() {
        return documents;
    }

    void index(TenantId tenant, String collection, String recordId, Documents.Parsed parsed, PrfSet prf) {
        jdbc.sql("DELETE FROM record_index WHERE tenant_id = ? AND collection = ? AND record_id = ?")
                .params(tenant.value(), collection, recordId).update();
        for (var entry : parsed.indexValues().entrySet()) {
            java.util.Set<String> tokens = new java.util.HashSet<>();
            for (String value : entry.getValue()) {
                byte[] token = RecordSealing.indexToken(prf, collection, entry.getKey(), value);
                if (tokens.add(HexFormat.of().formatHex(token))) {
                    jdbc.sql("INSERT INTO record_index (tenant_id, collection, field, token, record_id)"
                            + " VALUES (?, ?, ?, ?, ?)")
                            .params(tenant.value(), collection, entry.getKey(), token, recordId).update();
                }
            }
        }
    }

    @Override
    public StoredRecord read(Caller caller, TenantId tenant, String collection, String id) {
        authorize(caller, Permission.RECORDS_READ, tenant, collection);
        RecordNames.collection(collection);
        RecordNames.id(id, "id");
        Aead aead = keysets.recordsAead(tenant);
        return opening(tenant, collection, id, () -> scope.inTransaction(tx, tenant, status -> {
            requireCollection(tenant, collection);
            Row row = jdbc.sql("SELECT record_id, version, key_id, ciphertext, created_at, updated_at FROM records"
                    + " WHERE tenant_id = ? AND collection = ? AND record_id = ?")
                    .params(tenant.value(), collection, id).query(this::row).optional()
                    .orElseThrow(() -> notFound(collection, id));
            StoredRecord opened = open(aead, tenant, collection, row);
            record(caller, tenant, "record.read", recordTarget(tenant, collection, id),
                    "version " + row.version());
            return opened;
        }));
    }

    @Override
    public void delete(Caller caller, TenantId tenant, String collection, String id, Precondition precondition) {
        authorize(caller, Permission.RECORDS_WRITE, tenant, collection);
        RecordNames.collection(collection);
        RecordNames.id(id, "id");
        scope.inTransactionWithoutResult(tx, tenant, status -> {
            requireCollection(tenant, collection);
            Optional<Current> current = current(tenant, collection, id, true);
            if (current.isEmpty()) {
                throw notFound(collection, id);
            }
            Preconditions.check(precondition, current.map(Current::version), false, "record");
            jdbc.sql("DELETE FROM record_index WHERE tenant_id = ? AND collection = ? AND record_id = ?")
                    .params(tenant.value(), collection, id).update();
            jdbc.sql("DELETE FROM records WHERE tenant_id = ? AND collection = ? AND record_id = ?")
                    .params(tenant.value(), collection, id).update();
            record(caller, tenant, "record.deleted", recordTarget(tenant, collection, id),
                    "version " + current.get().version());
        });
    }

    @Override
    public RecordPage list(Caller caller, TenantId tenant, String collection, Map<String, String> filters,
            String cursor, int limit) {
        authorize(caller, Permission.RECORDS_READ, tenant, collection);
        RecordNames.collection(collection);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "limit", "The limit must be between 1 and "
                    + MAX_LIMIT + ".", "Il limite deve essere compreso tra 1 e " + MAX_LIMIT + ".");
        }
        String after = Cursors.decode(cursor);
        Aead aead = keysets.recordsAead(tenant);
        PrfSet prf = filters.isEmpty() ? null : keysets.blindIndexPrf(tenant);
        return opening(tenant, collection, null, () -> scope.inTransaction(tx, tenant, status -> {
            CollectionSchema schema = requireCollection(tenant, collection).schema();
            StringBuilder sql = new StringBuilder("SELECT record_id, version, key_id, ciphertext, created_at, updated_at"
                    + " FROM records r WHERE r.tenant_id = ? AND r.collection = ? AND r.record_id > ?");
            List<Object> params = new ArrayList<>(List.of(tenant.value(), collection, after));
            for (var filter : new java.util.TreeMap<>(filters).entrySet()) {
                String field = RecordNames.field(filter.getKey());
                if (!schema.indexed(field)) {
                    throw BilingualProblem.field(RecordsProblems.FIELD_NOT_INDEXED, field, "Field " + field
                            + " is not indexed in collection " + collection + "; only indexed fields can be searched.",
                            "Il campo " + field + " non è indicizzato nella collezione " + collection
                                    + "; si possono cercare solo i campi indicizzati.");
                }
                List<byte[]> tokens = new ArrayList<>();
                for (String form : Documents.searchForms(filter.getValue())) {
                    tokens.addAll(RecordSealing.searchTokens(prf, collection, field, form));
                }
                sql.append(" AND EXISTS (SELECT 1 FROM record_index i WHERE i.tenant_id = r.tenant_id"
                        + " AND i.collection = r.collection AND i.record_id = r.record_id AND i.field = ?"
                        + " AND i.token IN (").append("?, ".repeat(tokens.size() - 1)).append("?))");
                params.add(field);
                params.addAll(tokens);
            }
            sql.append(" ORDER BY r.record_id LIMIT ?");
            params.add(limit + 1);
            List<Row> rows = jdbc.sql(sql.toString()).params(params).query(this::row).list();
            boolean more = rows.size() > limit;
            List<Row> page = more ? rows.subList(0, limit) : rows;
            List<StoredRecord> records = new ArrayList<>(page.size());
            for (Row row : page) {
                records.add(open(aead, tenant, collection, row));
            }
            String fields = filters.isEmpty() ? "" : "; filtered on " + String.join(", ", new java.util.TreeSet<>(filters.keySet()));
            record(caller, tenant, filters.isEmpty() ? "records.listed" : "records.searched",
                    collectionTarget(tenant, collection), records.size() + " records" + fields);
            String next = more ? Cursors.encode(page.get(limit - 1).id()) : null;
            return new RecordPage(records, next);
        }));
    }

    // ---------------------------------------------------------------- helpers

    private record Current(long version, Instant createdAt) {
    }

    record Row(String id, long version, long keyId, byte[] ciphertext, Instant createdAt, Instant updatedAt) {
    }

    private Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(rs.getString("record_id"), rs.getLong("version"), rs.getLong("key_id"), rs.getBytes("ciphertext"),
                instants.read(rs, "created_at"), instants.read(rs, "updated_at"));
    }

    private Optional<Current> current(TenantId tenant, String collection, String id, boolean forUpdate) {
        return jdbc.sql("SELECT version, created_at FROM records WHERE tenant_id = ? AND collection = ? AND record_id = ?"
                + (forUpdate && instants.postgres() ? " FOR UPDATE" : ""))
                .params(tenant.value(), collection, id)
                .query((rs, n) -> new Current(rs.getLong("version"), instants.read(rs, "created_at"))).optional();
    }

    private StoredRecord open(Aead aead, TenantId tenant, String collection, Row row) {
        byte[] aad = RecordSealing.documentAad(tenant, collection, row.id(), row.version());
        try {
            return new StoredRecord(collection, row.id(), row.version(), row.createdAt(), row.updatedAt(),
                    aead.decrypt(row.ciphertext(), aad));
        } catch (GeneralSecurityException e) {
            throw new IntegrityFailure(row.id());
        }
    }

    /** A sealed document that did not open: tampered, or moved from another row, tenant or version. */
    static final class IntegrityFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String recordId;

        IntegrityFailure(String recordId) {
            super("record " + recordId + " failed its integrity check", null, false, false);
            this.recordId = recordId;
        }
    }

    /**
     * Runs a read; when a sealed document does not open, ledgers {@code record.integrity-failed} (in a
     * transaction of its own, the read's having rolled back) and answers 500 {@code integrity-failure}.
     */
    private <T> T opening(TenantId tenant, String collection, String id, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IntegrityFailure failure) {
            tx.executeWithoutResult(status -> record(Caller.SYSTEM, tenant, "record.integrity-failed", recordTarget(tenant, collection, failure.recordId),
                    "failure", "the sealed document did not open under its associated data"));
            throw BilingualProblem.of(RecordsProblems.INTEGRITY_FAILURE, "Record " + failure.recordId + " in "
                    + collection + " failed its integrity check: it was altered or moved outside Custodia. The "
                    + "event is in the tenant's ledger; restore the record from a backup.", "Il record "
                    + failure.recordId + " in " + collection + " non ha superato il controllo di integrità: è stato "
                    + "alterato o spostato fuori da Custodia. L'evento è nel registro del tenant; ripristinare il "
                    + "record da un backup.");
        }
    }

    private static byte[] seal(Aead aead, byte[] plaintext, byte[] aad) {
        try {
            return aead.encrypt(plaintext, aad);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a document", e);
        }
    }

    /** The collection, inside a transaction already scoped to the tenant. */
    Optional<CollectionInfo> findCollection(TenantId tenant, String name) {
        return jdbc.sql("SELECT name, schema_json, created_at, updated_at FROM record_collections"
                + " WHERE tenant_id = ? AND name = ?").params(tenant.value(), name)
                .query((rs, n) -> new CollectionInfo(rs.getString("name"), schema(rs.getString("schema_json")),
                        instants.read(rs, "created_at"), instants.read(rs, "updated_at")))
                .optional();
    }

    private CollectionInfo requireCollection(TenantId tenant, String name) {
        return findCollection(tenant, name).orElseThrow(() -> BilingualProblem.of(ProblemType.NOT_FOUND,
                "No collection " + name + " in tenant " + tenant + "; define it first (PUT .../collections/" + name
                        + ").", "Nessuna collezione " + name + " nel tenant " + tenant + "; definirla prima (PUT "
                        + ".../collections/" + name + ")."));
    }

    private CollectionSchema schema(String text) {
        return json.readValue(text, CollectionSchema.class);
    }

    private static void validate(CollectionSchema schema) {
        if (schema.fields().size() > MAX_FIELDS) {
            throw BilingualProblem.field(RecordsProblems.INVALID_SCHEMA, "fields", "A collection declares at most "
                    + MAX_FIELDS + " fields.", "Una collezione dichiara al massimo " + MAX_FIELDS + " campi.");
        }
        for (var entry : schema.fields().entrySet()) {
            RecordNames.field(entry.getKey());
            if (entry.getValue() == null) {
                throw BilingualProblem.field(RecordsProblems.INVALID_SCHEMA, entry.getKey(), "Field " + entry.getKey()
                        + " needs {\"indexed\": ..., \"personal\": ...}.", "Il campo " + entry.getKey()
                        + " richiede {\"indexed\": ..., \"personal\": ...}.");
            }
        }
        String subject = schema.subjectField();
        if (subject != null) {
            CollectionSchema.Field field = schema.fields().get(subject);
            if (field == null || !field.personal()) {
                throw BilingualProblem.field(RecordsProblems.INVALID_SCHEMA, "subjectField", "The data-subject field "
                        + subject + " must be declared in fields with \"personal\": true.", "Il campo "
                        + "dell'interessato " + subject + " deve essere dichiarato in fields con \"personal\": true.");
            }
        }
    }

    private static Set<String> indexedFields(CollectionSchema schema) {
        return schema.fields().entrySet().stream().filter(e -> e.getValue().indexed()).map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    private static String summary(CollectionSchema schema) {
        long indexed = schema.fields().values().stream().filter(CollectionSchema.Field::indexed).count();
        long personal = schema.fields().values().stream().filter(CollectionSchema.Field::personal).count();
        return schema.fields().size() + " fields declared, " + indexed + " indexed, " + personal + " personal"
                + (schema.subjectField() == null ? "" : ", with a data-subject field");
    }

    private static String detail(long version, long keyId, byte[] subject) {
        return "version " + version + "; key " + keyId
                + (subject == null ? "" : "; subject " + HexFormat.of().formatHex(subject, 0, 8));
    }

    static String collectionTarget(TenantId tenant, String collection) {
        return "tenant/" + tenant.value() + "/collections/" + collection;
    }

    static String recordTarget(TenantId tenant, String collection, String id) {
        return collectionTarget(tenant, collection) + "/records/" + id;
    }

    private void record(Caller actor, TenantId tenant, String action, String target, String reason) {
        gate.record(actor, tenant, action, target, "success", reason);
    }

    private void record(Caller actor, TenantId tenant, String action, String target, String outcome, String reason) {
        gate.record(actor, tenant, action, target, outcome, reason);
    }

    private void authorize(Caller caller, Permission permission, TenantId tenant) {
        gate.authorize(caller, permission, tenant);
    }

    private void authorize(Caller caller, Permission permission, TenantId tenant, String collection) {
        gate.authorize(caller, permission, tenant, collection);
    }

    private static ProblemTooLarge tooLarge() {
        return new ProblemTooLarge();
    }

    /** 413 {@code document-too-large}. */
    static final class ProblemTooLarge extends eu.custodia.server.platform.ProblemException {
        private static final long serialVersionUID = 1L;

        ProblemTooLarge() {
            super(RecordsProblems.DOCUMENT_TOO_LARGE, "A document is at most 1 MiB (" + MAX_DOCUMENT_BYTES
                    + " bytes) of JSON; keep large content in a blob and reference it.",
                    Map.of("messageIt", "Un documento è al massimo 1 MiB (" + MAX_DOCUMENT_BYTES + " byte) di JSON; "
                            + "conservare i contenuti grandi in un blob e farvi riferimento."));
        }
    }

    private static eu.custodia.server.platform.ProblemException preconditionFailed(String collection, String id) {
        return BilingualProblem.of(ProblemType.PRECONDITION_FAILED, "Record " + id + " in " + collection
                + " was written by another request at the same time; read it and retry.", "Il record " + id + " in "
                + collection + " è stato scritto da un'altra richiesta nello stesso momento; rileggerlo e riprovare.");
    }

    private static eu.custodia.server.platform.ProblemException notFound(String collection, String id) {
        return BilingualProblem.of(ProblemType.NOT_FOUND, "No record " + id + " in collection " + collection + ".",
                "Nessun record " + id + " nella collezione " + collection + ".");
    }
}
