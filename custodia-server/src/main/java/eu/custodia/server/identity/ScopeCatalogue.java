package eu.custodia.server.identity;

import java.util.Set;

/**
 * The permission catalogue as far as API key scopes need it: which codes exist, and which roles carry which
 * permission. Permissions and the role-permission table belong to the access module, which provides this
 * bean; identity uses it to refuse a bad scope when a key is created (access depends on identity, not the
 * other way round).
 */
public interface ScopeCatalogue {

    /** Every permission code a key may be scoped to, e.g. {@code ledger:read}. */
    Set<String> codes();

    /** True when at least one of {@code roles} grants the permission {@code code} anywhere. */
    boolean carried(Set<String> roles, String code);
}
