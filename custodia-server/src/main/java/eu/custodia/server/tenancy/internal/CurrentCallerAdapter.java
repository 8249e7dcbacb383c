package eu.custodia.server.tenancy.internal;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import org.springframework.stereotype.Component;

/**
 * The caller of the current request, as the identity module authenticated it: the {@link Caller} that is
 * the principal of the request's security context. Anything else (anonymous, another principal type) is
 * unauthenticated: a 401 problem, never a default caller. This is the one place the tenancy module learns
 * who is calling.
 */
@Component
final class CurrentCallerAdapter {

    Caller get() {
        return CurrentCaller.get();
    }
}
