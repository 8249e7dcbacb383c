package eu.custodia.server.vault.internal.cloud;

import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
    private static final Set<PosixFilePermission> OPEN = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

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
        Path file = Path.of(settings.credentialsPath());
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(OPEN::contains)) {
                return List.of(HardeningResult.fail(ID, COMMITMENT,
                        "The KMS credentials file " + file + " is accessible to group or others: chmod 600 it.",
                        "Il file delle credenziali del KMS " + file + " è accessibile al gruppo o ad altri:"
                                + " eseguire chmod 600."));
            }
            return List.of(HardeningResult.pass(ID, COMMITMENT,
                    "The KMS credentials file " + file + " is accessible to its owner only.",
                    "Il file delle credenziali del KMS " + file + " è accessibile solo al proprietario."));
        } catch (UnsupportedOperationException e) {
            return List.of(HardeningResult.pass(ID, COMMITMENT,
                    "The KMS credentials file " + file + " is on a file system without POSIX permissions;"
                            + " not checked.",
                    "Il file delle credenziali del KMS " + file + " è su un file system senza permessi POSIX;"
                            + " non verificato."));
        } catch (IOException | RuntimeException e) {
            return List.of(HardeningResult.fail(ID, COMMITMENT,
                    "The KMS credentials file " + file + " cannot be read (" + e.getClass().getSimpleName() + ").",
                    "Il file delle credenziali del KMS " + file + " non è leggibile ("
                            + e.getClass().getSimpleName() + ")."));
        }
    }
}
