package eu.custodia.server.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.prf.PrfSet;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantId;

/**
 * Each tenant's Tink keysets, stored in the database wrapped by the tenant's key-encryption key
 * ({@link KeyEncryptionKeys}): one keyset per purpose, AES-256-GCM for records, HMAC-SHA256 PRF for blind
 * indexes, streaming AES-256-GCM (HKDF, 1 MB segments) for blobs and backups. A tenant's keysets are
 * provisioned on first use when nobody provisioned them before.
 *
 * <p>A crypto-shredded tenant's methods throw {@link TenantShreddedException}. Every method throws
 * {@link KmsUnavailableException} when the tenant's KEK cannot be used (the KMS is
 * unreachable, or the key was destroyed): requests fail closed with 503 {@code kms-unavailable}.
 */
public interface TenantKeysets {

    /** The tenant's AEAD for records (AES-256-GCM); decrypts with every key version the keyset holds. */
    Aead recordsAead(TenantId tenant);

    /** The tenant's PRF set for blind indexes (HMAC-SHA256); use {@link PrfSet#computePrimary}. */
    PrfSet blindIndexPrf(TenantId tenant);

    /** The tenant's streaming AEAD for blobs and backups (AES-256-GCM-HKDF, 1 MB segments). */
    StreamingAead streamingAead(TenantId tenant);

    /** Creates the tenant's KEK and keysets unless they exist; idempotent. Ledgered when it creates them. */
    void provision(Caller actor, TenantId tenant);

    /** Adds a new primary key to each of the tenant's keysets; older keys still decrypt. Ledgered. */
    void rotate(Caller actor, TenantId tenant);

    /** Rotates the tenant's KEK in the KMS and wraps the keysets under the new version. Ledgered. */
    void rewrap(Caller actor, TenantId tenant);

    /** The KEK version that wraps the tenant's keysets, or 0 when none are provisioned. */
    int kekVersion(TenantId tenant);

    /**
     * Crypto-shreds the tenant: destroys every version of its KEK in the KMS, deletes its wrapped keysets and
     * marks it shredded, so its records, blobs and backups can never be read again, on any node. Irreversible.
     * Ledgered ({@code vault.crypto-shredded}). The caller has checked that the tenant is terminated.
     *
     * @return true when the KMS destroyed the KEK; false when the KMS cannot do it through Custodia (a cloud
     *     KMS): the keysets are deleted and the tenant marked all the same, and the operator must schedule the
     *     key's deletion in the cloud KMS to finish the job (the ledger event says so)
     */
    boolean cryptoShred(Caller actor, TenantId tenant);

    /**
     * Throws {@link TenantShreddedException} when the tenant was crypto-shredded. One indexed read: data paths
     * call it in their transaction, so no node serves a shredded tenant's data from a cached keyset.
     */
    void requireNotShredded(TenantId tenant);
}
