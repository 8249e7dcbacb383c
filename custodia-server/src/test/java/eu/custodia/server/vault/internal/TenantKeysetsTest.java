package eu.custodia.server.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.StreamingAead;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.server.vault.KeyEncryptionKeys;
import eu.custodia.server.vault.KmsUnavailableException;
import eu.custodia.server.vault.TenantKeysets;
import eu.custodia.server.vault.VaultProperties;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each tenant's keysets, wrapped by its KEK in the database: round trips, isolation between tenants,
 * tampering, rotation, re-wrap, crypto-shredding, the cache's TTL, and ledger events without key material.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
class TenantKeysetsTest {

    private static final byte[] RECORD = "codice fiscale RSSMRA80A01H501U".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "record/r-1".getBytes(StandardCharsets.UTF_8);
    private static final Caller ADMIN = new Caller("acc-vaultadmin", "staff", Set.of("platform-admin"), null,
            List.of("passkey"));

    @Autowired
    TenantKeysets keysets;
    @Autowired
    KeyEncryptionKeys kms;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    VaultProperties properties;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    TenantRowScope scope;

    @Test
    void recordsAeadWhenRoundTripThenOpensAndTamperingOrAnotherTenantFails() throws Exception {
        TenantId a = TenantId.random();
        TenantId b = TenantId.random();
        byte[] sealed = keysets.recordsAead(a).encrypt(RECORD, AAD);

        assertThat(keysets.recordsAead(a).decrypt(sealed, AAD)).isEqualTo(RECORD);
        assertThatThrownBy(() -> keysets.recordsAead(b).decrypt(sealed, AAD))
                .as("tenant B's keyset never opens tenant A's ciphertext").isInstanceOf(GeneralSecurityException.class);
        byte[] flipped = sealed.clone();
        flipped[flipped.length - 1] ^= 1;
        assertThatThrownBy(() -> keysets.recordsAead(a).decrypt(flipped, AAD))
                .isInstanceOf(GeneralSecurityException.class);
        byte[] otherAad = "record/r-2".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> keysets.recordsAead(a).decrypt(sealed, otherAad))
                .isInstanceOf(GeneralSecurityException.class);

