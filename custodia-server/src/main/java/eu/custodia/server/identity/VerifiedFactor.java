package eu.custodia.server.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One authentication factor a caller proved, and when: the counterpart of Spring Security 7's
 * {@code FactorGrantedAuthority} (a factor authority with its {@code issuedAt}), which the decision point
 * reads to require a second factor, or a recent one for sensitive operations.
 *
 * @param kind {@code password}, {@code totp}, {@code recovery-code}, {@code webauthn} or {@code api-key}
 * @param verifiedAt when it was verified
 */
public record VerifiedFactor(String kind, Instant verifiedAt) {

    public static final String PASSWORD = "password";
    public static final String TOTP = "totp";
    public static final String RECOVERY_CODE = "recovery-code";
    public static final String WEBAUTHN = "webauthn";
    public static final String API_KEY = "api-key";

    /** Factors that count as a second factor (something the caller has, not something it knows). */
    public static final Set<String> SECOND = Set.of(TOTP, RECOVERY_CODE, WEBAUTHN);

    public VerifiedFactor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(verifiedAt, "verifiedAt");
    }

    /** True for a second factor. */
    public boolean second() {
        return SECOND.contains(kind);
    }

    /** True when verified no longer than {@code maxAge} before {@code now} (and not in the future). */
    public boolean freshAt(Instant now, Duration maxAge) {
        return !verifiedAt.isAfter(now) && !verifiedAt.isBefore(now.minus(maxAge));
    }
}
