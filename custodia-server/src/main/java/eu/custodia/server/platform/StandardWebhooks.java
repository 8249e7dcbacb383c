package eu.custodia.server.platform;

import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.subtle.PrfHmacJce;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures per <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>, for the webhooks
 * Custodia checks (a ticket system's, inbound) and those it sends (notices, outbound): the secret is
 * {@code whsec_<base64 of the key>}; the signed content is {@code <webhook-id>.<webhook-timestamp>.<body>} over
 * the exact body bytes; header {@code webhook-signature} holds one or more space-separated
 * {@code v1,<base64 HMAC-SHA256>}. HMAC through Tink's {@link PrfHmacJce}; comparisons are constant-time.
 * Stateless; no key ever appears in a message.
 */
public final class StandardWebhooks {

    /** The prefix of a Standard Webhooks secret. */
    public static final String SECRET_PREFIX = "whsec_";
    /** The length of a generated key: 32 random bytes, as the specification recommends. */
    public static final int KEY_BYTES = 32;

    private static final int TAG_BYTES = 32;

    private StandardWebhooks() {
    }

    /** The secret as shown to whoever configures the other side: {@code whsec_} and the key in base64. */
    public static String secret(byte[] key) {
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The key inside a {@code whsec_} secret; {@link IllegalArgumentException} when it is not one. */
    public static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("not a whsec_ secret");
        }
        return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    }

    /** The {@code webhook-signature} header value for one delivery. */
    public static String header(byte[] key, String id, String timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(sign(key, id, timestamp, body));
    }

    /** True when one of the {@code v1} signatures in {@code header} is the HMAC of the delivery under {@code key}. */
    public static boolean valid(byte[] key, String id, String timestamp, byte[] body, String header) {
        byte[] expected = sign(key, id, timestamp, body);
        boolean found = false;
        for (String part : header.strip().split(" +")) {
            if (!part.startsWith("v1,")) {
                continue;
            }
            try {
                found |= MessageDigest.isEqual(expected, Base64.getDecoder().decode(part.substring(3)));
            } catch (IllegalArgumentException e) {
                // not base64: not a valid signature
            }
        }
        return found;
    }

    /** The HMAC-SHA256 of {@code <id>.<timestamp>.<body>}. */
    public static byte[] sign(byte[] key, String id, String timestamp, byte[] body) {
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
