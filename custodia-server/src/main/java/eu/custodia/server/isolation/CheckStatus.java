package eu.custodia.server.isolation;

import java.util.Locale;

/** What one check of a probe run found. */
public enum CheckStatus {
    /** The attempt to cross tenants was refused, and the positive control worked. */
    PASSED,
    /** Tenants could be crossed, or the positive control failed (the probe cannot vouch for isolation). */
    FAILED,
    /** The path does not exist on this store (e.g. row-level security on SQLite); the reason says why. */
    NOT_APPLICABLE;

    /** The code used in the API, the store and the ledger: {@code passed}, {@code failed}, {@code not-applicable}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The status with this code, or null. */
    public static CheckStatus ofCode(String code) {
        for (CheckStatus s : values()) {
            if (s.code().equals(code)) {
                return s;
            }
        }
        return null;
    }
}
