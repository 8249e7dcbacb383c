package eu.custodia.server.identity.internal.totp;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Objects;

/**
 * The enrolment URI of a TOTP factor in the Key Uri Format that Google Authenticator defined and other
 * authenticator apps follow:
 *
 * <pre>otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&amp;issuer=ISSUER&amp;algorithm=SHA1&amp;digits=6&amp;period=30</pre>
 *
 * <p>Issuer and account name are normalised to Unicode NFC and percent-encoded as UTF-8 (RFC 3986 §2.1); only
 * the unreserved characters of RFC 3986 §2.3 and {@code @} (a legal path and query character, and common in
 * account names) stay literal, so a space is {@code %20}, never {@code +}. The format forbids a colon in either
 * (it separates them in the label, encoded or not), so one is refused. The issuer is given both in the label
 * prefix and in the {@code issuer} parameter, as the format recommends.
 *
 * <p>The URI contains the secret: show it once, to the person enrolling, and never log it. {@link #toString()}
 * does not include it.
 *
 * @param issuer      who issues the factor, shown by the app (configurable; {@link #DEFAULT_ISSUER} by default)
 * @param accountName the account within the issuer, e.g. the person's e-mail address
 * @param secret      the shared secret
 * @param parameters  algorithm, digits and period; many apps ignore all but the defaults
 */
public record OtpAuthUri(String issuer, String accountName, TotpSecret secret, TotpParameters parameters) {

    public static final String DEFAULT_ISSUER = "Custodia";
    /**
     * Longest issuer or account name, in UTF-8 bytes: even fully percent-encoded, the URI then stays well inside
     * the capacity of a QR code.
     */
    public static final int MAX_NAME_BYTES = 128;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    public OtpAuthUri {
        issuer = checkName(issuer, "issuer");
        accountName = checkName(accountName, "account name");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(parameters, "parameters");
    }

    /** The URI of a factor with the default issuer and parameters. */
    public static OtpAuthUri of(String accountName, TotpSecret secret) {
        return new OtpAuthUri(DEFAULT_ISSUER, accountName, secret, TotpParameters.DEFAULT);
    }

    /** The URI text, with the secret in it. */
    public String uri() {
        String encodedIssuer = percentEncode(issuer);
        return "otpauth://totp/" + encodedIssuer + ":" + percentEncode(accountName)
                + "?secret=" + secret.toBase32()
                + "&issuer=" + encodedIssuer
                + "&algorithm=" + parameters.algorithm().uriName()
                + "&digits=" + parameters.digits()
                + "&period=" + parameters.periodSeconds();
    }

    @Override
    public String toString() {
        return "OtpAuthUri[issuer=" + issuer + ", accountName=" + accountName + ", secret=***, parameters="
                + parameters + "]";
    }

    private static String checkName(String name, String what) {
        Objects.requireNonNull(name, what);
        String nfc = Normalizer.normalize(name, Normalizer.Form.NFC);
        if (nfc.isBlank() || nfc.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("the " + what + " must have 1 to " + MAX_NAME_BYTES + " bytes of UTF-8");
        }
        if (nfc.indexOf(':') >= 0) {
            throw new IllegalArgumentException("the " + what + " must not contain a colon (Key Uri Format)");
        }
        if (nfc.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE)) {
            throw new IllegalArgumentException("the " + what + " must not contain control characters or lone surrogates");
        }
        return nfc;
    }

    /** RFC 3986 percent-encoding of the UTF-8 bytes: all but unreserved characters and {@code @}. */
    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '@') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >>> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }
}
