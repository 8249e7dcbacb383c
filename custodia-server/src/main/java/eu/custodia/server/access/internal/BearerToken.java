package eu.custodia.server.access.internal;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A presented, not yet checked bearer token. Its {@link #toString()} never shows the token. */
final class BearerToken extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final transient String token;

    BearerToken(String token) {
        super(List.of());
        this.token = token;
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return null;
    }

    @Override
    public String toString() {
        return "BearerToken[***]";
    }
}
