package eu.custodia.server.backup.internal;

import eu.custodia.server.backup.BackupCounts;
import eu.custodia.server.backup.BackupException;
import eu.custodia.server.platform.TenantId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The manifest of one archive, the text of a C2SP signed note (https://c2sp.org/signed-note) signed with the
 * ledger key: SHA-256 of the whole archive file, of its plaintext header and of its encrypted body, the
 * archive's size and what it holds (counts only). One {@code key value} per line:
 *
 * <pre>
 * custodia-backup-manifest/v1
 * archive b-…
 * tenant t-…
 * created …
 * file t-…-20261124T034226Z-….cbk
 * size 123456
 * sha256 …
 * header-sha256 …
 * body-sha256 …
 * transitions 2
 * collections 1
 * records 120
 * index-entries 240
 * blobs 1
 * blob-bytes 5000
 * notices 3
 * webhook-endpoints 1
 * </pre>
 *
 * The last two lines came with body format {@code custodia-backup-body/v2}: a manifest written before has
 * neither (its body holds no notices nor endpoints), and reads as 0 of each.
 */
record Manifest(String archiveId, TenantId tenant, Instant createdAt, String fileName, long size, String sha256,
        String headerSha256, String bodySha256, BackupCounts counts) {

    static final String FORMAT = "custodia-backup-manifest/v1";

    String text() {
        return FORMAT + "\n"
                + "archive " + archiveId + "\n"
                + "tenant " + tenant.value() + "\n"
                + "created " + createdAt + "\n"
                + "file " + fileName + "\n"
                + "size " + size + "\n"
                + "sha256 " + sha256 + "\n"
                + "header-sha256 " + headerSha256 + "\n"
                + "body-sha256 " + bodySha256 + "\n"
                + "transitions " + counts.transitions() + "\n"
                + "collections " + counts.collections() + "\n"
                + "records " + counts.records() + "\n"
                + "index-entries " + counts.indexEntries() + "\n"
                + "blobs " + counts.blobs() + "\n"
                + "blob-bytes " + counts.blobBytes() + "\n"
                + "notices " + counts.notices() + "\n"
                + "webhook-endpoints " + counts.webhookEndpoints() + "\n";
    }

    static Manifest parse(String text) {
        try {
            String[] lines = text.split("\n");
            if (lines.length == 0 || !FORMAT.equals(lines[0])) {
                throw new IllegalArgumentException("not a " + FORMAT);
            }
            Map<String, String> v = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int sp = lines[i].indexOf(' ');
                if (sp <= 0 || v.put(lines[i].substring(0, sp), lines[i].substring(sp + 1)) != null) {
                    throw new IllegalArgumentException("bad line " + (i + 1));
                }
            }
            BackupCounts counts = new BackupCounts(num(v, "transitions"), num(v, "collections"), num(v, "records"),
                    num(v, "index-entries"), num(v, "blobs"), num(v, "blob-bytes"), optional(v, "notices"),
                    optional(v, "webhook-endpoints"));
            return new Manifest(req(v, "archive"), new TenantId(req(v, "tenant")), Instant.parse(req(v, "created")),
                    req(v, "file"), num(v, "size"), req(v, "sha256"), req(v, "header-sha256"), req(v, "body-sha256"),
                    counts);
        } catch (RuntimeException e) {
            throw new BackupException("the manifest is malformed (" + e.getMessage() + ")",
                    "il manifesto non è ben formato", e);
        }
    }

    private static String req(Map<String, String> v, String key) {
        String value = v.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return value;
    }

    private static long num(Map<String, String> v, String key) {
        return Long.parseLong(req(v, key));
    }

    /** A count added after the first manifests were written: 0 when absent. */
    private static long optional(Map<String, String> v, String key) {
        return v.containsKey(key) ? Long.parseLong(v.get(key)) : 0;
    }
}
