package eu.custodia.server.alerts.internal;

/**
 * Reads the parts of ledger reasons that the rules match on. The formats are the writers': decisions are
 * {@code "<permission> by rule <rule>: <why>"} (access's decision recorder), role grants
 * {@code "role <role> on the platform"} or {@code "role <role> refused: …"} (identity). Each method returns
 * null when the reason does not have that shape, so a rule never matches by accident.
 */
final class LedgerReasons {

    private static final String BY_RULE = " by rule ";

    private LedgerReasons() {
    }

    /** The rule that decided an {@code access.*} event, or null. */
    static String decidingRule(String reason) {
        if (reason == null) {
            return null;
        }
        int at = reason.indexOf(BY_RULE);
        if (at < 0) {
            return null;
        }
        int from = at + BY_RULE.length();
        int to = reason.indexOf(':', from);
        return to < 0 ? null : reason.substring(from, to);
    }

    /** The permission an {@code access.*} event was decided for, or null. */
    static String permission(String reason) {
        if (reason == null) {
            return null;
        }
        int at = reason.indexOf(BY_RULE);
        return at <= 0 ? null : reason.substring(0, at);
    }

    /** The role a {@code account.role-*} event names ({@code "role <role> …"}), or null. */
    static String role(String reason) {
        if (reason == null || !reason.startsWith("role ")) {
            return null;
        }
        int end = reason.indexOf(' ', 5);
        return end < 0 ? reason.substring(5) : reason.substring(5, end);
    }
}
