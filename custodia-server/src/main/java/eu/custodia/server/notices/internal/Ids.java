package eu.custodia.server.notices.internal;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random identifiers of this module: 96 bits from {@link SecureRandom}, hex, behind a short prefix. */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A notice's id. */
    static String notice() {
        return "ntc_" + random(12);
    }

    /** A webhook endpoint's id. */
    static String endpoint() {
        return "whe_" + random(12);
    }

    /** A delivery's id, sent as {@code webhook-id} (the same on every retry, so receivers can deduplicate). */
    static String message() {
        return "msg_" + random(12);
    }

    /** {@code n} random bytes. */
    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String random(int n) {
        return HexFormat.of().formatHex(bytes(n));
    }
}
