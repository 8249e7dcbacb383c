package eu.custodia.server.alerts;

import java.util.Locale;

/** How urgently a security officer should look at an alert. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** The lower-case name used in the API, the store and the ledger, e.g. {@code high}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The severity with this code, or null. */
    public static Severity ofCode(String code) {
        for (Severity s : values()) {
            if (s.code().equals(code)) {
                return s;
            }
        }
        return null;
    }
}
