package eu.custodia.server.notices.internal;

import eu.custodia.server.platform.TenantId;
import java.time.Instant;

/**
 * One notice to the tenant's security contact, as stored: ids and the ledger event's non-personal metadata only.
 *
 * @param id the notice's id
 * @param tenant the tenant told
 * @param kind what happened
 * @param action the ledger event's action, e.g. {@code elevation.activated}
 * @param requestId the access request ({@code access-request/<id>} in the ledger), or null
 * @param actor the ledger actor's opaque id (an API key or account id, {@code system}, {@code ticket-system:…})
 * @param reason the ledger event's reason (ids, ticket, reason code; never free text), or null
 * @param ledgerRequestId the id of the HTTP request that caused the ledger event, or null for background work
 * @param occurredAt the ledger event's time
 * @param readAt when someone marked it read, or null
 * @param readBy who marked it read (an opaque caller id), or null
 */
record Notice(String id, TenantId tenant, NoticeKind kind, String action, String requestId, String actor,
        String reason, String ledgerRequestId, Instant occurredAt, Instant readAt, String readBy) {
}
