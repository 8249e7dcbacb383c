package eu.custodia.server.alerts.internal;

import eu.custodia.server.alerts.Severity;
import eu.custodia.server.platform.TenantId;
import java.time.Instant;

/**
 * One stored alert (a row of {@code security_alerts}).
 *
 * @param seq its position in the order alerts were written (cursors)
 * @param id {@code alr-} and 20 hexadecimal digits
 * @param kind the rule, or another module's kind
 * @param severity how urgent
 * @param raisedAt when it was raised
 * @param subject who or what it is about: an account or key id
 * @param tenant the tenant concerned, or null
 * @param detail ids and rule names, no personal data
 * @param triggerAction the action of the ledger event that raised it, or null (raised by a module)
 * @param triggerRequestId the request id of that event (or of the request that raised it), or null
 * @param acknowledgedAt when it was acknowledged, or null while it is open
 * @param acknowledgedBy who acknowledged it (a key or account id), or null
 * @param note the acknowledging officer's note, or null; kept here only (the ledger has its SHA-256)
 */
record Alert(long seq, String id, String kind, Severity severity, Instant raisedAt, String subject, TenantId tenant,
        String detail, String triggerAction, String triggerRequestId, Instant acknowledgedAt, String acknowledgedBy,
        String note) {

    boolean acknowledged() {
        return acknowledgedAt != null;
    }
}
