package eu.custodia.server.identity;

import eu.custodia.server.platform.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer API keys: random, shown once, stored as the SHA-256 of their secret, compared in constant time,
 * revocable at once, optionally narrowed to scopes. Creating and revoking a key are ledgered in the same
 * transaction. Authorization (who may call these) is the decision point's job, done by the caller of this
 * interface.
 */
public interface ApiKeys {

    /** Default validity of a key: 90 days. */
    Duration DEFAULT_VALIDITY = Duration.ofDays(90);
    /** Longest validity of a key: 365 days. */
    Duration MAX_VALIDITY = Duration.ofDays(365);

    /**
     * Creates a key owned by the actor's account (if any) and returns it with its token, which is never
     * shown again. The event names its roles, scopes, tenant and owner, never its description or secret.
     *
     * @throws eu.custodia.server.platform.ProblemException a validation problem for bad input;
     *     {@code invalid-scope} for a scope that is unknown or that none of the key's roles carries
     */
    IssuedKey create(Caller actor, KeySpec spec);

    /**
     * Creates a key {@code actor} (an administrator) issues on behalf of a service account: owned by that
     * account, bound to its tenant ({@code spec.tenant()} must be it), with roles the account holds there.
     * The key works only while the account is active and only with the roles the account still holds.
     *
     * @throws eu.custodia.server.platform.ProblemException not-found; conflict when the account is not an
     *     active service account; validation when a role is not the account's or the tenant is not its own;
     *     {@code invalid-scope} as for {@link #create(Caller, KeySpec)}
     */
    IssuedKey createForServiceAccount(Caller actor, String serviceAccountId, KeySpec spec);

    /** Like {@link #create(Caller, KeySpec)} with everything the roles allow, valid {@link #DEFAULT_VALIDITY}. */
    default IssuedKey create(Caller actor, Set<String> roles, TenantId tenant, String description) {
        return create(actor, KeySpec.of(roles, tenant, description));
    }

    /** Like {@link #create(Caller, KeySpec)} with everything the roles allow, valid {@code validity}. */
    default IssuedKey create(Caller actor, Set<String> roles, TenantId tenant, String description,
            Duration validity) {
        return create(actor, new KeySpec(roles, tenant, description, validity, null));
    }

    /** Every key, newest first, without secrets. */
    List<ApiKey> list();

    /** The keys owned by an account, newest first, without secrets (revoked ones included). */
    List<ApiKey> listOwnedBy(String accountId);

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
     * Resolves a bearer token to its caller, or empty when it is malformed, unknown, tampered with, expired
     * or revoked, or its owner is not active (indistinguishably). Records the key's last use.
     */
    Optional<Caller> authenticate(String token);
}
