package eu.custodia.server.identity.internal.totp;

import java.util.Arrays;

/**
 * RFC 4648 §6 base32: the upper-case alphabet {@code A-Z2-7}, written without padding as {@code otpauth://}
 * URIs carry it. Decoding accepts lower case, spaces (apps show secrets in groups) and trailing {@code =}
 * padding, and rejects anything non-canonical: a length no byte string encodes to, or non-zero unused bits.
 * Error messages never repeat the input, which may be a secret.
 */
final class Base32 {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int[] VALUES = new int[128];

    static {
        Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = i;
            VALUES[Character.toLowerCase(ALPHABET[i])] = i;
        }
    }

    private Base32() {
    }

    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /** Decodes base32 text; {@link IllegalArgumentException} (naming no character) if it is not canonical base32. */
    static byte[] decode(String text) {
        StringBuilder symbols = new StringBuilder(text.length());
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '=' || text.charAt(end - 1) == ' ')) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c != ' ') {
                symbols.append(c);
            }
        }
        int n = symbols.length();
        int rest = n % 8;
        if (rest == 1 || rest == 3 || rest == 6) {
            throw new IllegalArgumentException("not base32: impossible length");
        }
        byte[] out = new byte[n * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < n; i++) {
            char c = symbols.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                throw new IllegalArgumentException("not base32: character outside A-Z, 2-7");
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[o++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("not base32: non-zero trailing bits");
        }
        return out;
    }
}
