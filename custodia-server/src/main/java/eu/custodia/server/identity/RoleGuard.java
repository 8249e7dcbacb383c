package eu.custodia.server.identity;

import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.TenantId;
import java.util.Optional;

/**
 * A precondition another module sets on holding a role, for example the access module's "a production role
 * needs a valid confidentiality agreement". Identity asks every guard before it grants a role, and whenever a
 * role becomes active again; a refusal is ledgered (with the guard's rule) and then raised. Guards are looked
 * up lazily, so a guard may depend on identity's own interfaces.
 */
public interface RoleGuard {

    /**
     * Why {@code account} may not hold {@code role} on {@code tenant} (null: the platform) now, or empty.
     * Runs inside the grant's transaction: read, never write.
     */
    Optional<Refusal> refuse(Account account, String role, TenantId tenant);

    /**
     * A guard's refusal.
     *
     * @param rule the rule's stable name, written to the ledger, e.g. {@code confidentiality-agreement}
     * @param problem the problem the caller receives (bilingual, with a stable type)
     */
    record Refusal(String rule, ProblemException problem) {
    }
}
