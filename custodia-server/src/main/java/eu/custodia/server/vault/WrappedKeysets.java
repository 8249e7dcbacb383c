package eu.custodia.server.vault;

import com.google.crypto.tink.StreamingAead;
import eu.custodia.server.platform.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * A tenant's keysets exactly as stored (still wrapped by the tenant's key-encryption key), for backups: a
 * backup carries them without ever unwrapping them to disk, and a restore puts them back as they were. Only
 * the KMS that holds the tenant's KEK can open them; once that KEK is destroyed
 * ({@link KeyEncryptionKeys#destroyAllVersions}), neither the store nor any backup can be read.
 */
public interface WrappedKeysets {

    /**
     * One stored keyset row.
     *
     * @param purpose {@code records}, {@code blind-index} or {@code streaming}
     * @param kekVersion the KEK version that wraps it
     * @param keyset the Tink keyset encrypted under the KEK (associated data binds tenant, purpose, version)
     * @param createdAt when the row was created
     * @param updatedAt when it was last rotated or re-wrapped
     */
    record Wrapped(String purpose, int kekVersion, byte[] keyset, Instant createdAt, Instant updatedAt) {

        public Wrapped {
            keyset = keyset.clone();
        }

        @Override
        public byte[] keyset() {
            return keyset.clone();
        }
    }

    /** The tenant's rows as stored, in purpose order; empty when none are provisioned. Call inside a transaction. */
    List<Wrapped> export(TenantId tenant);

    /**
     * Unwraps the streaming keyset among {@code rows} with the KEK from the KMS (nothing is written).
     *
     * @throws KmsUnavailableException when the KEK cannot be used: the KMS is unreachable, or the key was
     *     destroyed, or the rows were not wrapped by this tenant's KEK
     */
    StreamingAead openStreaming(TenantId tenant, List<Wrapped> rows);

    /**
     * Inserts {@code rows} as the tenant's keysets, in the caller's transaction, after checking each one
     * unwraps with the tenant's KEK.
     *
     * @throws IllegalStateException when the tenant already has keysets, or the rows are not a full set
     * @throws KmsUnavailableException when the KEK cannot open them
     */
    void restore(TenantId tenant, List<Wrapped> rows);
}