        assertThat(keysets.blindIndexPrf(a).computePrimary(RECORD, 32))
                .isEqualTo(keysets.blindIndexPrf(a).computePrimary(RECORD, 32))
                .isNotEqualTo(keysets.blindIndexPrf(b).computePrimary(RECORD, 32));
        assertThat(stream(keysets.streamingAead(a), keysets.streamingAead(a))).isEqualTo(RECORD);
        assertThat(kms.currentVersion(a)).isEqualTo(1);
        assertThat(keysets.kekVersion(a)).isEqualTo(1);
    }

    @Test
    void provisionWhenRepeatedThenOnceAndLedgeredWithKeyIdsOnly() throws Exception {
        TenantId tenant = TenantId.random();
        keysets.provision(ADMIN, tenant);
        keysets.provision(ADMIN, tenant);
        keysets.rotate(ADMIN, tenant);
        keysets.rewrap(ADMIN, tenant);

        List<LedgerEvent> events = events(tenant);
        assertThat(events).extracting(LedgerEvent::action).containsExactly("vault.keyset-provisioned",
                "vault.keyset-rotated", "vault.keyset-rewrapped");
        assertThat(events.get(0).reason()).matches("primary key ids: records=\\d+, blind-index=\\d+, streaming=\\d+;"
                + " kek version 1");
        assertThat(events.get(1).reason()).matches("new primary key ids: records=\\d+, blind-index=\\d+,"
                + " streaming=\\d+");
        assertThat(events.get(2).reason()).isEqualTo("kek version 1 -> 2");
        List<String> secrets = secrets(tenant);
        for (LedgerEvent e : events) {
            assertThat(e.tenant()).isEqualTo(tenant);
            assertThat(e.target()).isEqualTo("tenant/" + tenant.value() + "/keysets");
            assertThat(e.actor().id()).isEqualTo(ADMIN.id());
            assertThat(e.outcome()).isEqualTo("success");
            String text = e.toString();
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }

    @Test
    void rotateWhenDoneThenOldCiphertextsStillOpenAndNewOnesUseTheNewPrimary() throws Exception {
        TenantId tenant = TenantId.random();
        byte[] before = keysets.recordsAead(tenant).encrypt(RECORD, AAD);
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        try (OutputStream out = keysets.streamingAead(tenant).newEncryptingStream(blob, AAD)) {
            out.write(RECORD);
        }

        keysets.rotate(ADMIN, tenant);

        byte[] after = keysets.recordsAead(tenant).encrypt(RECORD, AAD);
        assertThat(Arrays.copyOf(after, 5)).as("Tink output prefix names the new primary key")
                .isNotEqualTo(Arrays.copyOf(before, 5));
        assertThat(keysets.recordsAead(tenant).decrypt(before, AAD)).isEqualTo(RECORD);
        assertThat(keysets.recordsAead(tenant).decrypt(after, AAD)).isEqualTo(RECORD);
        try (InputStream in = keysets.streamingAead(tenant)
                .newDecryptingStream(new ByteArrayInputStream(blob.toByteArray()), AAD)) {
            assertThat(in.readAllBytes()).isEqualTo(RECORD);
        }
        assertThat(keysets.kekVersion(tenant)).isEqualTo(1);
    }

    @Test
    void rewrapWhenDoneThenWrappedUnderVersionTwoStillOpensAndARowMovedBackDoesNot() throws Exception {
        TenantId tenant = TenantId.random();
        byte[] sealed = keysets.recordsAead(tenant).encrypt(RECORD, AAD);

        keysets.rewrap(ADMIN, tenant);

        assertThat(kms.currentVersion(tenant)).isEqualTo(2);
        assertThat(as(tenant, () -> jdbc.sql("SELECT DISTINCT kek_version FROM tenant_keysets WHERE tenant_id = ?")
                .param(tenant.value()).query(Integer.class).list())).containsExactly(2);
        assertThat(keysets.recordsAead(tenant).decrypt(sealed, AAD)).isEqualTo(RECORD);

        // an attacker with the database relabels the rows as wrapped by version 1: the associated data no longer
        // matches, and nothing opens
        as(tenant, () -> jdbc.sql("UPDATE tenant_keysets SET kek_version = 1 WHERE tenant_id = ?")
                .param(tenant.value()).update());
        ((JdbcTenantKeysets) keysets).cache().invalidate(tenant);
        assertThatThrownBy(() -> keysets.recordsAead(tenant)).isInstanceOf(KmsUnavailableException.class)
                .hasMessageContaining("does not open");
    }

    @Test
    void openWhenAnotherTenantsWrappedKeysetIsCopiedInThenRefused() {
        TenantId a = provisioned();
        TenantId b = provisioned();
        byte[] aRecords = as(a, () -> jdbc.sql("SELECT keyset FROM tenant_keysets WHERE tenant_id = ?"
                + " AND purpose = 'records'").param(a.value()).query(byte[].class).single());
        as(b, () -> jdbc.sql("UPDATE tenant_keysets SET keyset = ? WHERE tenant_id = ? AND purpose = 'records'")
                .params(aRecords, b.value()).update());
        assertThatThrownBy(() -> keysets.recordsAead(b)).isInstanceOf(KmsUnavailableException.class);
    }

    @Test
    void destroyAllVersionsWhenCacheExpiresThenKeysetNeverOpensAgain() throws Exception {
        TenantId tenant = TenantId.random();
        byte[] sealed = keysets.recordsAead(tenant).encrypt(RECORD, AAD);

        kms.destroyAllVersions(tenant);

        // still cached within the TTL: the cache really holds the unwrapped keyset
        assertThat(keysets.recordsAead(tenant).decrypt(sealed, AAD)).isEqualTo(RECORD);
        clock.advance(properties.cacheTtl().plus(Duration.ofSeconds(1)));
        assertThatThrownBy(() -> keysets.recordsAead(tenant)).isInstanceOf(KmsUnavailableException.class);
        assertThatThrownBy(() -> keysets.rotate(ADMIN, tenant)).isInstanceOf(KmsUnavailableException.class);
        assertThatThrownBy(() -> keysets.rewrap(ADMIN, tenant)).isInstanceOf(KmsUnavailableException.class);
        assertThatThrownBy(() -> keysets.streamingAead(tenant)).isInstanceOf(KmsUnavailableException.class);
        assertThat(as(tenant, () -> jdbc.sql("SELECT count(*) FROM tenant_keysets WHERE tenant_id = ?")
                .param(tenant.value()).query(Integer.class).single())).as("no silent re-provisioning").isEqualTo(3);
    }

    @Test
    void cacheWhenTtlPassesThenUnwrapsAgainAndSizeIsBounded() {
        KeysetCache<String> cache = new KeysetCache<>(clock, Duration.ofMinutes(5), 2);
        TenantId a = TenantId.random();
        int[] loads = {0};
        assertThat(cache.get(a, () -> "v" + ++loads[0])).isEqualTo("v1");
        clock.advance(Duration.ofMinutes(4));
        assertThat(cache.get(a, () -> "v" + ++loads[0])).isEqualTo("v1");
        clock.advance(Duration.ofMinutes(2));
        assertThat(cache.get(a, () -> "v" + ++loads[0])).isEqualTo("v2");
        cache.get(TenantId.random(), () -> "b");
        cache.get(TenantId.random(), () -> "c");
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(a, () -> "v" + ++loads[0])).as("least recently used went first").isEqualTo("v3");
        assertThat(properties.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.cacheSize()).isEqualTo(10_000);
        assertThat(properties.kms()).isEqualTo("local-file");
    }

    /** Runs direct SQL on {@code tenant_keysets} as the application does: in a transaction scoped to the tenant. */
    private <T> T as(TenantId tenant, Supplier<T> work) {
        return tx.execute(status -> {
            scope.enter(tenant);
            return work.get();
        });
    }

    private TenantId provisioned() {
        TenantId tenant = TenantId.random();
        keysets.provision(ADMIN, tenant);
        return tenant;
    }

    private List<LedgerEvent> events(TenantId tenant) {
        return ledger.events().stream().filter(e -> tenant.equals(e.tenant())).toList();
    }

    /** The KEK files and wrapped keysets of a tenant, as base64 and hex, to look for in ledger events. */
    private List<String> secrets(TenantId tenant) throws Exception {
        List<byte[]> raw = new java.util.ArrayList<>(as(tenant, () -> jdbc.sql("SELECT keyset FROM tenant_keysets"
                + " WHERE tenant_id = ?").param(tenant.value()).query(byte[].class).list()));
        for (int v = 1; v <= kms.currentVersion(tenant); v++) {
            raw.add(Files.readAllBytes(((LocalFileKeyEncryptionKeys) kms).file(tenant, v)));
        }
        return raw.stream().flatMap(b -> {
            byte[] head = Arrays.copyOf(b, 12);
            return java.util.stream.Stream.of(Base64.getEncoder().encodeToString(head).substring(0, 12),
                    HexFormat.of().formatHex(head));
        }).toList();
    }

    private static byte[] stream(StreamingAead sealer, StreamingAead opener) throws Exception {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        try (OutputStream out = sealer.newEncryptingStream(blob, AAD)) {
            out.write(RECORD);
        }
        try (InputStream in = opener.newDecryptingStream(new ByteArrayInputStream(blob.toByteArray()), AAD)) {
            return in.readAllBytes();
        }
    }
}
