package eu.custodia.server.access;

/**
 * The decision point's answer: allowed or not, the rule that decided, a reason a person can read, and the
 * just-in-time access grant that allowed it (null unless rule {@code elevation-grant} decided).
 * Deny by default: a request no rule allows is denied by rule {@code default-deny}.
 */
public record Decision(boolean allowed, String rule, String reason, String grantId) {

    /** A decision that used no access grant. */
    public Decision(boolean allowed, String rule, String reason) {
        this(allowed, rule, reason, null);
    }

    public static Decision allow(String rule, String reason) {
        return new Decision(true, rule, reason);
    }

    /** An allow given by the access grant {@code grantId}. */
    public static Decision allowByGrant(String rule, String reason, String grantId) {
        return new Decision(true, rule, reason, java.util.Objects.requireNonNull(grantId, "grantId"));
    }

    public static Decision deny(String rule, String reason) {
        return new Decision(false, rule, reason);
    }
}
