package eu.custodia.server.access.internal;

import eu.custodia.server.identity.ApiKeys;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The only way to authenticate: a {@link BearerToken} holding an API key, resolved by the identity module.
 * Being the application's {@link AuthenticationManager}, it also keeps Spring Boot from creating a default
 * password user. Every failure is the same {@link BadCredentialsException}.
 */
@Component
final class ApiKeyAuthenticationManager implements AuthenticationManager {

    private final ApiKeys keys;

    ApiKeyAuthenticationManager(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        if (!(authentication instanceof BearerToken bearer)) {
            throw new ProviderNotFoundException("Custodia authenticates bearer API keys only");
        }
        return keys.authenticate((String) bearer.getCredentials()).map(CallerAuthentication::new)
                .orElseThrow(() -> new BadCredentialsException("invalid bearer credential"));
    }
}
