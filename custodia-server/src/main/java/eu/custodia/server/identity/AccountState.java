package eu.custodia.server.identity;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Set;

/** An account's lifecycle: invited → active ⇄ suspended → deprovisioned (final). */
public enum AccountState {
    INVITED, ACTIVE, SUSPENDED, DEPROVISIONED;

    /** The state's name in the API and the database: {@code invited}, {@code active}, … */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccountState ofCode(String code) {
        for (AccountState s : values()) {
            if (s.code().equals(code)) {
                return s;
            }
        }
        return null;
    }

    /** True when an account may move from this state to {@code to} by an administrator's decision. */
    public boolean mayBecome(AccountState to) {
        return switch (this) {
            case INVITED -> to == DEPROVISIONED;
            case ACTIVE -> Set.of(SUSPENDED, DEPROVISIONED).contains(to);
            case SUSPENDED -> Set.of(ACTIVE, DEPROVISIONED).contains(to);
            case DEPROVISIONED -> false;
        };
    }
}
