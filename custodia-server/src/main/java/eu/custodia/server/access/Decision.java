package eu.custodia.server.access;

/**
 * The decision point's answer: allowed or not, the rule that decided, and a reason a person can read.
 * Deny by default: a request no rule allows is denied by rule {@code default-deny}.
 */
public record Decision(boolean allowed, String rule, String reason) {

    public static Decision allow(String rule, String reason) {
        return new Decision(true, rule, reason);
    }

    public static Decision deny(String rule, String reason) {
        return new Decision(false, rule, reason);
    }
}
