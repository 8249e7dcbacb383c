package eu.custodia.server.identity.internal.totp;

/**
 * The HMAC of HOTP/TOTP. RFC 4226 defines HOTP with HMAC-SHA-1; RFC 6238 §1.2 allows HMAC-SHA-256 and
 * HMAC-SHA-512 for TOTP. SHA-1 is the default because authenticator apps widely ignore the others: HMAC-SHA-1
 * remains sound as a PRF; the collision attacks on SHA-1 do not carry over to HMAC.
 */
public enum TotpAlgorithm {

    /** HMAC-SHA-1, the default (RFC 4226). */
    SHA1("HmacSHA1", 20),
    /** HMAC-SHA-256 (RFC 6238 §1.2). */
    SHA256("HmacSHA256", 32),
    /** HMAC-SHA-512 (RFC 6238 §1.2). */
    SHA512("HmacSHA512", 64);

    private final String jcaName;
    private final int keyBytes;

    TotpAlgorithm(String jcaName, int keyBytes) {
        this.jcaName = jcaName;
        this.keyBytes = keyBytes;
    }

    /** The JCA name of the HMAC, e.g. {@code HmacSHA1}. */
    String jcaName() {
        return jcaName;
    }

    /** The key length RFC 6238 §5.1 recommends: the hash's output length (20, 32 or 64 bytes). */
    public int keyBytes() {
        return keyBytes;
    }

    /** The name in the {@code algorithm} parameter of an {@code otpauth://} URI: {@code SHA1}, {@code SHA256}, {@code SHA512}. */
    public String uriName() {
        return name();
    }
}
