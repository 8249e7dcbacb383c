package eu.custodia.server.identity.internal.throttle;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether a sign-in attempt may proceed now. When refused: how long to wait ({@link #retryAfter}, also for an
 * HTTP {@code Retry-After}), whether the account is locked rather than merely slowed down, and what to tell the
 * person in English and Italian ("too many attempts; try again in N minutes"). The messages name no account
 * and no address, and read the same whether or not the username exists. An allowed verdict has a zero wait
 * and empty messages.
 *
 * @param allowed whether the attempt may proceed
 * @param retryAfter how long until the next attempt is allowed; zero when allowed
 * @param locked whether the account's counter has reached the lockout threshold
 * @param messageEn what to tell the person, in English; empty when allowed
 * @param messageIt the same in Italian; empty when allowed
 */
public record Verdict(boolean allowed, Duration retryAfter, boolean locked, String messageEn, String messageIt) {

    /**
     * This refusal as the sign-in's RFC 9457 problem ({@code signin-throttled}, 429): the English message as
     * the detail, with {@code retryAfterSeconds}, {@code locked} and {@code messageIt}.
     */
    public eu.custodia.server.platform.ProblemException problem() {
        java.util.Map<String, Object> properties = new java.util.LinkedHashMap<>();
        properties.put("retryAfterSeconds", retryAfterSeconds());
        properties.put("locked", locked);
        properties.put("messageIt", messageIt);
        return new eu.custodia.server.platform.ProblemException(eu.custodia.server.platform.ProblemType.SIGNIN_THROTTLED,
                messageEn, properties);
    }

    /** The attempt may proceed. */
    public static final Verdict ALLOWED = new Verdict(true, Duration.ZERO, false, "", "");

    public Verdict {
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(messageEn, "messageEn");
        Objects.requireNonNull(messageIt, "messageIt");
        if (allowed && (locked || !retryAfter.isZero())) {
            throw new IllegalArgumentException("an allowed attempt has no wait and no lockout");
        }
        if (!allowed && (retryAfter.isNegative() || retryAfter.isZero())) {
            throw new IllegalArgumentException("a refused attempt has a positive wait");
        }
    }

    /**
     * A refusal for {@code retryAfter} (positive), with the messages for a lockout or for a delay.
     */
    public static Verdict refused(Duration retryAfter, boolean locked) {
        long seconds = ceilSeconds(retryAfter);
        String en;
        String it;
        if (seconds < 60) {
            en = seconds + (seconds == 1 ? " second" : " seconds");
            it = seconds + (seconds == 1 ? " secondo" : " secondi");
        } else {
            long minutes = (seconds + 59) / 60;
            en = minutes + (minutes == 1 ? " minute" : " minutes");
            it = minutes + (minutes == 1 ? " minuto" : " minuti");
        }
        if (locked) {
            return new Verdict(false, retryAfter, true,
                    "Too many failed attempts: sign-in is locked. Try again in " + en + ".",
                    "Troppi tentativi non riusciti: l'accesso è bloccato. Riprovare tra " + it + ".");
        }
        return new Verdict(false, retryAfter, false,
                "Too many attempts: wait " + en + " before trying again.",
                "Troppi tentativi: attendere " + it + " prima di riprovare.");
    }

    /**
     * The stricter of two verdicts: refused if either is, for the longer wait, locked if either refusal is.
     */
    public Verdict and(Verdict other) {
        Objects.requireNonNull(other, "other");
        if (allowed) {
            return other;
        }
        if (other.allowed) {
            return this;
        }
        boolean anyLocked = locked || other.locked;
        Duration longer = retryAfter.compareTo(other.retryAfter) >= 0 ? retryAfter : other.retryAfter;
        if (anyLocked == locked && longer.equals(retryAfter)) {
            return this;
        }
        return refused(longer, anyLocked);
    }

    /** The wait in whole seconds, rounded up (for {@code Retry-After}); 0 when allowed. */
    public long retryAfterSeconds() {
        return ceilSeconds(retryAfter);
    }

    /** Returns the message in the given language ({@code it} for Italian, anything else English). */
    public String message(String lang) {
        return "it".equals(lang) ? messageIt : messageEn;
    }

    private static long ceilSeconds(Duration d) {
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }
}
