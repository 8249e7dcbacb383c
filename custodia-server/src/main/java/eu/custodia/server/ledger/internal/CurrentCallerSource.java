package eu.custodia.server.ledger.internal;

import eu.custodia.server.identity.Caller;
import java.util.Optional;

/**
 * The authenticated caller of the current request, as the identity module establishes it. The ledger does
 * not authenticate anyone itself; until a bean of this type exists, every log read is refused as
 * unauthenticated (deny by default).
 */
public interface CurrentCallerSource {

    /** Returns the caller of the current request, or empty if it is not authenticated. */
    Optional<Caller> currentCaller();
}
