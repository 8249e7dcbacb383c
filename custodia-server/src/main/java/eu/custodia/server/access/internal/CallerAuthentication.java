package eu.custodia.server.access.internal;

import eu.custodia.server.identity.Caller;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** An authenticated request's Spring Security token; its principal is the {@link Caller}. No credentials kept. */
final class CallerAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final transient Caller caller;

    CallerAuthentication(Caller caller) {
        super(List.of());
        this.caller = caller;
        setAuthenticated(true);
    }

    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return caller.id();
    }
}
