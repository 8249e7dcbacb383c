package eu.custodia.server.backup.internal;

import eu.custodia.server.backup.BackupException;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.vault.WrappedKeysets.Wrapped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The plaintext header of an archive: format, archive id, tenant, creation time, and the tenant's keysets as
 * stored, still wrapped by the tenant's KEK (so nothing in it is readable without the KMS). Text lines:
 *
 * <pre>
 * custodia-backup/v1
 * archive b-…
 * tenant t-…
 * created 2026-11-24T03:42:26.123456Z
 * keyset &lt;purpose&gt; &lt;kek version&gt; &lt;created&gt; &lt;updated&gt; &lt;base64 wrapped keyset&gt;
 * </pre>
 */
record ArchiveHeader(String archiveId, TenantId tenant, Instant createdAt, List<Wrapped> keysets) {

    static final String FORMAT = "custodia-backup/v1";

    ArchiveHeader {
        keysets = List.copyOf(keysets);
    }

    byte[] encode() {
        StringBuilder sb = new StringBuilder(FORMAT).append('\n');
        sb.append("archive ").append(archiveId).append('\n');
        sb.append("tenant ").append(tenant.value()).append('\n');
        sb.append("created ").append(createdAt).append('\n');
        for (Wrapped k : keysets) {
            sb.append("keyset ").append(k.purpose()).append(' ').append(k.kekVersion()).append(' ')
                    .append(k.createdAt()).append(' ').append(k.updatedAt()).append(' ')
                    .append(Base64.getEncoder().encodeToString(k.keyset())).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The associated data of the body: binds format, tenant, archive id and the header's SHA-256. */
    byte[] bodyAssociatedData(String headerSha256) {
        return (FORMAT + "|" + tenant.value() + "|" + archiveId + "|" + headerSha256).getBytes(StandardCharsets.UTF_8);
    }

    static ArchiveHeader parse(byte[] bytes) {
        try {
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
            if (lines.length < 4 || !FORMAT.equals(lines[0])) {
                throw new IllegalArgumentException("not a " + FORMAT + " header");
            }
            String archiveId = value(lines[1], "archive");
            TenantId tenant = new TenantId(value(lines[2], "tenant"));
            Instant created = Instant.parse(value(lines[3], "created"));
            List<Wrapped> keysets = new ArrayList<>();
            for (int i = 4; i < lines.length; i++) {
                String[] f = value(lines[i], "keyset").split(" ");
                if (f.length != 5) {
                    throw new IllegalArgumentException("bad keyset line");
                }
                keysets.add(new Wrapped(f[0], Integer.parseInt(f[1]), Base64.getDecoder().decode(f[4]),
                        Instant.parse(f[2]), Instant.parse(f[3])));
            }
            return new ArchiveHeader(archiveId, tenant, created, keysets);
        } catch (RuntimeException e) {
            throw new BackupException("the archive's header is not a Custodia backup header (" + e.getMessage() + ")",
                    "l'intestazione dell'archivio non è quella di un backup Custodia", e);
        }
    }

    private static String value(String line, String key) {
        if (!line.startsWith(key + " ")) {
            throw new IllegalArgumentException("expected '" + key + "'");
        }
        return line.substring(key.length() + 1);
    }
}
