package eu.custodia.server.identity.internal.totp;

import eu.custodia.tlog.merkle.Rfc9162;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Single-use recovery codes, for a person who has lost their authenticator: {@value #COUNT} per set, each
 * {@value #BITS} random bits from {@link SecureRandom}, written as 16 characters of Crockford's base32
 * ({@code 0-9a-z} without {@code i l o u}) in groups of four, e.g. {@code 7k2m-q9xp-3tzd-wb4n}.
 *
 * <p>Only hashes are stored: {@code sha256$<salt>$<digest>}, the SHA-256 of a 128-bit random salt followed by
 * the code's canonical form, all in lower-case hex. A fast hash is enough because, unlike a password, a code
 * is uniformly random: finding a code from its hash takes about 2<sup>79</sup> SHA-256 evaluations, and the
 * per-code salt makes each guess test one code only, however many stolen hashes an attacker holds (no
 * multi-target search, no precomputed tables). Slow password hashes exist to stretch low-entropy secrets; there
 * is nothing here to stretch.
 *
 * <p>Input is normalised before checking: case, spaces and hyphens are ignored, and the letters Crockford
 * reads as digits are read so ({@code o} as {@code 0}, {@code i} and {@code l} as {@code 1}).
 *
 * <p>Intended use: store one row per hash, with {@code used_at} empty; replace the whole set when issuing a
 * new one. To use a code, load the person's unused hashes, call {@link #verify}, and consume the matched row
 * atomically, accepting only if exactly one row changed:
 *
 * <pre>{@code
 * OptionalInt i = RecoveryCodes.verify(typed, unused.stream().map(Row::hash).toList());
 * if (i.isEmpty()) { refuse; }
 * int rows = jdbc.update("UPDATE recovery_code SET used_at = ? WHERE id = ? AND used_at IS NULL",
 *         now, unused.get(i.getAsInt()).id());
 * if (rows != 1) { refuse; }
 * }</pre>
 */
public final class RecoveryCodes {

    /** Codes per set. */
    public static final int COUNT = 10;
    /** Random bits per code. */
    public static final int BITS = 80;

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final int LENGTH = BITS / 5;
    private static final int GROUP = 4;
    private static final int SALT_BYTES = 16;
    private static final String SCHEME = "sha256";
    /** Longer input is refused without being looked at. */
    private static final int MAX_INPUT_LENGTH = 64;
    private static final HexFormat HEX = HexFormat.of();

    private final SecureRandom random;

    public RecoveryCodes(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public RecoveryCodes() {
        this(new SecureRandom());
    }

    /** A new set of {@value #COUNT} distinct codes and their hashes. */
    public IssuedRecoveryCodes issue() {
        Set<String> canonical = new LinkedHashSet<>();
        while (canonical.size() < COUNT) {
            canonical.add(randomCode());
        }
        List<String> codes = new ArrayList<>(COUNT);
        List<String> hashes = new ArrayList<>(COUNT);
        for (String code : canonical) {
            codes.add(display(code));
            byte[] salt = new byte[SALT_BYTES];
            random.nextBytes(salt);
            hashes.add(SCHEME + "$" + HEX.formatHex(salt) + "$" + HEX.formatHex(digest(salt, code)));
        }
        return new IssuedRecoveryCodes(codes, hashes);
    }

    /**
     * Which of the stored hashes, if any, is of the code typed. Every hash is computed and compared with
     * {@link MessageDigest#isEqual}, without an early exit, so the time taken does not depend on which one
     * matched. Input that is not a code once normalised, and {@code null}, are refused without an exception.
     *
     * @param input        the code as typed, untrusted
     * @param storedHashes the hashes of the person's unused codes, as {@link #issue()} made them
     * @return the index in {@code storedHashes} of the matching hash, for the caller to consume; empty if none
     * @throws IllegalArgumentException if a stored hash is not in the format {@link #issue()} writes
     */
    public static OptionalInt verify(String input, List<String> storedHashes) {
        String code = canonical(input);
        if (code == null) {
            return OptionalInt.empty();
        }
        int matched = 0;
        int found = 0;
        for (int i = 0; i < storedHashes.size(); i++) {
            String[] parts = storedHashes.get(i).split("\\$", -1);
            if (parts.length != 3 || !parts[0].equals(SCHEME) || parts[1].length() != 2 * SALT_BYTES
                    || parts[2].length() != 64) {
                throw new IllegalArgumentException("not a recovery code hash, at index " + i);
            }
            byte[] expected = HEX.parseHex(parts[2]);
            int ok = MessageDigest.isEqual(digest(HEX.parseHex(parts[1]), code), expected) ? 1 : 0;
            int mask = -ok;
            matched = (matched & ~mask) | (i & mask);
            found |= ok;
        }
        return found == 1 ? OptionalInt.of(matched) : OptionalInt.empty();
    }

    /**
     * The canonical form of a typed code: lower case, spaces and hyphens removed, {@code o} read as {@code 0}
     * and {@code i}, {@code l} as {@code 1}; {@code null} if the result is not 16 characters of the alphabet.
     */
    static String canonical(String input) {
        if (input == null || input.length() > MAX_INPUT_LENGTH) {
            return null;
        }
        StringBuilder out = new StringBuilder(LENGTH);
        for (char c : input.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case ' ', '-', '\t' -> {
                    continue;
                }
                case 'o' -> c = '0';
                case 'i', 'l' -> c = '1';
                default -> {
                    if (!inAlphabet(c)) {
                        return null;
                    }
                }
            }
            if (out.length() == LENGTH) {
                return null;
            }
            out.append(c);
        }
        return out.length() == LENGTH ? out.toString() : null;
    }

    private static boolean inAlphabet(char c) {
        for (char a : ALPHABET) {
            if (a == c) {
                return true;
            }
        }
        return false;
    }

    private String randomCode() {
        byte[] bytes = new byte[BITS / 8];
        random.nextBytes(bytes);
        StringBuilder out = new StringBuilder(LENGTH);
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
        return out.toString();
    }

    private static String display(String canonical) {
        StringBuilder out = new StringBuilder(LENGTH + LENGTH / GROUP);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % GROUP == 0) {
                out.append('-');
            }
            out.append(canonical.charAt(i));
        }
        return out.toString();
    }

    private static byte[] digest(byte[] salt, String canonicalCode) {
        MessageDigest sha256 = Rfc9162.newDigest();
        sha256.update(salt);
        sha256.update(canonicalCode.getBytes(StandardCharsets.US_ASCII));
        return sha256.digest();
    }
}
