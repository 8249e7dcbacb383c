package eu.custodia.server.identity;

import eu.custodia.server.platform.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The authenticated party behind a request: an API key or an account. Carries no secret.
 *
 * @param id opaque id of the credential (e.g. {@code key-…}) or of the account ({@code acc-…})
 * @param kind {@code api-key}, or the account's kind ({@code staff}, {@code tenant-user}, {@code service})
 * @param roles role names, e.g. {@code platform-admin}, {@code tenant-ledger-reader}
 * @param tenant the tenant the credential is bound to, or {@code null} for platform credentials
 * @param authMethods how the caller authenticated, e.g. {@code api-key}
 * @param owner the account behind the credential (the key's owner, or the account itself), or null
 * @param factors the factors verified for this request or session, with when
 * @param mfaAssured whether the credential carries a second factor: a session that verified one, or a key
 *     its owner created right after verifying one and whose owner still has one enrolled. Without it,
 *     administrative roles grant nothing (the decision point's {@code mfa-required} rule).
 * @param mfaRequired whether the caller's tenant requires a second factor of every user (its policy
 *     profile is {@code strict}): then nothing but enrolling one is allowed without it
 * @param scopes the permission codes an API key is narrowed to (its effective authority is what its roles
 *     allow on these only, the decision point's {@code key-scope} rule); empty when the credential is not
 *     narrowed and its roles apply in full (a key is never created with an empty list of scopes)
 */
public record Caller(String id, String kind, Set<String> roles, TenantId tenant, List<String> authMethods,
        String owner, List<VerifiedFactor> factors, boolean mfaAssured, boolean mfaRequired, Set<String> scopes) {

    /** The kind (and authentication method) of a caller authenticated by an API key. */
    public static final String KIND_API_KEY = "api-key";

    public Caller {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        roles = Set.copyOf(roles);
        authMethods = List.copyOf(authMethods);
        factors = List.copyOf(factors);
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    /** A caller whose credential is not narrowed by scopes. */
    public Caller(String id, String kind, Set<String> roles, TenantId tenant, List<String> authMethods,
            String owner, List<VerifiedFactor> factors, boolean mfaAssured, boolean mfaRequired) {
        this(id, kind, roles, tenant, authMethods, owner, factors, mfaAssured, mfaRequired, Set.of());
    }

    /** A caller with no owner account and no verified factor (system actors, bare keys). */
    public Caller(String id, String kind, Set<String> roles, TenantId tenant, List<String> authMethods) {
        this(id, kind, roles, tenant, authMethods, null, List.of(), false, false);
    }

    /** A caller whose tenant, if any, does not require a second factor of every user. */
    public Caller(String id, String kind, Set<String> roles, TenantId tenant, List<String> authMethods,
            String owner, List<VerifiedFactor> factors, boolean mfaAssured) {
        this(id, kind, roles, tenant, authMethods, owner, factors, mfaAssured, false);
    }

    /** The kind of a caller that is the platform's own code (set-up, demo seeding, scheduled jobs), never a request. */
    public static final String KIND_SYSTEM = "system";

    /**
     * The platform's own code acting (set-up, demo seeding, scheduled jobs, background work): no roles, no
     * tenant, no credential. The decision point allows it nothing by itself.
     */
    public static final Caller SYSTEM = new Caller("system", KIND_SYSTEM, Set.of(), null, List.of());

    /** True for the platform's own code acting (kind {@value #KIND_SYSTEM}); no HTTP credential ever is. */
    public boolean system() {
        return KIND_SYSTEM.equals(kind);
    }

    /** The person or service account acting: the credential's owner, or the caller itself. */
    public String principal() {
        return owner != null ? owner : id;
    }

    /** True when the credential is narrowed to {@link #scopes}. */
    public boolean scoped() {
        return !scopes.isEmpty();
    }

    /** The caller as a ledger event's actor: ids, kind, sorted roles and how it authenticated; never a secret. */
    public eu.custodia.server.platform.LedgerEvent.Actor ledgerActor() {
        return ledgerActor(null);
    }

    /** The caller as the actor of an event done under the just-in-time access grant {@code grantId}. */
    public eu.custodia.server.platform.LedgerEvent.Actor ledgerActor(String grantId) {
        return new eu.custodia.server.platform.LedgerEvent.Actor(id, kind, roles.stream().sorted().toList(),
                authMethods, grantId);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** True when a second factor was verified no longer than {@code maxAge} before {@code now}. */
    public boolean hasFreshSecondFactor(Instant now, Duration maxAge) {
        return factors.stream().anyMatch(f -> f.second() && f.freshAt(now, maxAge));
    }

    /** This caller after verifying {@code factor} (a step-up): assured, with the factor added. */
    public Caller withFactor(VerifiedFactor factor) {
        List<VerifiedFactor> all = new ArrayList<>(factors);
        all.removeIf(f -> f.kind().equals(factor.kind()));
        all.add(factor);
        List<String> methods = new ArrayList<>(authMethods);
        if (!methods.contains(factor.kind())) {
            methods.add(factor.kind());
        }
        return new Caller(id, kind, roles, tenant, methods, owner, all, mfaAssured || factor.second(), mfaRequired,
                scopes);
    }
}
