package eu.custodia.server.vault.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.vault.KeyEncryptionKeys;
import eu.custodia.server.vault.KmsUnavailableException;
import eu.custodia.server.vault.TenantKeysets;
import eu.custodia.server.vault.VaultProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link TenantKeysets} in table {@code tenant_keysets}: one row per tenant and purpose, the Tink keyset
 * encrypted with the tenant's KEK ({@link TinkProtoKeysetFormat#serializeEncryptedKeyset}) under associated
 * data {@code custodia/vault/keyset/v1|<tenant>|<purpose>|kek-v<version>}, so a row moved to another tenant,
 * purpose or KEK version does not open. Unwrapped primitives are cached per tenant ({@link KeysetCache});
 * rotate and re-wrap invalidate the tenant's entry. Each change is ledgered in the tenant's log in its
 * transaction, with key ids only. Every statement on {@code tenant_keysets} runs in a transaction scoped to its
 * tenant ({@link TenantRowScope}): on PostgreSQL row-level security shows it no other tenant's rows.
 */
@Component
final class JdbcTenantKeysets implements TenantKeysets {

    /** The three key families, one Tink keyset each. */
    enum Purpose {
        RECORDS("records", PredefinedAeadParameters.AES256_GCM),
        BLIND_INDEX("blind-index", PredefinedPrfParameters.HMAC_SHA256_PRF),
        STREAMING("streaming", PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);

        final String code;
        final Parameters parameters;

        Purpose(String code, Parameters parameters) {
            this.code = code;
            this.parameters = parameters;
        }

        static Purpose of(String code) {
            for (Purpose p : values()) {
                if (p.code.equals(code)) {
                    return p;
                }
            }
            throw new IllegalStateException("unknown keyset purpose " + code);
        }
    }

    /** A tenant's unwrapped primitives. */
    record Primitives(Aead records, PrfSet blindIndex, StreamingAead streaming, int kekVersion) {
    }

    private record Wrapped(Purpose purpose, int kekVersion, byte[] keyset) {
    }


