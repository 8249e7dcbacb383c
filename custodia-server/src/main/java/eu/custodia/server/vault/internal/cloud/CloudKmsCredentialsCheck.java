package eu.custodia.server.vault.internal.cloud;

import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.platform.OwnerOnlyFiles;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * With a cloud KMS: whoever reads the configured credentials file can use every tenant's key-encryption key.
 * A credentials file ({@code custodia.vault.aws.credentials-path}, {@code custodia.vault.gcp.credentials-path})
 * must not be accessible to group or others; without one the cloud SDK's default chain (a workload role,
 * the environment) is used, which is what production should prefer. Never reads the file's content.
 */
@Component
@ConditionalOnExpression("'${custodia.vault.kms:local-file}' == '" + CloudKmsConfiguration.AWS + "' or "
        + "'${custodia.vault.kms:local-file}' == '" + CloudKmsConfiguration.GCP + "'")
final class CloudKmsCredentialsCheck implements HardeningCheck {

    static final String ID = "vault-cloud-kms-credentials";
    private static final int COMMITMENT = 4;

    private final Environment environment;

    CloudKmsCredentialsCheck(Environment environment) {
        this.environment = environment;
    }

    @Override
    public List<HardeningResult> check() {
        String cloud = CloudKmsConfiguration.AWS.equals(environment.getProperty("custodia.vault.kms")) ? "aws"
                : "gcp";
        CloudKmsSettings settings = CloudKmsSettings.bind(environment, cloud);
        if (!settings.hasCredentialsFile()) {
            return List.of(HardeningResult.pass(ID, COMMITMENT,
                    "The " + cloud + " KMS credentials come from the cloud SDK's default chain (no key file).",
                    "Le credenziali del KMS " + cloud + " provengono dalla catena predefinita dell'SDK cloud"
                            + " (nessun file di chiavi)."));
        }
        return List.of(OwnerOnlyFiles.check(ID, COMMITMENT, Path.of(settings.credentialsPath()),
                "KMS credentials file", "Il file delle credenziali del KMS"));
    }
}
