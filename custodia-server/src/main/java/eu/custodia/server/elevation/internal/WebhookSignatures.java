package eu.custodia.server.elevation.internal;

import java.time.Duration;

/**
 * What the elevation module asks of a ticket system's webhook beyond its Standard Webhooks signature
 * ({@link eu.custodia.server.platform.StandardWebhooks}): a key of at least {@link #MIN_KEY_BYTES} bytes and a
 * timestamp within {@link #TOLERANCE} of the clock.
 */
final class WebhookSignatures {

    /** The shortest key accepted at all (Tink's minimum for HMAC). */
    static final int MIN_KEY_BYTES = 16;
    /** How far a delivery's timestamp may be from the clock, either way. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignatures() {
    }
}
