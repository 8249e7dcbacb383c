package eu.custodia.server.identity.internal.totp;

import eu.custodia.tlog.SuppressForbidden;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HOTP, RFC 4226 §5: {@code HOTP(K, C) = Truncate(HMAC(K, C)) mod 10^Digit}, with the 8-byte big-endian
 * counter C of §5.1 and the dynamic truncation of §5.3. RFC 6238 §1.2 and its reference implementation
 * (Appendix A) apply the same truncation to HMAC-SHA-256 and HMAC-SHA-512, whose longer outputs only change
 * where the offset nibble is read (always the last byte). Stateless and thread-safe; no I/O.
 */
final class Hotp {

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Hotp() {
    }

    /**
     * The codes for {@code count} consecutive counters from {@code firstCounter}, each as {@code digits} ASCII
     * digits (zero-padded, RFC 4226 §5.3). One HMAC key schedule serves them all.
     */
    @SuppressForbidden(reason = "the HOTP kernel of RFC 4226: HMAC over the counter, nothing else")
    static byte[][] codes(TotpAlgorithm algorithm, TotpSecret secret, long firstCounter, int count, int digits) {
        if (digits < 1 || digits >= POWERS_OF_TEN.length) {
            throw new IllegalArgumentException("digits must be 1 to 8: " + digits);
        }
        Mac mac;
        try {
            mac = Mac.getInstance(algorithm.jcaName());
            mac.init(new SecretKeySpec(secret.keyForHmac(), algorithm.jcaName()));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(algorithm.jcaName() + " is not available", e);
        }
        byte[][] codes = new byte[count][];
        byte[] counter = new byte[8];
        for (int i = 0; i < count; i++) {
            long c = firstCounter + i;
            for (int b = 7; b >= 0; b--) {
                counter[b] = (byte) c;
                c >>>= 8;
            }
            // doFinal resets the Mac to its initialised state, same key: ready for the next counter.
            codes[i] = ascii(truncate(mac.doFinal(counter)) % POWERS_OF_TEN[digits], digits);
        }
        return codes;
    }

    /** The code for one counter, as a string of {@code digits} ASCII digits. */
    static String code(TotpAlgorithm algorithm, TotpSecret secret, long counter, int digits) {
        return new String(codes(algorithm, secret, counter, 1, digits)[0], StandardCharsets.US_ASCII);
    }

    /**
     * Dynamic truncation, RFC 4226 §5.3: the low 4 bits of the last byte are an offset; the 31-bit
     * big-endian value of the 4 bytes there (top bit masked, to avoid signed/unsigned ambiguity) is the result.
     */
    static int truncate(byte[] hmac) {
        int offset = hmac[hmac.length - 1] & 0x0f;
        return (hmac[offset] & 0x7f) << 24
                | (hmac[offset + 1] & 0xff) << 16
                | (hmac[offset + 2] & 0xff) << 8
                | (hmac[offset + 3] & 0xff);
    }

    private static byte[] ascii(int value, int digits) {
        byte[] out = new byte[digits];
        for (int i = digits - 1; i >= 0; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return out;
    }
}
