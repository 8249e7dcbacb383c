package eu.custodia.server.identity;

import eu.custodia.server.platform.TenantId;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The authenticated party behind a request: an API key now; people, sessions and service accounts with
 * the identity issue. Carries no secret.
 *
 * @param id opaque id of the credential (e.g. {@code key-…})
 * @param kind {@code api-key} (later also {@code user}, {@code service})
 * @param roles role names, e.g. {@code platform-admin}, {@code tenant-ledger-reader}
 * @param tenant the tenant the credential is bound to, or {@code null} for platform credentials
 * @param authMethods how the caller authenticated, e.g. {@code api-key}
 */
public record Caller(String id, String kind, Set<String> roles, TenantId tenant, List<String> authMethods) {

    /** The kind (and authentication method) of a caller authenticated by an API key. */
    public static final String KIND_API_KEY = "api-key";

    public Caller {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        roles = Set.copyOf(roles);
        authMethods = List.copyOf(authMethods);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
