package eu.custodia.server.identity;

import eu.custodia.server.platform.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An API key's metadata, as listed to administrators. Never carries the secret or its hash.
 *
 * @param id the key id, {@code key-} and 16 base32 characters (also the caller id it authenticates as)
 * @param roles its role names (see {@link Roles})
 * @param scopes the permission codes it is narrowed to (e.g. {@code ledger:read}), or {@code null} when it
 *     has everything its roles allow (in JSON: absent)
 * @param tenant the tenant it is bound to, or {@code null} for a platform key
 * @param owner the account it belongs to (the person who created it, or the service account it was created
 *     for), or {@code null}
 * @param description an operator's label (no personal data)
 * @param createdAt when it was created
 * @param createdBy the id of the caller that created it ({@code setup} for the first administrator's)
 * @param revokedAt when it was revoked, or {@code null} while it is live
 * @param lastUsedAt when it last authenticated a request, or {@code null}
 * @param expiresAt from when it is refused ({@code null} for keys issued before keys expired)
 */
public record ApiKey(String id, Set<String> roles, Set<String> scopes, TenantId tenant, String owner,
        String description, Instant createdAt, String createdBy, Instant revokedAt, Instant lastUsedAt,
        Instant expiresAt) {

    public ApiKey {
        Objects.requireNonNull(id, "id");
        roles = Set.copyOf(roles);
        scopes = scopes == null ? null : Set.copyOf(scopes);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** True when it is expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** The caller this key authenticates as (without its owner's factors: see {@link ApiKeys#authenticate}). */
    public Caller caller() {
        return new Caller(id, Caller.KIND_API_KEY, roles, tenant, List.of(Caller.KIND_API_KEY), owner, List.of(),
                false, false, scopes);
    }
}
