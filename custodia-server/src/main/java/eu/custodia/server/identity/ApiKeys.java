package eu.custodia.server.identity;

import eu.custodia.server.platform.TenantId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer API keys: random, shown once, stored as the SHA-256 of their secret, compared in constant time,
 * revocable at once. Creating and revoking a key are ledgered in the same transaction. Authorization
 * (who may call these) is the decision point's job, done by the caller of this interface.
 */
public interface ApiKeys {

    /**
     * Creates a key and returns it with its token, which is never shown again.
     *
     * @param actor who creates it (ledgered)
     * @param roles one or more of {@link Roles#ALL}; a tenant-bound role needs {@code tenant}
     * @param tenant the tenant the key is bound to, or {@code null} for a platform key
     * @param description an operator's label, 1–200 printable characters, no personal data
     * @throws eu.custodia.server.platform.ProblemException a validation problem for bad input
     */
    IssuedKey create(Caller actor, Set<String> roles, TenantId tenant, String description);

    /** Default validity of a key: 90 days. */
    java.time.Duration DEFAULT_VALIDITY = java.time.Duration.ofDays(90);
    /** Longest validity of a key: 365 days. */
    java.time.Duration MAX_VALIDITY = java.time.Duration.ofDays(365);

    /**
     * Like {@link #create(Caller, Set, TenantId, String)}, valid for {@code validity} (1 to 365 days; the
     * other method gives {@link #DEFAULT_VALIDITY}); refused from then on.
     */
    IssuedKey create(Caller actor, Set<String> roles, TenantId tenant, String description,
            java.time.Duration validity);

    /** Every key, newest first, without secrets. */
    List<ApiKey> list();

    /** The key with this id, if any (revoked keys included). */
    Optional<ApiKey> find(String id);

    /**
     * Revokes a key with immediate effect (ledgered). Revoking a revoked key changes nothing.
     *
     * @throws eu.custodia.server.platform.ProblemException not-found for an unknown id; conflict when it
     *     is the last live platform administrator's key
     */
    ApiKey revoke(Caller actor, String id);

    /**
     * Resolves a bearer token to its caller, or empty when it is malformed, unknown, tampered with or
     * revoked (indistinguishably). Records the key's last use.
     */
    Optional<Caller> authenticate(String token);
}
