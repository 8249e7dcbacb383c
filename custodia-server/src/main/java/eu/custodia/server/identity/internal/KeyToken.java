package eu.custodia.server.identity.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bearer API key token, {@code cst_<key id>_<secret>}: the recognisable prefix (so secret scanners and
 * people can tell a Custodia key), the key id ({@code key-} and 16 base32 characters, 80 random bits) that
 * names the row, and the secret (52 base32 characters, 256 random bits) checked against the stored SHA-256.
 * Tokens issued before the prefix became {@code cst_} ({@code cus_}) are still read.
 */
record KeyToken(String keyId, String secret) {

    static final String PREFIX = "cst_";
    private static final int SECRET_BITS = 256;
    private static final Pattern FORMAT = Pattern.compile("(?:cst|cus)_(key-[a-z2-7]{16})_([a-z2-7]{52})");
    /** Anything longer cannot be a token: not even looked at. */
    private static final int MAX_LENGTH = 128;

    static KeyToken generate() {
        return new KeyToken("key-" + Secrets.random(80), Secrets.random(SECRET_BITS));
    }

    /** Parses untrusted text; empty when it does not have the exact shape of a token. */
    static Optional<KeyToken> parse(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(text);
        return m.matches() ? Optional.of(new KeyToken(m.group(1), m.group(2))) : Optional.empty();
    }

    String token() {
        return PREFIX + keyId + "_" + secret;
    }

    String secretHash() {
        return Secrets.sha256(secret);
    }

    @Override
    public String toString() {
        return "KeyToken[keyId=" + keyId + ", secret=***]";
    }
}
