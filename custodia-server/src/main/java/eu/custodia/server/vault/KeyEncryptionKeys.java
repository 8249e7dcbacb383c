package eu.custodia.server.vault;

import com.google.crypto.tink.Aead;
import eu.custodia.server.platform.TenantId;

/**
 * A KMS holding one 256-bit key-encryption key (KEK) per tenant, in versions: the root of that tenant's key
 * hierarchy. A KEK never leaves the KMS where the KMS can keep it (a PKCS#11 token, a cloud KMS); it is used
 * only to wrap and unwrap the tenant's keyset, through the {@link Aead} returned here, with associated data
 * that binds the tenant id and the key version. Adapters: a local key file per tenant (the embedded default),
 * PKCS#11 (SunPKCS11, tested against SoftHSM2), cloud KMSs through Tink's extensions.
 *
 * <p>Every method throws {@link KmsUnavailableException} when the KMS cannot be reached or refuses to work;
 * callers fail closed (503 problem {@code kms-unavailable}), never fall back to anything else.
 */
public interface KeyEncryptionKeys {

    /**
     * The adapter's stable name, {@code local-file}, {@code pkcs11}, {@code aws-kms} or {@code gcp-kms}; shown by
     * {@code doctor}.
     */
    String name();

    /**
     * Creates version 1 of the tenant's KEK if the tenant has none; idempotent.
     *
     * @return the tenant's current version
     */
    int create(TenantId tenant);

    /** The tenant's current (newest) KEK version, or 0 when it has none. */
    int currentVersion(TenantId tenant);

    /**
     * Adds a new version of the tenant's KEK and makes it current; older versions keep unwrapping until
     * they are destroyed (re-wrap the keyset first). A cloud KMS versions the key material itself (automatic
     * rotation configured there, every ciphertext naming its key version): its adapter adds no Custodia version
     * and returns the current one, and the re-wrap that follows re-encrypts under the cloud key's current
     * primary version.
     *
     * @return the new version (a cloud KMS: the current one)
     */
    int rotate(TenantId tenant);

    /**
     * The KEK of {@code tenant} at {@code version}, as an AEAD for wrapping keysets.
     *
     * @throws KmsUnavailableException when the KMS cannot be used, or has no such key (destroyed, never made)
     */
    Aead kek(TenantId tenant, int version);

    /**
     * Destroys every version of the tenant's KEK (crypto-shredding): whatever they wrapped, keysets and the
     * backups under them, can never be read again. Irreversible; the caller ledgers it.
     *
     * @throws UnsupportedOperationException when the KMS cannot destroy keys on Custodia's request (cloud KMSs,
     *     through Tink): the message tells the operator, in English and Italian, to schedule the key's deletion
     *     in the cloud KMS, which is the crypto-shredding step there
     */
    void destroyAllVersions(TenantId tenant);
}
