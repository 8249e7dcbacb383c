package eu.custodia.server.vault.internal.pkcs11;

import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.platform.OwnerOnlyFiles;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.stereotype.Component;

/**
 * With the PKCS#11 KMS: whoever reads the token's user PIN can use every tenant's key-encryption key. The PIN
 * file must not be readable by group or others, and an inline PIN must not be a command-line argument (which
 * other users of the host see in the process list). The check never reads or shows the PIN.
 */
@Component
@ConditionalOnProperty(name = "custodia.vault.kms", havingValue = Pkcs11KeyEncryptionKeys.NAME)
final class Pkcs11PinCheck implements HardeningCheck {

    static final String ID = "vault-pkcs11-pin";
    private static final int COMMITMENT = 4;

    private final Environment environment;

    Pkcs11PinCheck(Environment environment) {
        this.environment = environment;
    }

    @Override
    public List<HardeningResult> check() {
        String pinFile = environment.getProperty(Pkcs11KmsConfiguration.PREFIX + "pin-file", "");
        if (!pinFile.isBlank()) {
            return List.of(OwnerOnlyFiles.check(ID, COMMITMENT, Path.of(pinFile), "PKCS#11 PIN file",
                    "Il file del PIN PKCS#11"));
        }
        if (onCommandLine()) {
            return List.of(HardeningResult.fail(ID, COMMITMENT,
                    "The PKCS#11 PIN is a command-line argument, visible in the process list: set "
                            + "CUSTODIA_VAULT_PKCS11_PIN or custodia.vault.pkcs11.pin-file instead.",
                    "Il PIN PKCS#11 è un argomento della riga di comando, visibile nell'elenco dei processi: "
                            + "usare CUSTODIA_VAULT_PKCS11_PIN o custodia.vault.pkcs11.pin-file."));
        }
        return List.of(HardeningResult.pass(ID, COMMITMENT,
                "The PKCS#11 PIN comes from the configuration, not from the command line.",
                "Il PIN PKCS#11 proviene dalla configurazione, non dalla riga di comando."));
    }

    private boolean onCommandLine() {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return false;
        }
        PropertySource<?> args = configurable.getPropertySources().get("commandLineArgs");
        return args != null && args.containsProperty(Pkcs11KmsConfiguration.PREFIX + "pin");
    }
}
