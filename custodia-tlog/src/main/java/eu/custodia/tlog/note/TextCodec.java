package eu.custodia.tlog.note;

import eu.custodia.tlog.VerificationException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Strict decoders for the textual fields shared by the C2SP text formats
 * (<a href="https://c2sp.org/signed-note">signed-note</a>,
 * <a href="https://c2sp.org/tlog-checkpoint">tlog-checkpoint</a>,
 * <a href="https://c2sp.org/tlog-proof">tlog-proof</a>).
 *
 * <p>Base64 is the padded standard alphabet of RFC 4648 §4, as those specs require. Only the canonical
 * encoding is accepted (padding present, unused trailing bits zero), so every accepted value has exactly
 * one textual form. Decimals are ASCII digits with no sign and no leading zero, as tlog-checkpoint
 * ("Note text", item 2) and tlog-proof ("Format") require. Every failure is a
 * {@link VerificationException}; no unchecked exception escapes on bad input.
 */
public final class TextCodec {

    private static final Base64.Decoder DECODER = Base64.getDecoder();
    private static final Base64.Encoder ENCODER = Base64.getEncoder();

    private TextCodec() {
    }

    /**
     * Decodes canonical padded standard base64.
     *
     * @param text the encoded text
     * @param what a short description of the field, used in error messages
     * @throws VerificationException if {@code text} is not canonical padded standard base64
     */
    public static byte[] decodeBase64(String text, String what) throws VerificationException {
        if (text.length() % 4 != 0) {
            throw new VerificationException(what + ": base64 length " + text.length() + " is not a multiple of 4");
        }
        byte[] out;
        try {
            out = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw new VerificationException(what + ": invalid base64", e);
        }
        if (!ENCODER.encodeToString(out).equals(text)) {
            throw new VerificationException(what + ": non-canonical base64");
        }
        return out;
    }

    /** Encodes {@code bytes} as padded standard base64. */
    public static String encodeBase64(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Parses a non-negative ASCII decimal with no sign and no leading zero (except {@code "0"}).
     *
     * @param text the decimal text
     * @param what a short description of the field, used in error messages
     * @throws VerificationException if {@code text} is malformed or exceeds {@link Long#MAX_VALUE}
     */
    public static long parseDecimal(String text, String what) throws VerificationException {
        int n = text.length();
        if (n == 0) {
            throw new VerificationException(what + ": empty number");
        }
        if (n > 19) {
            throw new VerificationException(what + ": number has " + n + " digits, more than 19");
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new VerificationException(what + ": not an unsigned decimal number");
            }
        }
        if (n > 1 && text.charAt(0) == '0') {
            throw new VerificationException(what + ": number has a leading zero");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new VerificationException(what + ": number exceeds " + Long.MAX_VALUE, e);
        }
    }

    /**
     * Decodes strict UTF-8 (no malformed or overlong sequences, no encoded surrogates).
     *
     * @throws VerificationException if {@code bytes} is not valid UTF-8
     */
    public static String decodeUtf8(byte[] bytes, String what) throws VerificationException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new VerificationException(what + ": not valid UTF-8", e);
        }
    }
}
