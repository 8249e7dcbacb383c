package eu.custodia.tlog.note;

import eu.custodia.tlog.merkle.Rfc9162;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Key IDs of <a href="https://c2sp.org/signed-note">C2SP signed-note</a>, section "Signatures":
 * {@code key ID = SHA-256(key name || 0x0A || signature type || public key)[:4]}, read as a big-endian
 * uint32 and carried here in an {@code int}.
 */
public final class KeyId {

    /** Signature type identifier of Ed25519 note signatures (signed-note, "Signature types"). */
    public static final byte ALG_ED25519 = 0x01;

    private KeyId() {
    }

    /**
     * Computes the key ID of a key.
     *
     * @param name the key name
     * @param typedKey the signature type byte followed by the public key encoding
     */
    public static int compute(String name, byte[] typedKey) {
        MessageDigest md = Rfc9162.newDigest();
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
        md.update(typedKey);
        byte[] sum = md.digest();
        return (sum[0] & 0xff) << 24 | (sum[1] & 0xff) << 16 | (sum[2] & 0xff) << 8 | sum[3] & 0xff;
    }

    /** Formats a key ID as 8 lower-case hex digits, as in verifier keys. */
    public static String hex(int keyId) {
        return String.format(Locale.ROOT, "%08x", keyId);
    }

    /** Parses exactly 8 hex digits (either case, as Go accepts) into a key ID, or returns null. */
    static Integer parseHex(String text) {
        if (text.length() != 8) {
            return null;
        }
        int v = 0;
        for (int i = 0; i < 8; i++) {
            int d = Character.digit(text.charAt(i), 16);
            if (d < 0 || text.charAt(i) > 'f') {
                return null;
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** Returns the 4-byte big-endian encoding of a key ID. */
    static byte[] toBytes(int keyId) {
        return new byte[] {(byte) (keyId >>> 24), (byte) (keyId >>> 16), (byte) (keyId >>> 8), (byte) keyId};
    }
}
