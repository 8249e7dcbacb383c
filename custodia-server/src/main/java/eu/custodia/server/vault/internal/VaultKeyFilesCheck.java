package eu.custodia.server.vault.internal;

import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.platform.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Commitment 9 for the tenants' key-encryption keys of the {@code local-file} KMS: key material in plain
 * local files is accepted in production only with {@value HardeningCheck#ACKNOWLEDGE_PLAIN_KEY_FILES}
 * {@code =true} (as for the ledger and TLS keys), and neither the directory nor a key file may be open to
 * group or others (the KMS refuses such a file anyway).
 */
@Component
@ConditionalOnBean(LocalFileKeyEncryptionKeys.class)
final class VaultKeyFilesCheck implements HardeningCheck {

    static final String ID = "vault-kek-files";
    private static final Set<PosixFilePermission> OPEN = OwnerOnlyFiles.GROUP_OR_OTHERS;

    private final Path directory;
    private final Environment environment;

    VaultKeyFilesCheck(CustodiaProperties properties, Environment environment) {
        this.directory = LocalFileKeyEncryptionKeys.directory(properties.dataDir());
        this.environment = environment;
    }

    @Override
    public List<HardeningResult> check() {
        String open = openFile();
        if (open != null) {
            return List.of(HardeningResult.fail(ID, 9,
                    "The tenant key-encryption key " + open + " is accessible to other users. Run: chmod 600 on"
                            + " the key files and chmod 700 on " + directory,
                    "La chiave di cifratura delle chiavi del tenant " + open + " è accessibile ad altri utenti."
                            + " Eseguire chmod 600 sui file e chmod 700 su " + directory));
        }
        if (environment.getProperty(ACKNOWLEDGE_PLAIN_KEY_FILES, Boolean.class, false)) {
            return List.of(HardeningResult.pass(ID, 9,
                    "The tenants' key-encryption keys are plain local files (" + directory + "), owner-only;"
                            + " accepted by " + ACKNOWLEDGE_PLAIN_KEY_FILES + "=true.",
                    "Le chiavi di cifratura delle chiavi dei tenant sono file locali in chiaro (" + directory
                            + "), leggibili solo dal proprietario; accettate con " + ACKNOWLEDGE_PLAIN_KEY_FILES
                            + "=true."));
        }
        return List.of(HardeningResult.fail(ID, 9,
                "The tenants' key-encryption keys are plain local files (" + directory + ", custodia.vault.kms="
                        + "local-file). Use a PKCS#11 or cloud KMS, or protect the host's disk and set "
                        + ACKNOWLEDGE_PLAIN_KEY_FILES + "=true to accept them.",
                "Le chiavi di cifratura delle chiavi dei tenant sono file locali in chiaro (" + directory
                        + "). Usare un KMS PKCS#11 o cloud, oppure proteggere il disco dell'host e impostare "
                        + ACKNOWLEDGE_PLAIN_KEY_FILES + "=true per accettarle."));
    }

    private String openFile() {
        if (!Files.isDirectory(directory)
                || !directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return null;
        }
        try {
            if (Files.getPosixFilePermissions(directory).stream().anyMatch(OPEN::contains)) {
                return directory.toString();
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.key")) {
                for (Path file : files) {
                    if (Files.getPosixFilePermissions(file).stream().anyMatch(OPEN::contains)) {
                        return file.toString();
                    }
                }
            }
        } catch (IOException e) {
            return directory.toString();
        }
        return null;
    }
}
