package eu.custodia.server.vault.internal.pkcs11;

import com.google.crypto.tink.Aead;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.vault.KeyEncryptionKeys;
import eu.custodia.server.vault.KmsUnavailableException;
import eu.custodia.tlog.SuppressForbidden;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Key-encryption keys in a PKCS#11 token (an HSM; tested against SoftHSM2), through the JDK's SunPKCS11
 * provider configured at runtime. Each tenant's KEK version is one AES-256 secret key object, generated
 * inside the token (sensitive, not extractable) and stored on it (CKA_TOKEN) under the label
 * {@code custodia-kek-<tenant>-v<version>}; its value never leaves the token.
 *
 * <p>The {@link Aead} returned by {@link #kek} is AES-256-GCM computed by the token. Ciphertext layout:
 * {@code iv (12 bytes, SecureRandom) || ciphertext || tag (16 bytes)}; the associated data is passed
 * through to GCM unchanged.
 *
 * <p>Any failure of the token (library missing, wrong PIN, token gone, key missing) is a
 * {@link KmsUnavailableException} naming the adapter and the tenant, never the PIN.
 */
// The one class of the server that drives a PKCS#11 token: SunPKCS11 exposes the token only through the JCE
// (KeyStore, KeyGenerator, Cipher), which Tink cannot wrap; nothing here touches key material in memory.
@SuppressForbidden(reason = "PKCS#11 adapter: KeyGenerator and Cipher of the SunPKCS11 provider, run inside the token")
public final class Pkcs11KeyEncryptionKeys implements KeyEncryptionKeys {

    public static final String NAME = "pkcs11";

    static final String ALIAS_PREFIX = "custodia-kek-";
    private static final Pattern ALIAS = Pattern.compile("custodia-kek-(t-[a-z2-7]{26})-v([1-9][0-9]{0,8})");
    static final int IV_BYTES = 12;
    static final int TAG_BITS = 128;

    private final Provider provider;
    private final KeyStore keyStore;
    /** Kept to log in again after the token drops the session; never logged. */
    private final char[] pin;
    private final SecureRandom random = new SecureRandom();

    /**
     * Loads the PKCS#11 library, selects the slot and logs in.
     *
     * @param library path of the PKCS#11 module (e.g. {@code /usr/lib/softhsm/libsofthsm2.so})
     * @param slot the token's slot id, or {@code null} to use {@code slotListIndex}
     * @param slotListIndex index in the list of slots with a token, used when {@code slot} is {@code null}
     * @param pin the user PIN; the caller may clear the array afterwards
     * @throws KmsUnavailableException when the library cannot be loaded or the login fails
     */
    public Pkcs11KeyEncryptionKeys(String library, Long slot, int slotListIndex, char[] pin) {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(pin, "pin");
        if (library.isBlank() || library.indexOf('"') >= 0 || library.indexOf('\n') >= 0
                || library.indexOf('\r') >= 0) {
            throw new KmsUnavailableException("pkcs11 KMS: custodia.vault.pkcs11.library is not a usable path");
        }
        String config = "--name = custodia-kms\n"
                + "library = \"" + library + "\"\n"
                + (slot != null ? "slot = " + slot + "\n" : "slotListIndex = " + slotListIndex + "\n")
                // Keys generated through this provider are sensitive and never extractable.
                + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
                + "  CKA_SENSITIVE = true\n"
                + "  CKA_EXTRACTABLE = false\n"
                + "}\n";
        try {
            Provider base = Security.getProvider("SunPKCS11");
            if (base == null) {
                throw new KmsUnavailableException("pkcs11 KMS: this JDK has no SunPKCS11 provider");
            }
            this.provider = base.configure(config);
            this.keyStore = KeyStore.getInstance("PKCS11", provider);
            this.pin = pin.clone();
            keyStore.load(null, this.pin);
        } catch (KmsUnavailableException e) {
            throw e;
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new KmsUnavailableException("pkcs11 KMS: cannot open the token (library " + library + ", "
                    + (slot != null ? "slot " + slot : "slot list index " + slotListIndex)
                    + "): " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized int create(TenantId tenant) {
        int current = currentVersion(tenant);
        return current > 0 ? current : generate(tenant, 1);
    }

    @Override
    public synchronized int currentVersion(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        try {
            refresh();
            int max = 0;
            for (String alias : Collections.list(keyStore.aliases())) {
                Matcher m = ALIAS.matcher(alias);
                if (m.matches() && m.group(1).equals(tenant.value())) {
                    max = Math.max(max, Integer.parseInt(m.group(2)));
                }
            }
            return max;
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw unavailable(tenant, "cannot list the tenant's keys", e);
        }
    }

    @Override
    public synchronized int rotate(TenantId tenant) {
        return generate(tenant, currentVersion(tenant) + 1);
    }

    @Override
    public Aead kek(TenantId tenant, int version) {
        Objects.requireNonNull(tenant, "tenant");
        SecretKey key;
        synchronized (this) {
            try {
                String alias = alias(tenant, version);
                if (version > 0 && !keyStore.containsAlias(alias)) {
                    refresh(); // made by another node after this one last read the token's labels?
                }
                Key found = version > 0 ? keyStore.getKey(alias, null) : null;
                if (!(found instanceof SecretKey secret)) {
                    throw new KmsUnavailableException(
                            "pkcs11 KMS: tenant " + tenant + " has no key-encryption key version " + version);
                }
                key = secret;
            } catch (KmsUnavailableException e) {
                throw e;
            } catch (GeneralSecurityException | IOException | RuntimeException e) {
                throw unavailable(tenant, "cannot read key-encryption key version " + version, e);
            }
        }
        return new TokenAead(provider, key, random, tenant);
    }

    @Override
    public synchronized void destroyAllVersions(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        try {
            refresh();
            for (String alias : Collections.list(keyStore.aliases())) {
                Matcher m = ALIAS.matcher(alias);
                if (m.matches() && m.group(1).equals(tenant.value())) {
                    keyStore.deleteEntry(alias);
                }
            }
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw unavailable(tenant, "cannot destroy the tenant's keys", e);
        }
    }

    /** The stored key object of a version, for tests (its value must not be readable). */
    SecretKey storedKey(TenantId tenant, int version) throws GeneralSecurityException {
        return (SecretKey) keyStore.getKey(alias(tenant, version), null);
    }

    /**
     * Re-reads the token's key labels (SunPKCS11 caches them from the last load), logging in again if the
     * token dropped the login: other nodes sharing the token may have added or destroyed keys.
     */
    private void refresh() throws GeneralSecurityException, IOException {
        keyStore.load(null, pin);
    }

    static String alias(TenantId tenant, int version) {
        return ALIAS_PREFIX + tenant.value() + "-v" + version;
    }

    private int generate(TenantId tenant, int version) {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
            generator.init(256);
            // A session key made by the token (sensitive, not extractable); storing it copies it into a token
            // object (C_CopyObject, CKA_TOKEN) labelled with the alias.
            SecretKey sessionKey = generator.generateKey();
            keyStore.setEntry(alias(tenant, version), new KeyStore.SecretKeyEntry(sessionKey), null);
            return version;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw unavailable(tenant, "cannot generate key-encryption key version " + version, e);
        }
    }

    private static KmsUnavailableException unavailable(TenantId tenant, String what, Exception cause) {
        return new KmsUnavailableException("pkcs11 KMS, tenant " + tenant + ": " + what + " ("
                + cause.getClass().getSimpleName() + ")", cause);
    }

    /** AES-256-GCM in the token; layout {@code iv || ciphertext || tag}. */
    @SuppressForbidden(reason = "AES/GCM Cipher of the SunPKCS11 provider: the token encrypts, the JVM never sees the key")
    private static final class TokenAead implements Aead {

        private final Provider provider;
        private final SecretKey key;
        private final SecureRandom random;
        private final TenantId tenant;

        TokenAead(Provider provider, SecretKey key, SecureRandom random, TenantId tenant) {
            this.provider = provider;
            this.key = key;
            this.random = random;
            this.tenant = tenant;
        }

        @Override
        public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
            Objects.requireNonNull(plaintext, "plaintext");
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
                if (associatedData != null && associatedData.length > 0) {
                    cipher.updateAAD(associatedData);
                }
                byte[] sealed = cipher.doFinal(plaintext);
                byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
                System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
                return out;
            } catch (RuntimeException e) {
                throw unavailable(tenant, "cannot encrypt with the key-encryption key", e);
            }
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
            Objects.requireNonNull(ciphertext, "ciphertext");
            if (ciphertext.length < IV_BYTES + TAG_BITS / 8) {
                throw new GeneralSecurityException("ciphertext too short");
            }
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 0, IV_BYTES));
                if (associatedData != null && associatedData.length > 0) {
                    cipher.updateAAD(associatedData);
                }
                return cipher.doFinal(ciphertext, IV_BYTES, ciphertext.length - IV_BYTES);
            } catch (RuntimeException e) {
                throw unavailable(tenant, "cannot decrypt with the key-encryption key", e);
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "pkcs11 AES-256-GCM KEK of %s", tenant);
        }
    }
}
