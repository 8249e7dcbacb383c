package eu.custodia.server.identity.internal.password;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The one normalisation that {@link PasswordPolicy} counts and {@link PasswordHasher} hashes: Unicode NFKC
 * (NIST SP 800-63B, 5.1.1.2), so a password typed as composed or decomposed characters, or with full-width
 * forms, is the same password. Comparisons with the blocklist and context words also fold case with
 * {@link Locale#ROOT}; hashing never folds case.
 */
final class PasswordText {

    private PasswordText() {
    }

    /** Returns the NFKC form of the password. */
    static String normalize(CharSequence password) {
        Objects.requireNonNull(password, "password");
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /** Returns the NFKC form, lower-cased with {@link Locale#ROOT}, for case-insensitive comparison. */
    static String folded(CharSequence text) {
        return normalize(text).toLowerCase(Locale.ROOT);
    }

    /** Returns the length in Unicode code points. */
    static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Returns whether the text is well-formed UTF-16 (no unpaired surrogate), so it has one UTF-8 encoding. */
    static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the UTF-8 bytes of already normalised text; the caller wipes them after use.
     *
     * @throws IllegalArgumentException if the text has an unpaired surrogate (the message never holds the text)
     */
    static byte[] utf8(String normalized) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(normalized));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("password is not well-formed Unicode (unpaired surrogate)");
        }
    }
}
