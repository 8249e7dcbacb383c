package eu.custodia.server.identity;

import java.util.Optional;
import java.util.Set;

/**
 * Segregation of duties as far as granting roles needs it: whether a role may join the roles an account
 * already holds. The rules are the access module's (it provides this bean); identity asks before every grant
 * (access depends on identity, not the other way round).
 */
public interface RoleConflicts {

    /** What to do about a conflicting pair. */
    enum Response {
        /** The grant is refused (the default). */
        REFUSE,
        /** The grant waits for a security officer's approval, and the conflict is ledgered with it. */
        APPROVE,
        /** The grant goes ahead, and the conflict is ledgered with it. */
        RECORD
    }

    /**
     * The first conflict that granting {@code role} to an account holding {@code held} would create.
     *
     * @return the pair and the response, or empty when there is none
     */
    Optional<Conflict> conflict(Set<String> held, String role);

    /** A conflicting pair: the role held, the role wanted, and the configured response. */
    record Conflict(String held, String wanted, Response response) {

        /** The pair as written in the configuration and the ledger, e.g. {@code key-custodian+platform-auditor}. */
        public String pair() {
            return held.compareTo(wanted) < 0 ? held + "+" + wanted : wanted + "+" + held;
        }
    }
}
