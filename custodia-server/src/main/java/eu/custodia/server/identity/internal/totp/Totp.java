package eu.custodia.server.identity.internal.totp;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * TOTP, RFC 6238 §4: {@code TOTP = HOTP(K, T)} with the time step {@code T = floor((Current Unix time - T0) / X)}
 * (§4.2), T0 the Unix epoch and X the {@linkplain TotpParameters#period() period}; HOTP is RFC 4226 §5.3.
 * The current time comes from the injected {@link Clock}, never from the system.
 *
 * <p>The kernel is pure: it neither stores nor remembers anything. The replay rule of RFC 6238 §5.2 ("the
 * verifier MUST NOT accept the second attempt of the same OTP after the successful validation has been issued
 * for the first OTP") is kept in its strong form: each factor remembers its <em>last consumed step</em>, and a
 * step is accepted only if it is later than that. A code is never accepted twice, nor is any code of an earlier
 * step once a later one was used. {@link #verify} applies the rule and returns the step it accepted; the caller
 * makes it final with one atomic conditional update (see {@link #verify}).
 *
 * <p>Throttling failed attempts (RFC 4226 §7.3, RFC 6238 §5.2) is the caller's job: with 6 digits and a window
 * of ±1, each guess succeeds with probability 3 in 10<sup>6</sup>.
 *
 * <p>Immutable and thread-safe.
 */
public final class Totp {

    /**
     * The last consumed step to store for a factor that has not yet accepted any code: every step of a time at or
     * after T0 (1970) is greater.
     */
    public static final long NEVER_CONSUMED = -1;

    /** Longer input is refused without being looked at. */
    private static final int MAX_INPUT_LENGTH = 32;

    private final TotpParameters parameters;
    private final Clock clock;

    public Totp(TotpParameters parameters, Clock clock) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** SHA-1, 6 digits, 30 s, ±1 step. */
    public static Totp withDefaults(Clock clock) {
        return new Totp(TotpParameters.DEFAULT, clock);
    }

    public TotpParameters parameters() {
        return parameters;
    }

    /** The time step T of now, by the clock (RFC 6238 §4.2). */
    public long currentStep() {
        return stepAt(clock.instant());
    }

    /** The time step T of an instant, {@code floor((t - T0) / X)} with T0 = 0 (RFC 6238 §4.2). */
    public long stepAt(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), parameters.periodSeconds());
    }

    /** The code of a time step: {@code digits} ASCII digits, zero-padded (RFC 6238 §4.2, RFC 4226 §5.3). */
    public String code(TotpSecret secret, long step) {
        return Hotp.code(parameters.algorithm(), secret, step, parameters.digits());
    }

    /**
     * Checks a code typed by a person against the current time step and the {@linkplain TotpParameters#window()
     * window} of steps either side (RFC 6238 §5.2, §6), and returns the step it matched, or empty.
     *
     * <p>A step is accepted only if it is greater than {@code lastConsumedStep} (and not negative): a step once
     * consumed, or any earlier step, is refused, so a code can never be used twice. If the code matches more than
     * one acceptable step (two steps can share a code, about once in 10<sup>digits</sup>), the latest is returned,
     * so that consuming it also retires the others.
     *
     * <p>Every candidate step is computed and compared with {@link MessageDigest#isEqual} and the results
     * combined without branching on them, so the time taken does not depend on which step, if any, matched.
     * Input that is not exactly {@code digits} ASCII digits once spaces are removed ({@code "123 456"} is
     * accepted) is refused at once; so is {@code null}. Nothing is thrown for any input code.
     *
     * <p>Intended use: the factor's row keeps {@code last_step} (initially {@link #NEVER_CONSUMED}). A returned
     * step is not yet consumed; the caller consumes it atomically, and accepts the code only if exactly one row
     * changed (otherwise a concurrent request consumed this step or a later one first):
     *
     * <pre>{@code
     * OptionalLong step = totp.verify(secret, typedCode, factor.lastStep());
     * if (step.isEmpty()) { refuse; }
     * int rows = jdbc.update("UPDATE totp_factor SET last_step = ? WHERE id = ? AND last_step < ?",
     *         step.getAsLong(), factor.id(), step.getAsLong());
     * if (rows != 1) { refuse; }
     * }</pre>
     *
     * @param secret           the factor's shared secret
     * @param code             the code as typed, untrusted
     * @param lastConsumedStep the factor's last consumed step, or {@link #NEVER_CONSUMED}
     * @return the accepted time step, to be consumed by the caller; empty if the code is refused
     */
    public OptionalLong verify(TotpSecret secret, String code, long lastConsumedStep) {
        Objects.requireNonNull(secret, "secret");
        byte[] given = parse(code, parameters.digits());
        if (given == null) {
            return OptionalLong.empty();
        }
        int window = parameters.window();
        long first = currentStep() - window;
        int count = 2 * window + 1;
        byte[][] candidates = Hotp.codes(parameters.algorithm(), secret, first, count, parameters.digits());
        long matched = 0;
        int found = 0;
        for (int i = 0; i < count; i++) {
            long step = first + i;
            int ok = bit(MessageDigest.isEqual(candidates[i], given)) & bit(step > lastConsumedStep) & bit(step >= 0);
            long mask = -(long) ok;
            matched = (matched & ~mask) | (step & mask);
            found |= ok;
        }
        return found == 1 ? OptionalLong.of(matched) : OptionalLong.empty();
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }

    /** The code as {@code digits} ASCII digit bytes, spaces removed; {@code null} if it is anything else. */
    private static byte[] parse(String code, int digits) {
        if (code == null || code.length() > MAX_INPUT_LENGTH) {
            return null;
        }
        byte[] out = new byte[digits];
        int n = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == ' ') {
                continue;
            }
            if (c < '0' || c > '9' || n == digits) {
                return null;
            }
            out[n++] = (byte) c;
        }
        return n == digits ? out : null;
    }
}
