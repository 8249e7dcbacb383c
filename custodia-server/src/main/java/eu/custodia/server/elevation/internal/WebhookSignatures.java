package eu.custodia.server.elevation.internal;

import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.subtle.PrfHmacJce;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures of inbound webhooks per Standard Webhooks (https://www.standardwebhooks.com/): the secret is
 * {@code whsec_<base64>}; the signed content is {@code <webhook-id>.<webhook-timestamp>.<body>}; header
 * {@code webhook-signature} holds one or more space-separated {@code v1,<base64 HMAC-SHA256>}. HMAC through
 * Tink's {@link PrfHmacJce}; the comparison is constant-time. Stateless; no key ever leaves this class in a
 * message.
 */
final class WebhookSignatures {

    /** The prefix of a Standard Webhooks secret. */
    static final String SECRET_PREFIX = "whsec_";
    /** The shortest key accepted at all (Tink's minimum for HMAC). */
    static final int MIN_KEY_BYTES = 16;
    /** How far a delivery's timestamp may be from the clock, either way. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final int TAG_BYTES = 32;

    private WebhookSignatures() {
    }

    /** True when one of the {@code v1} signatures in {@code header} is the HMAC of the delivery under {@code key}. */
    static boolean valid(byte[] key, String id, String timestamp, byte[] body, String header) {
        byte[] expected = sign(key, id, timestamp, body);
        for (String part : header.strip().split(" +")) {
            int comma = part.indexOf(',');
            if (comma < 0 || !"v1".equals(part.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(part.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return true;
            }
        }
        return false;
    }

    /** The HMAC-SHA256 of {@code <id>.<timestamp>.<body>}. */
    static byte[] sign(byte[] key, String id, String timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        try {
            Prf prf = new PrfHmacJce("HMACSHA256", new SecretKeySpec(key, "HMAC"));
            return prf.compute(content, TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
