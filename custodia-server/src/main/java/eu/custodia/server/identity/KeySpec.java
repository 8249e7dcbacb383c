package eu.custodia.server.identity;

import eu.custodia.server.platform.TenantId;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a new API key should be.
 *
 * @param roles one or more of {@link Roles#ALL}; a tenant-bound role needs {@code tenant}
 * @param tenant the tenant the key is bound to, or {@code null} for a platform key
 * @param description an operator's label, 1–200 printable characters, no personal data
 * @param validity how long it works, 1 to 365 days; {@code null} for {@link ApiKeys#DEFAULT_VALIDITY}
 * @param scopes the permission codes (e.g. {@code ledger:read}) the key is narrowed to: each must be a known
 *     permission that one of its roles carries, and there must be at least one; {@code null} for a key that
 *     has everything its roles allow
 */
public record KeySpec(Set<String> roles, TenantId tenant, String description, Duration validity,
        Set<String> scopes) {

    public KeySpec {
        // Copies that keep a null element of a request body, so that validation can refuse it.
        roles = roles == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(roles));
        scopes = scopes == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    }

    /** A key with everything its roles allow, valid for the default time. */
    public static KeySpec of(Set<String> roles, TenantId tenant, String description) {
        return new KeySpec(roles, tenant, description, null, null);
    }
}