    static {
        try {
            AeadConfig.register();
            PrfConfig.register();
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final KeyEncryptionKeys kms;
    private final Ledger ledger;
    private final Clock clock;
    private final SqlInstants instants;
    private final KeysetCache<Primitives> cache;
    private final TenantRowScope scope;

    JdbcTenantKeysets(JdbcClient jdbc, TransactionTemplate tx, TenantRowScope scope, KeyEncryptionKeys kms,
            Ledger ledger, Clock clock, SqlInstants instants, VaultProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.scope = scope;
        this.kms = kms;
        this.ledger = ledger;
        this.clock = clock;
        this.instants = instants;
        this.cache = new KeysetCache<>(clock, properties.cacheTtl(), properties.cacheSize());
    }

    @Override
    public Aead recordsAead(TenantId tenant) {
        return primitives(tenant).records();
    }

    @Override
    public PrfSet blindIndexPrf(TenantId tenant) {
        return primitives(tenant).blindIndex();
    }

    @Override
    public StreamingAead streamingAead(TenantId tenant) {
        return primitives(tenant).streaming();
    }

    @Override
    public int kekVersion(TenantId tenant) {
        return load(tenant).values().stream().mapToInt(Wrapped::kekVersion).max().orElse(0);
    }

    /** The cache, for tests in this package. */
    KeysetCache<Primitives> cache() {
        return cache;
    }

    private Primitives primitives(TenantId tenant) {
        return cache.get(tenant, () -> {
            Map<Purpose, Wrapped> rows = load(tenant);
            if (rows.isEmpty()) {
                provision(Caller.SYSTEM, tenant); // refuses a shredded tenant
                rows = load(tenant);
            }
            return open(tenant, rows);
        });
    }

    private Primitives open(TenantId tenant, Map<Purpose, Wrapped> rows) {
        if (rows.size() != Purpose.values().length) {
            throw new IllegalStateException("tenant " + tenant + " has " + rows.size() + " of 3 keysets");
        }
        try {
            Map<Purpose, KeysetHandle> handles = unwrap(tenant, rows);
            return new Primitives(
                    handles.get(Purpose.RECORDS).getPrimitive(RegistryConfiguration.get(), Aead.class),
                    handles.get(Purpose.BLIND_INDEX).getPrimitive(RegistryConfiguration.get(), PrfSet.class),
                    handles.get(Purpose.STREAMING).getPrimitive(RegistryConfiguration.get(), StreamingAead.class),
                    rows.get(Purpose.RECORDS).kekVersion());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("tenant " + tenant + "'s keysets hold an unusable key", e);
        }
    }

    @Override
    public void provision(Caller actor, TenantId tenant) {
        if (!load(tenant).isEmpty()) {
            return;
        }
        requireNotShredded(tenant);
        int version = kms.create(tenant);
        Aead kek = kms.kek(tenant, version);
        Instant now = clock.instant();
        try {
            scope.inTransactionWithoutResult(tx, tenant, status -> {
                StringJoiner ids = new StringJoiner(", ", "primary key ids: ", "; kek version " + version);
                for (Purpose purpose : Purpose.values()) {
                    KeysetHandle handle = generate(purpose);
                    ids.add(purpose.code + "=" + Integer.toUnsignedString(handle.getPrimary().getId()));
                    jdbc.sql("INSERT INTO tenant_keysets (tenant_id, purpose, kek_version, keyset, created_at,"
                            + " updated_at) VALUES (?, ?, ?, ?, ?, ?)")
                            .params(tenant.value(), purpose.code, version, wrap(tenant, purpose, version, handle, kek),
                                    instants.bind(now), instants.bind(now))
                            .update();
                }
                record(actor, tenant, "vault.keyset-provisioned", ids.toString());
            });
        } catch (DataIntegrityViolationException e) {
            // provisioned concurrently (the primary key refused the second set): the other transaction's keysets
            // stand; a partial set would be refused when opened
            if (load(tenant).isEmpty()) {
                throw e;
            }
        }
    }

    @Override
    public void rotate(Caller actor, TenantId tenant) {
        try {
            scope.inTransactionWithoutResult(tx, tenant, status -> {
                Map<Purpose, Wrapped> rows = required(tenant);
                StringJoiner ids = new StringJoiner(", ", "new primary key ids: ", "");
                for (Wrapped row : rows.values()) {
                    Aead kek = kms.kek(tenant, row.kekVersion());
                    KeysetHandle old = unwrapOne(tenant, row, kek);
                    KeysetHandle rotated;
                    try {
                        rotated = KeysetHandle.newBuilder(old)
                                .addEntry(KeysetHandle.generateEntryFromParameters(row.purpose().parameters)
                                        .withRandomId().makePrimary())
                                .build();
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("cannot rotate tenant " + tenant + "'s keyset", e);
                    }
                    ids.add(row.purpose().code + "=" + Integer.toUnsignedString(rotated.getPrimary().getId()));
                    update(tenant, row.purpose(), row.kekVersion(),
                            wrap(tenant, row.purpose(), row.kekVersion(), rotated, kek));
                }
                record(actor, tenant, "vault.keyset-rotated", ids.toString());
            });
        } finally {
            cache.invalidate(tenant);
        }
    }

    @Override
    public void rewrap(Caller actor, TenantId tenant) {
        required(tenant);
        int version = kms.rotate(tenant);
        Aead newKek = kms.kek(tenant, version);
        try {
            scope.inTransactionWithoutResult(tx, tenant, status -> {
                Map<Purpose, Wrapped> rows = required(tenant);
                int from = 0;
                for (Wrapped row : rows.values()) {
                    from = row.kekVersion();
                    KeysetHandle handle = unwrapOne(tenant, row, kms.kek(tenant, row.kekVersion()));
                    update(tenant, row.purpose(), version, wrap(tenant, row.purpose(), version, handle, newKek));
                }
                record(actor, tenant, "vault.keyset-rewrapped", "kek version " + from + " -> " + version);
            });
        } finally {
            cache.invalidate(tenant);
        }
    }

    @Override
    public boolean cryptoShred(Caller actor, TenantId tenant) {
        // The KEK first: once it is gone nothing it wrapped opens, whatever happens to the rows below.
        boolean destroyed;
        try {
            kms.destroyAllVersions(tenant);
            destroyed = true;
        } catch (UnsupportedOperationException cloud) {
            destroyed = false;
        }
        String how = destroyed ? "every key-encryption key version destroyed in " + kms.name() + "; keysets deleted"
                : "keysets deleted; the key-encryption key in " + kms.name() + " must be scheduled for deletion there";
        try {
            scope.inTransactionWithoutResult(tx, tenant, status -> {
                boolean already = shredded(tenant);
                jdbc.sql("DELETE FROM tenant_keysets WHERE tenant_id = ?").param(tenant.value()).update();
                if (!already) {
                    jdbc.sql("INSERT INTO crypto_shredded (tenant_id, shredded_at) VALUES (?, ?)")
                            .params(tenant.value(), instants.bind(clock.instant())).update();
                    record(actor, tenant, "vault.crypto-shredded", how);
                }
            });
        } finally {
            cache.invalidate(tenant);
        }
        return destroyed;
    }

    @Override
    public void requireNotShredded(TenantId tenant) {
        if (shredded(tenant)) {
            throw new eu.custodia.server.vault.TenantShreddedException(tenant);
        }
    }

    private boolean shredded(TenantId tenant) {
        return jdbc.sql("SELECT COUNT(*) FROM crypto_shredded WHERE tenant_id = ?").param(tenant.value())
                .query(Long.class).single() > 0;
    }

    private void update(TenantId tenant, Purpose purpose, int version, byte[] keyset) {
        jdbc.sql("UPDATE tenant_keysets SET kek_version = ?, keyset = ?, updated_at = ? WHERE tenant_id = ?"
                + " AND purpose = ?")
                .params(version, keyset, instants.bind(clock.instant()), tenant.value(), purpose.code).update();
    }

    private Map<Purpose, Wrapped> required(TenantId tenant) {
        Map<Purpose, Wrapped> rows = load(tenant);
        if (rows.isEmpty()) {
            throw new IllegalStateException("tenant " + tenant + " has no keysets yet; provision them first");
        }
        return rows;
    }

    /** The tenant's wrapped keysets, in a transaction of its own or the caller's, scoped to the tenant. */
    private Map<Purpose, Wrapped> load(TenantId tenant) {
        Map<Purpose, Wrapped> rows = new EnumMap<>(Purpose.class);
        scope.inTransactionWithoutResult(tx, tenant, status -> {
            jdbc.sql("SELECT purpose, kek_version, keyset FROM tenant_keysets WHERE tenant_id = ?")
                    .param(tenant.value())
                    .query((rs, n) -> new Wrapped(Purpose.of(rs.getString(1)), rs.getInt(2), rs.getBytes(3)))
                    .list().forEach(w -> rows.put(w.purpose(), w));
        });
        return rows;
    }

    private Map<Purpose, KeysetHandle> unwrap(TenantId tenant, Map<Purpose, Wrapped> rows) {
        Map<Purpose, KeysetHandle> handles = new EnumMap<>(Purpose.class);
        for (Wrapped row : rows.values()) {
            handles.put(row.purpose(), unwrapOne(tenant, row, kms.kek(tenant, row.kekVersion())));
        }
        return handles;
    }

    private static KeysetHandle unwrapOne(TenantId tenant, Wrapped row, Aead kek) {
        return unwrap(tenant, row.purpose(), row.kekVersion(), row.keyset(), kek);
    }

    /** Opens a wrapped keyset of {@code tenant} under {@code kek}; a failure is the KMS's (the key or its data). */
    static KeysetHandle unwrap(TenantId tenant, Purpose purpose, int kekVersion, byte[] keyset, Aead kek) {
        try {
            return TinkProtoKeysetFormat.parseEncryptedKeyset(keyset, kek, associatedData(tenant, purpose, kekVersion),
                    RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new KmsUnavailableException("tenant " + tenant + "'s " + purpose.code
                    + " keyset does not open under KEK version " + kekVersion, e);
        }
    }

    private static byte[] wrap(TenantId tenant, Purpose purpose, int version, KeysetHandle handle, Aead kek) {
        try {
            return TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, kek,
                    associatedData(tenant, purpose, version), RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new KmsUnavailableException("cannot wrap tenant " + tenant + "'s " + purpose.code + " keyset", e);
        }
    }

    /** The associated data binding a wrapped keyset to its tenant, purpose and KEK version. */
    static byte[] associatedData(TenantId tenant, Purpose purpose, int kekVersion) {
        return ("custodia/vault/keyset/v1|" + tenant.value() + "|" + purpose.code + "|kek-v" + kekVersion)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static KeysetHandle generate(Purpose purpose) {
        try {
            return KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.generateEntryFromParameters(purpose.parameters).withRandomId().makePrimary())
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + purpose.code + " keyset", e);
        }
    }

    private void record(Caller actor, TenantId tenant, String action, String reason) {
        ledger.record(new LedgerEvent(clock.instant(), tenant, actor.ledgerActor(), action,
                "tenant/" + tenant.value() + "/keysets", "success", reason, null));
    }
}
