package eu.custodia.server.identity;

import java.util.Objects;

/**
 * A key just created, with its bearer token ({@code cst_<key id>_<secret>}): the only time the token
 * exists outside its holder's hands. It is not stored, and {@link #toString()} does not show it.
 */
public record IssuedKey(ApiKey key, String token) {

    public IssuedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "IssuedKey[key=" + key + ", token=***]";
    }
}
