package eu.custodia.server.access.internal;

import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.RoleGuard;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Commitment 3: a staff account holds a role that touches production ({@link Roles#PRODUCTION}) only with a
 * valid confidentiality agreement (signed on or before today, expiring today or later, not ended). Identity
 * asks it before every grant and before every reinstatement; other accounts (tenant users, service accounts)
 * are not concerned.
 */
@Component
final class AgreementGuard implements RoleGuard {

    /** The rule's name, in the ledger and in the problem. */
    static final String RULE = "confidentiality-agreement";

    private final JdbcAgreements agreements;

    AgreementGuard(JdbcAgreements agreements) {
        this.agreements = agreements;
    }

    @Override
    public Optional<Refusal> refuse(Account account, String role, TenantId tenant) {
        if (!Account.STAFF.equals(account.kind()) || !Roles.PRODUCTION.contains(role)
                || agreements.covered(account.id())) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(RULE, BilingualProblem.of(ProblemType.AGREEMENT_REQUIRED, "Role " + role
                + " touches production: staff account " + account.id() + " needs a valid confidentiality agreement"
                + " first (POST /api/v1/accounts/" + account.id() + "/agreements, by a security officer).", "Il ruolo "
                + role + " riguarda la produzione: l'account del personale " + account.id() + " richiede prima un"
                + " accordo di riservatezza valido (POST /api/v1/accounts/" + account.id() + "/agreements, da un"
                + " responsabile della sicurezza).", Map.of("role", role, "rule", RULE))));
    }
}
