package eu.custodia.server.identity.internal.totp;

import java.time.Duration;
import java.util.Objects;

/**
 * The parameters of a TOTP factor (RFC 6238 §4.1): HMAC, number of digits, time step X, and how many steps
 * either side of the current one {@link Totp#verify} accepts. T0 is the Unix epoch, the RFC's default and
 * the only value {@code otpauth://} URIs can express.
 *
 * @param algorithm the HMAC
 * @param digits    code length, 6 to 8 (RFC 4226 §5.3 requires at least 6; 8 is the longest RFC 6238 uses)
 * @param period    the time step X, a whole number of seconds between 1 s and 1 h
 * @param window    steps accepted either side of the current one, 0 to 10; RFC 6238 §5.2 recommends at most
 *                  one step of network delay, and every extra step widens the guessing and replay window
 */
public record TotpParameters(TotpAlgorithm algorithm, int digits, Duration period, int window) {

    /** SHA-1, 6 digits, 30 s, ±1 step: what every authenticator app understands. */
    public static final TotpParameters DEFAULT = new TotpParameters(TotpAlgorithm.SHA1, 6, Duration.ofSeconds(30), 1);

    public static final int MIN_DIGITS = 6;
    public static final int MAX_DIGITS = 8;
    public static final int MAX_WINDOW = 10;
    private static final long MAX_PERIOD_SECONDS = 3600;

    public TotpParameters {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(period, "period");
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            throw new IllegalArgumentException("digits must be between 6 and 8: " + digits);
        }
        if (period.getNano() != 0 || period.getSeconds() < 1 || period.getSeconds() > MAX_PERIOD_SECONDS) {
            throw new IllegalArgumentException("period must be whole seconds between 1 s and 1 h: " + period);
        }
        if (window < 0 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("window must be between 0 and 10: " + window);
        }
    }

    /** The time step X in seconds. */
    public long periodSeconds() {
        return period.getSeconds();
    }
}
