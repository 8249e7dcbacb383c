package eu.custodia.server.identity.internal.totp;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The shared secret K of an HOTP/TOTP factor (RFC 4226 §5.1). Generated from {@link SecureRandom} with the
 * length RFC 6238 §5.1 recommends (160 bits for HMAC-SHA-1), at least 128 bits as RFC 4226 §4 R6 requires,
 * and exchanged as RFC 4648 base32 (upper case, no padding), the form of {@code otpauth://} URIs.
 *
 * <p>Immutable. {@link #toString()} never shows the secret; {@code equals} is identity (not
 * overridden), so that secrets are never compared or hashed by accident in time that depends on their bytes;
 * {@link #sameAs} compares contents in constant time.
 */
public final class TotpSecret {

    /** RFC 4226 §4 R6: the shared secret is at least 128 bits. */
    public static final int MIN_BYTES = 16;
    /** The block size of SHA-512; HMAC would only hash a longer key down first (RFC 2104 §2). */
    public static final int MAX_BYTES = 128;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private TotpSecret(byte[] key) {
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new IllegalArgumentException("a TOTP secret has 16 to 128 bytes, not " + key.length);
        }
        this.key = key;
    }

    /** A new random 160-bit secret, for HMAC-SHA-1 (the default algorithm). */
    public static TotpSecret generate() {
        return generate(TotpAlgorithm.SHA1, RANDOM);
    }

    /** A new random secret as long as the algorithm's hash output (20, 32 or 64 bytes, RFC 6238 §5.1). */
    public static TotpSecret generate(TotpAlgorithm algorithm, SecureRandom random) {
        byte[] key = new byte[algorithm.keyBytes()];
        random.nextBytes(key);
        return new TotpSecret(key);
    }

    /** The secret with these bytes (copied). */
    public static TotpSecret of(byte[] key) {
        return new TotpSecret(key.clone());
    }

    /**
     * The secret written in base32 ({@link #toBase32()}); lower case, spaces and {@code =} padding are
     * accepted. {@link IllegalArgumentException}, whose message never quotes the text, if it is not base32 or
     * not 16 to 128 bytes long.
     */
    public static TotpSecret fromBase32(String text) {
        Objects.requireNonNull(text, "text");
        return new TotpSecret(Base32.decode(text));
    }

    /** RFC 4648 base32, upper case, no padding: what goes in the {@code secret} parameter of the URI. */
    public String toBase32() {
        return Base32.encode(key);
    }

    /** A copy of the key bytes. */
    public byte[] toBytes() {
        return key.clone();
    }

    /** Length of the key in bytes. */
    public int length() {
        return key.length;
    }

    /** The key itself, not copied: for {@link Hotp} only, which must not change or keep it. */
    byte[] keyForHmac() {
        return key;
    }

    @Override
    public String toString() {
        return "TotpSecret[" + key.length * 8 + " bits, ***]";
    }

    /** Compares two secrets in time independent of their content. */
    public boolean sameAs(TotpSecret other) {
        return MessageDigest.isEqual(key, other.key);
    }
}
