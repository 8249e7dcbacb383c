package eu.custodia.server.ledger.internal;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The caller the identity module authenticated for the current request. */
@Component
final class IdentityCallerSource implements CurrentCallerSource {

    @Override
    public Optional<Caller> currentCaller() {
        return CurrentCaller.find();
    }
}
