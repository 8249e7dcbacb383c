package eu.custodia.server.backup.internal;

import eu.custodia.server.backup.BackupCounts;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The tables an archive copies, in restore order (parents before children), each with the columns it keeps
 * besides the tenant key. Rows are copied as stored: record ciphertexts keep their inner associated data
 * (tenant, collection, id, version), blind-index tokens stay tokens.
 */
final class TenantTables {

    /** How a column is written in the body. */
    enum Type { TEXT, LONG, BYTES, TIME }

    record Column(String name, Type type) {
    }

    /**
     * @param name the table
     * @param key the column holding the tenant id
     * @param orderBy the order rows are copied in
     * @param part the progress part name, or null when its progress is not shown
     * @param registry true for the tenant register's tables (restored only when the tenant is absent)
     */
    record Table(String name, String key, String orderBy, String part, boolean registry, List<Column> columns) {

        String select() {
            StringBuilder sb = new StringBuilder("SELECT ");
            for (int i = 0; i < columns.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(columns.get(i).name());
            }
            return sb.append(" FROM ").append(name).append(" WHERE ").append(key).append(" = ? ORDER BY ")
                    .append(orderBy).toString();
        }

        String count() {
            return "SELECT COUNT(*) FROM " + name + " WHERE " + key + " = ?";
        }

        String insert() {
            StringBuilder cols = new StringBuilder(key);
            StringBuilder marks = new StringBuilder("?");
            for (Column c : columns) {
                cols.append(", ").append(c.name());
                marks.append(", ?");
            }
            return "INSERT INTO " + name + " (" + cols + ") VALUES (" + marks + ")";
        }
    }

    static final Table TENANTS = new Table("tenants", "id", "id", null, true, List.of(
            text("state"), lng("version"), text("contract"), time("created_at"), time("updated_at")));
    static final Table TRANSITIONS = new Table("tenant_transitions", "tenant_id", "seq", null, true, List.of(
            text("from_state"), text("to_state"), text("actor_id"), text("actor_kind"), text("reason"), time("at")));
    static final Table COLLECTIONS = new Table("record_collections", "tenant_id", "name", "collections", false,
            List.of(text("name"), text("schema_json"), time("created_at"), time("updated_at")));
    static final Table RECORDS = new Table("records", "tenant_id", "collection, record_id", "records", false, List.of(
            text("collection"), text("record_id"), lng("version"), lng("key_id"), bytes("ciphertext"),
            bytes("subject_token"), time("created_at"), time("updated_at")));
    static final Table INDEX = new Table("record_index", "tenant_id", "collection, field, token, record_id", "index",
            false, List.of(text("collection"), text("field"), bytes("token"), text("record_id")));
    static final Table BLOBS = new Table("blobs", "tenant_id", "blob_id", "blobs", false, List.of(text("blob_id"),
            lng("version"), lng("size"), text("sha256"), text("content_type"), time("created_at"),
            time("updated_at")));

    /** The notices, in the order they were written ({@code seq} is not copied: the restore assigns it in order). */
    static final Table NOTICES = new Table("notices", "tenant_id", "seq", "notices", false, List.of(text("id"),
            text("kind"), text("action"), text("request_id"), text("actor"), text("reason"),
            text("ledger_request_id"), time("occurred_at"), time("created_at"), time("read_at"), text("read_by")));
    /** The webhook endpoints, each secret still sealed (its associated data binds tenant and endpoint id). */
    static final Table ENDPOINTS = new Table("notice_webhook_endpoints", "tenant_id", "id", "webhook-endpoints",
            false, List.of(text("id"), text("url"), bytes("secret"), time("created_at"), text("created_by")));

    /** The tables of a {@code custodia-backup-body/v1} body, in the order they are written and restored. */
    static final List<Table> V1 = List.of(TENANTS, TRANSITIONS, COLLECTIONS, RECORDS, INDEX, BLOBS);

    /** Every table (a {@code custodia-backup-body/v2} body), in the order they are written and restored. */
    static final List<Table> ALL = List.of(TENANTS, TRANSITIONS, COLLECTIONS, RECORDS, INDEX, BLOBS, NOTICES,
            ENDPOINTS);

    /** The tables that must hold nothing of the tenant before a restore. */
    static final List<Table> DATA = List.of(COLLECTIONS, RECORDS, INDEX, BLOBS, NOTICES, ENDPOINTS);

    private TenantTables() {
    }

    /** The counts of a body whose tables hold {@code rows.applyAsLong(table)} rows each (0 for a table it lacks). */
    static BackupCounts counts(ToLongFunction<Table> rows, long blobBytes) {
        return new BackupCounts(rows.applyAsLong(TRANSITIONS), rows.applyAsLong(COLLECTIONS),
                rows.applyAsLong(RECORDS), rows.applyAsLong(INDEX), rows.applyAsLong(BLOBS), blobBytes,
                rows.applyAsLong(NOTICES), rows.applyAsLong(ENDPOINTS));
    }

    /** How many rows of {@code table} {@code counts} states (the register's tables are not counted: 0). */
    static long count(BackupCounts counts, Table table) {
        if (table == TRANSITIONS) {
            return counts.transitions();
        } else if (table == COLLECTIONS) {
            return counts.collections();
        } else if (table == RECORDS) {
            return counts.records();
        } else if (table == INDEX) {
            return counts.indexEntries();
        } else if (table == BLOBS) {
            return counts.blobs();
        } else if (table == NOTICES) {
            return counts.notices();
        } else if (table == ENDPOINTS) {
            return counts.webhookEndpoints();
        }
        return 0;
    }

    private static Column text(String name) {
        return new Column(name, Type.TEXT);
    }

    private static Column lng(String name) {
        return new Column(name, Type.LONG);
    }

    private static Column bytes(String name) {
        return new Column(name, Type.BYTES);
    }

    private static Column time(String name) {
        return new Column(name, Type.TIME);
    }
}
