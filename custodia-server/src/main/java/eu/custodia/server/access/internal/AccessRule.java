package eu.custodia.server.access.internal;

import eu.custodia.server.access.Decision;
import java.util.Optional;

/**
 * One small authorization rule. It either decides (allow or deny, naming itself and why) or abstains and
 * lets the next rule speak. Rules run in a fixed order; the last one denies everything.
 */
interface AccessRule {

    /** The stable name recorded in the ledger with each decision, e.g. {@code tenant-scope}. */
    String name();

    /** Decides, or returns empty to abstain. */
    Optional<Decision> evaluate(AccessRequest request);
}
