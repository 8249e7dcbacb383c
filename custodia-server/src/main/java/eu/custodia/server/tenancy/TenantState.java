package eu.custodia.server.tenancy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A tenant's lifecycle state (commitment 10). The legal transitions are provisioning → active,
 * active → suspended, suspended → active, and active or suspended → terminated; terminated is final.
 */
public enum TenantState {
    PROVISIONING,
    ACTIVE,
    SUSPENDED,
    TERMINATED;

    /** The states this one may move to; empty for {@link #TERMINATED}. */
    public Set<TenantState> next() {
        return switch (this) {
            case PROVISIONING -> EnumSet.of(ACTIVE);
            case ACTIVE -> EnumSet.of(SUSPENDED, TERMINATED);
            case SUSPENDED -> EnumSet.of(ACTIVE, TERMINATED);
            case TERMINATED -> EnumSet.noneOf(TenantState.class);
        };
    }

    public boolean canMoveTo(TenantState target) {
        return next().contains(target);
    }

    /** The lower-case name used in JSON and in the database, e.g. {@code active}. */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a lower-case state code, or returns {@code null} if it is not one. */
    public static TenantState fromCode(String code) {
        for (TenantState s : values()) {
            if (s.code().equals(code)) {
                return s;
            }
        }
        return null;
    }
}
