package eu.custodia.server.alerts.internal;

import eu.custodia.server.alerts.Severity;
import eu.custodia.server.platform.TenantId;
import java.util.Objects;

/**
 * What a rule found in one ledger event: the alert to raise, without its id and time (the writer gives them).
 *
 * @param kind the rule's name, e.g. {@code denial-burst}
 * @param severity how urgent
 * @param subject who did it: the event's actor (an account or key id)
 * @param tenant the tenant concerned, or null
 * @param detail ids and rule names only, no personal data
 */
record Finding(String kind, Severity severity, String subject, TenantId tenant, String detail) {

    Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(detail, "detail");
    }
}
