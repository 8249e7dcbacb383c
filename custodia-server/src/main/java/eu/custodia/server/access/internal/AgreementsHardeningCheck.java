package eu.custodia.server.access.internal;

import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningResult;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Commitment 3: no staff member holds a role that touches production without a valid confidentiality
 * agreement. The grant guard and the expiry check keep it so from then on; this check finds what they cannot:
 * roles granted before agreements existed, and the setup's first administrator. The one exception is the
 * bootstrap: while no active staff account holds {@code security-officer}, nobody can register a platform
 * administrator's agreement (nobody registers their own), so platform administrators without one pass, named.
 */
@Component
final class AgreementsHardeningCheck implements HardeningCheck {

    static final String ID = "confidentiality-agreements";
    private static final Logger LOG = LoggerFactory.getLogger(AgreementsHardeningCheck.class);

    private final JdbcAgreements agreements;

    AgreementsHardeningCheck(JdbcAgreements agreements) {
        this.agreements = agreements;
    }

    @Override
    public List<HardeningResult> check() {
        List<String> failing = new ArrayList<>();
        List<String> tolerated = new ArrayList<>();
        try {
            boolean bootstrap = agreements.bootstrap();
            for (JdbcAgreements.Uncovered uncovered : agreements.uncovered()) {
                for (JdbcAgreements.Uncovered.Role role : uncovered.roles()) {
                    String text = uncovered.account() + " (" + role.role() + ")";
                    if (bootstrap && role.role().equals(Roles.PLATFORM_ADMIN)) {
                        tolerated.add(text);
                    } else {
                        failing.add(text);
                    }
                }
            }
        } catch (DataAccessException e) {
            LOG.warn("could not read the confidentiality agreements", e);
            return List.of(HardeningResult.fail(ID, 3, "Could not read the register of confidentiality agreements: "
                    + e.getClass().getSimpleName() + ".", "Impossibile leggere il registro degli accordi di"
                    + " riservatezza: " + e.getClass().getSimpleName() + "."));
        }
        if (!failing.isEmpty()) {
            String list = String.join(", ", failing);
            return List.of(HardeningResult.fail(ID, 3, "Staff hold roles that touch production without a valid"
                    + " confidentiality agreement: " + list + ". Register their agreements (POST /api/v1/accounts/{id}"
                    + "/agreements) or revoke the roles.", "Membri del personale hanno ruoli che riguardano la"
                    + " produzione senza un accordo di riservatezza valido: " + list + ". Registrarne gli accordi"
                    + " (POST /api/v1/accounts/{id}/agreements) o revocare i ruoli."));
        }
        if (!tolerated.isEmpty()) {
            String list = String.join(", ", tolerated);
            return List.of(HardeningResult.pass(ID, 3, "Bootstrap: no security officer yet, so these platform"
                    + " administrators cannot have an agreement yet: " + list + ". Make a security officer (with an"
                    + " agreement), who then registers theirs.", "Avvio: non c'è ancora un responsabile della"
                    + " sicurezza, quindi questi amministratori della piattaforma non possono ancora avere un accordo: "
                    + list + ". Nominare un responsabile della sicurezza (con un accordo), che poi registra i loro."));
        }
        return List.of(HardeningResult.pass(ID, 3, "Every staff member holding a role that touches production has a"
                + " valid confidentiality agreement.", "Ogni membro del personale con un ruolo che riguarda la"
                + " produzione ha un accordo di riservatezza valido."));
    }
}
