package eu.custodia.server.identity.internal;

import eu.custodia.tlog.merkle.Rfc9162;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Random secrets in lower-case RFC 4648 base32 (no padding) and their SHA-256, compared in constant time. */
final class Secrets {

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** Returns {@code bits} random bits (a multiple of 8) as base32 text. */
    static String random(int bits) {
        byte[] bytes = new byte[bits / 8];
        RANDOM.nextBytes(bytes);
        return base32(bytes);
    }

    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bitsLeft = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bitsLeft += 8;
            while (bitsLeft >= 5) {
                out.append(BASE32[(buffer >> (bitsLeft - 5)) & 31]);
                bitsLeft -= 5;
            }
        }
        if (bitsLeft > 0) {
            out.append(BASE32[(buffer << (5 - bitsLeft)) & 31]);
        }
        return out.toString();
    }

    /** SHA-256 of the UTF-8 text, as lower-case hex. */
    static String sha256(String text) {
        byte[] digest = Rfc9162.newDigest().digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    /** Compares two hashes in time independent of where they differ. */
    static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
