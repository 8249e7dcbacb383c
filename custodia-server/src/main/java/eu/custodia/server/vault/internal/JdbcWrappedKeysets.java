package eu.custodia.server.vault.internal;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.vault.KeyEncryptionKeys;
import eu.custodia.server.vault.WrappedKeysets;
import java.security.GeneralSecurityException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link WrappedKeysets} over table {@code tenant_keysets}, with the associated data of
 * {@link JdbcTenantKeysets#associatedData}: a row opens only under its own tenant, purpose and KEK version.
 */
@Component
final class JdbcWrappedKeysets implements WrappedKeysets {

    private final JdbcClient jdbc;
    private final KeyEncryptionKeys kms;
    private final SqlInstants instants;

    JdbcWrappedKeysets(JdbcClient jdbc, KeyEncryptionKeys kms, SqlInstants instants) {
        this.jdbc = jdbc;
        this.kms = kms;
        this.instants = instants;
    }

    @Override
    public List<Wrapped> export(TenantId tenant) {
        return jdbc.sql("SELECT purpose, kek_version, keyset, created_at, updated_at FROM tenant_keysets"
                + " WHERE tenant_id = ? ORDER BY purpose").param(tenant.value())
                .query((rs, n) -> new Wrapped(rs.getString("purpose"), rs.getInt("kek_version"),
                        rs.getBytes("keyset"), instants.read(rs, "created_at"), instants.read(rs, "updated_at")))
                .list();
    }

    @Override
    public StreamingAead openStreaming(TenantId tenant, List<Wrapped> rows) {
        Wrapped row = rows.stream().filter(r -> JdbcTenantKeysets.Purpose.STREAMING.code.equals(r.purpose()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no streaming keyset among the rows"));
        try {
            return unwrap(tenant, row).getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("tenant " + tenant + "'s streaming keyset holds an unusable key", e);
        }
    }

    @Override
    public void restore(TenantId tenant, List<Wrapped> rows) {
        Integer existing = jdbc.sql("SELECT COUNT(*) FROM tenant_keysets WHERE tenant_id = ?").param(tenant.value())
                .query(Integer.class).single();
        if (existing != null && existing > 0) {
            throw new IllegalStateException("tenant " + tenant + " has keysets already");
        }
        Set<JdbcTenantKeysets.Purpose> seen = EnumSet.noneOf(JdbcTenantKeysets.Purpose.class);
        for (Wrapped row : rows) {
            if (!seen.add(JdbcTenantKeysets.Purpose.of(row.purpose()))) {
                throw new IllegalStateException("keyset " + row.purpose() + " appears twice");
            }
            unwrap(tenant, row);
        }
        if (seen.size() != JdbcTenantKeysets.Purpose.values().length) {
            throw new IllegalStateException("a restore needs all " + JdbcTenantKeysets.Purpose.values().length
                    + " keysets, got " + seen.size());
        }
        for (Wrapped row : rows) {
            jdbc.sql("INSERT INTO tenant_keysets (tenant_id, purpose, kek_version, keyset, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")
                    .params(tenant.value(), row.purpose(), row.kekVersion(), row.keyset(),
                            instants.bind(row.createdAt()), instants.bind(row.updatedAt()))
                    .update();
        }
    }

    private KeysetHandle unwrap(TenantId tenant, Wrapped row) {
        return JdbcTenantKeysets.unwrap(tenant, JdbcTenantKeysets.Purpose.of(row.purpose()), row.kekVersion(),
                row.keyset(), kms.kek(tenant, row.kekVersion()));
    }
}
