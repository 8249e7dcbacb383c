package eu.custodia.server.ledger.internal;

import eu.custodia.server.ledger.LedgerKeys;
import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningResult;
import java.util.List;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Commitment 3 (unalterable tracking): the key that signs every log's checkpoints. Kept in a plain local
 * file, it is accepted in production only with {@value HardeningCheck#ACKNOWLEDGE_PLAIN_KEY_FILES}{@code
 * =true}; anyone who reads it can sign a forged checkpoint (though not rewrite a history a customer has
 * already checked, which {@code custodia-verify log --state} detects).
 */
@Component
final class LedgerKeyFileCheck implements HardeningCheck {

    static final String ID = "ledger-signing-key";

    private final LedgerKeys keys;
    private final Environment environment;

    LedgerKeyFileCheck(LedgerKeys keys, Environment environment) {
        this.keys = keys;
        this.environment = environment;
    }

    @Override
    public List<HardeningResult> check() {
        LedgerKeys.KeyLocation location = keys.keyLocation();
        if (location.kind() != LedgerKeys.KeyLocation.Kind.PLAIN_FILE) {
            return List.of(HardeningResult.pass(ID, 3, "The ledger signing key is held in " + location.where() + ".",
                    "La chiave di firma dei registri è custodita in " + location.where() + "."));
        }
        if (environment.getProperty(ACKNOWLEDGE_PLAIN_KEY_FILES, Boolean.class, false)) {
            return List.of(HardeningResult.pass(ID, 3,
                    "The ledger signing key is a plain local file (" + location.where() + "); accepted by "
                            + ACKNOWLEDGE_PLAIN_KEY_FILES + "=true.",
                    "La chiave di firma dei registri è un file locale in chiaro (" + location.where()
                            + "); accettata con " + ACKNOWLEDGE_PLAIN_KEY_FILES + "=true."));
        }
        return List.of(HardeningResult.fail(ID, 3,
                "The ledger signing key is a plain local file (" + location.where() + "): whoever reads it can sign "
                        + "checkpoints. Protect the host's disk and set " + ACKNOWLEDGE_PLAIN_KEY_FILES
                        + "=true to accept it.",
                "La chiave di firma dei registri è un file locale in chiaro (" + location.where() + "): chi la "
                        + "legge può firmare checkpoint. Proteggere il disco dell'host e impostare "
                        + ACKNOWLEDGE_PLAIN_KEY_FILES + "=true per accettarla."));
    }
}
