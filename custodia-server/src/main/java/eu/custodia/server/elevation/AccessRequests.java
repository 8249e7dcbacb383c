package eu.custodia.server.elevation;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantId;
import java.util.List;

/**
 * The steps of a just-in-time access request, for the platform's own code (the demo's completed story): each
 * taken as its caller, through exactly the checks, state machine and ledger events of the HTTP API
 * ({@code /api/v1/access-requests}).
 */
public interface AccessRequests {

    /** A support engineer asks; returns the request's id. {@code duration} is ISO-8601, null for the default. */
    String request(Caller engineer, TenantId tenant, String ticket, String reasonCode, String reasonText,
            String access, List<String> collections, String duration);

    /** The next gate approves (a security officer, then, where the tenant's policy says so, its administrator). */
    void approve(Caller approver, String id);

    /** The requester activates the approved request (a second factor verified within the step-up window). */
    void activate(Caller engineer, String id);

    /** The requester declares the operation concluded: the grant ends on every node. */
    void conclude(Caller engineer, String id);
}
