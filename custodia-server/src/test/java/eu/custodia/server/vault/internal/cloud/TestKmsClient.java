package eu.custodia.server.vault.internal.cloud;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A cloud KMS in memory: one Tink AES-256-GCM keyset per provisioned key URI (a key with versions; the
 * ciphertext names the version through Tink's key id prefix), rotated like a cloud key, and a switch
 * making it unreachable (the SDK's unchecked errors).
 */
public final class TestKmsClient implements KmsClient {

    /** Off: every call fails as an SDK does without a route to the KMS. */
    public final AtomicBoolean reachable = new AtomicBoolean(true);
    private final String prefix;
    private final Map<String, KeysetHandle> keys = new ConcurrentHashMap<>();

    /** A client for key URIs starting with {@code prefix}, e.g. {@code aws-kms://}. */
    public TestKmsClient(String prefix) {
        this.prefix = prefix;
    }

    /** Makes the key at {@code keyUri} (as the operator does in the cloud). */
    public void provision(String keyUri) {
        try {
            keys.put(keyUri, KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId().makePrimary())
                    .build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rotates the key: a new primary version; the older ones keep decrypting. */
    public void rotate(String keyUri) {
        try {
            keys.put(keyUri, KeysetHandle.newBuilder(keys.get(keyUri))
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId().makePrimary())
                    .build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the key, every version (the operator's scheduled deletion, once it has run). */
    public void delete(String keyUri) {
        keys.remove(keyUri);
    }

    /** The key version (Tink key id) that made a ciphertext. */
    public int primaryId(byte[] ciphertext) {
        return ByteBuffer.wrap(ciphertext, 1, 4).getInt();
    }

    @Override
    public boolean doesSupport(String keyUri) {
        return keyUri != null && keyUri.startsWith(prefix);
    }

    @Override
    public KmsClient withCredentials(String credentialPath) {
        return this;
    }

    @Override
    public KmsClient withDefaultCredentials() {
        return this;
    }

    @Override
    public Aead getAead(String keyUri) throws GeneralSecurityException {
        if (!keys.containsKey(keyUri)) {
            throw new GeneralSecurityException("NotFoundException: key " + keyUri);
        }
        return new Aead() {
            @Override
            public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
                return current().encrypt(plaintext, associatedData);
            }

            @Override
            public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
                return current().decrypt(ciphertext, associatedData);
            }

            private Aead current() throws GeneralSecurityException {
                if (!reachable.get()) {
                    throw new IllegalStateException("SdkClientException: Unable to execute HTTP request");
                }
                return keys.get(keyUri).getPrimitive(RegistryConfiguration.get(), Aead.class);
            }
        };
    }
}
