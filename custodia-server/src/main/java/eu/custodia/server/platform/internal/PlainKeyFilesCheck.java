package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.platform.TlsProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Commitment 9, for the key files the platform owns (the TLS private key, configured or generated): key
 * material in a plain local file is accepted in production only when the operator says so with
 * {@value HardeningCheck#ACKNOWLEDGE_PLAIN_KEY_FILES}{@code =true}; and such a file must never be readable
 * by group or others. Other modules check their own key files the same way.
 */
@Component
final class PlainKeyFilesCheck implements HardeningCheck {

    static final String ID = "plain-key-files";
    static final String PERMISSIONS_ID = "key-file-permissions";
    private static final Set<PosixFilePermission> OPEN = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final TlsProperties tls;
    private final CustodiaProperties properties;
    private final Environment environment;

    PlainKeyFilesCheck(TlsProperties tls, CustodiaProperties properties, Environment environment) {
        this.tls = tls;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public List<HardeningResult> check() {
        Path key = tls.servedPrivateKey(properties.dataDir());
        List<HardeningResult> results = new ArrayList<>();
        if (environment.getProperty(ACKNOWLEDGE_PLAIN_KEY_FILES, Boolean.class, false)) {
            results.add(HardeningResult.pass(ID, 9,
                    "The TLS private key is a plain local file (" + key + "); accepted by "
                            + ACKNOWLEDGE_PLAIN_KEY_FILES + "=true.",
                    "La chiave privata TLS è un file locale in chiaro (" + key + "); accettata con "
                            + ACKNOWLEDGE_PLAIN_KEY_FILES + "=true."));
        } else {
            results.add(HardeningResult.fail(ID, 9,
                    "The TLS private key is a plain local file (" + key + "). Protect the host's disk and set "
                            + ACKNOWLEDGE_PLAIN_KEY_FILES + "=true to accept it.",
                    "La chiave privata TLS è un file locale in chiaro (" + key + "). Proteggere il disco "
                            + "dell'host e impostare " + ACKNOWLEDGE_PLAIN_KEY_FILES + "=true per accettarla."));
        }
        results.add(permissions(key));
        return results;
    }

    private static HardeningResult permissions(Path key) {
        try {
            if (TlsCertificateProvisioner.posix() && Files.exists(key)
                    && Files.getPosixFilePermissions(key).stream().anyMatch(OPEN::contains)) {
                return HardeningResult.fail(PERMISSIONS_ID, 9,
                        "The TLS private key " + key + " is readable or writable by other users. Run: chmod 600 "
                                + key,
                        "La chiave privata TLS " + key + " è accessibile ad altri utenti. Eseguire: chmod 600 "
                                + key);
            }
        } catch (IOException e) {
            return HardeningResult.fail(PERMISSIONS_ID, 9,
                    "The permissions of the TLS private key " + key + " cannot be read.",
                    "Non è possibile leggere i permessi della chiave privata TLS " + key + ".");
        }
        return HardeningResult.pass(PERMISSIONS_ID, 9,
                "The TLS private key is readable by its owner only (or not created yet).",
                "La chiave privata TLS è leggibile solo dal proprietario (o non è ancora stata creata).");
    }
}
