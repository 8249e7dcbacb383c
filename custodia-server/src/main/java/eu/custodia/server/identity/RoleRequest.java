package eu.custodia.server.identity;

import eu.custodia.server.platform.TenantId;
import java.time.Instant;

/**
 * A role grant held back until a security officer approves it: every grant of a provider role to a staff
 * member (the two-person rule), and every grant a segregation-of-duties rule answers with {@code approve}.
 *
 * @param id {@code rrq-…}
 * @param account the account that would receive the role
 * @param role the role
 * @param tenant the tenant it would apply to, or null for the platform
 * @param cause {@link #TWO_PERSON_RULE} or {@link #SEGREGATION_OF_DUTIES}
 * @param sodPair the conflicting pair (e.g. {@code key-custodian+platform-auditor}) when the cause is
 *     segregation of duties, else null
 * @param requestedBy who asked (the person behind the credential, or {@code system})
 * @param requestedAt when
 * @param expiresAt when a pending request stops being approvable
 * @param state {@code pending}, {@code approved}, {@code rejected} or {@code expired}
 * @param decidedBy who approved or rejected it, or null
 * @param decidedAt when, or null
 */
public record RoleRequest(String id, String account, String role, TenantId tenant, String cause, String sodPair,
        String requestedBy, Instant requestedAt, Instant expiresAt, String state, String decidedBy,
        Instant decidedAt) {

    public static final String TWO_PERSON_RULE = "two-person-rule";
    public static final String SEGREGATION_OF_DUTIES = "segregation-of-duties";

    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";
    public static final String EXPIRED = "expired";
}
