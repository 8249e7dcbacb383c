package eu.custodia.bench.identity;

import eu.custodia.tlog.merkle.Rfc9162;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * API key material in exactly the form the server writes it (its {@code KeyToken} and {@code JdbcApiKeys},
 * package-private in custodia-server): a key id {@code key-} and 16 lower-case RFC 4648 base32 characters (80
 * random bits), a secret of 52 (256 random bits), the bearer token {@code cus_<key id>_<secret>}, and in the
 * {@code api_keys} row only {@code secret_hash}, the lower-case hex SHA-256 of the secret's UTF-8 text. The
 * benchmark inserts its keys as rows in this form, in bulk, instead of creating each through the ledgered
 * {@code ApiKeys.create}.
 */
final class KeyMaterial {

    /** The server's token grammar ({@code KeyToken.FORMAT}). */
    static final Pattern TOKEN = Pattern.compile("cus_(key-[a-z2-7]{16})_([a-z2-7]{52})");

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int ID_BYTES = 80 / 8;
    private static final int SECRET_BYTES = 256 / 8;

    private KeyMaterial() {
    }

    /**
     * One key: its id and secret.
     *
     * @param id the row id, {@code key-} and 16 base32 characters
     * @param secret 52 base32 characters
     */
    record Key(String id, String secret) {

        /** The bearer token a client presents. */
        String token() {
            return "cus_" + id + "_" + secret;
        }

        /** What the row stores: hex SHA-256 of the secret. */
        String secretHash() {
            return sha256Hex(secret);
        }

        @Override
        public String toString() {
            return "Key[" + id + ", secret=***]";
        }
    }

    /** A new key with random id and secret. */
    static Key generate(SecureRandom random) {
        byte[] id = new byte[ID_BYTES];
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(id);
        random.nextBytes(secret);
        return new Key("key-" + base32(id), base32(secret));
    }

    /**
     * The token of {@code key} with one character of its secret replaced by another base32 character: still a
     * well-formed token naming an existing key, but its secret no longer matches the stored hash.
     */
    static String tampered(Key key, SplittableRandom random) {
        char[] secret = key.secret().toCharArray();
        int at = random.nextInt(secret.length);
        char was = secret[at];
        char now;
        do {
            now = BASE32[random.nextInt(BASE32.length)];
        } while (now == was);
        secret[at] = now;
        return new Key(key.id(), new String(secret)).token();
    }

    /** Lower-case RFC 4648 base32 without padding, as the server's {@code Secrets.base32}. */
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

    /** Lower-case hex SHA-256 of the UTF-8 text, as the server's {@code Secrets.sha256}. */
    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(Rfc9162.newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
