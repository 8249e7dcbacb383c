package eu.custodia.server.vault.internal.pkcs11;

import eu.custodia.server.vault.KeyEncryptionKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The PKCS#11 KMS, created only when {@code custodia.vault.kms=pkcs11}: {@code custodia.vault.pkcs11.library}
 * (the module's path), {@code .slot} (slot id) or {@code .slot-list-index} (default 0), and the user PIN from
 * exactly one of {@code .pin-file} (a file holding it) or {@code .pin} (best from the environment variable
 * {@code CUSTODIA_VAULT_PKCS11_PIN}). The PIN is never logged. An unusable token stops the start
 * ({@link eu.custodia.server.vault.KmsUnavailableException}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "custodia.vault.kms", havingValue = Pkcs11KeyEncryptionKeys.NAME)
class Pkcs11KmsConfiguration {

    static final String PREFIX = "custodia.vault.pkcs11.";

    @Bean
    KeyEncryptionKeys pkcs11KeyEncryptionKeys(Environment env) {
        String library = env.getProperty(PREFIX + "library", "");
        if (library.isBlank()) {
            throw new IllegalStateException("custodia.vault.kms=pkcs11 needs " + PREFIX + "library");
        }
        Long slot = env.getProperty(PREFIX + "slot", Long.class);
        int slotListIndex = env.getProperty(PREFIX + "slot-list-index", Integer.class, 0);
        char[] pin = pin(env);
        try {
            return new Pkcs11KeyEncryptionKeys(library, slot, slotListIndex, pin);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private static char[] pin(Environment env) {
        String pin = env.getProperty(PREFIX + "pin", "");
        String pinFile = env.getProperty(PREFIX + "pin-file", "");
        if (pin.isEmpty() == pinFile.isBlank()) {
            throw new IllegalStateException("custodia.vault.kms=pkcs11 needs exactly one of " + PREFIX + "pin-file and "
                    + PREFIX + "pin");
        }
        if (!pin.isEmpty()) {
            return pin.toCharArray();
        }
        try {
            String text = Files.readString(Path.of(pinFile), StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new IllegalStateException(PREFIX + "pin-file " + pinFile + " is empty");
            }
            return text.toCharArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + PREFIX + "pin-file " + pinFile + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
