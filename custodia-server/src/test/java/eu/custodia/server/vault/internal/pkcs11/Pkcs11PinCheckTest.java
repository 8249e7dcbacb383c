package eu.custodia.server.vault.internal.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.platform.HardeningResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.mock.env.MockEnvironment;

/** The PKCS#11 PIN: an owner-only file or the environment pass; an open file or a command-line PIN fail. */
class Pkcs11PinCheckTest {

    @Test
    void pinFileReadableByOthersFailsAndOwnerOnlyPasses(@TempDir Path dir) throws IOException {
        Path pin = Files.writeString(dir.resolve("pin"), "1234", StandardCharsets.UTF_8);
        MockEnvironment env = new MockEnvironment().withProperty("custodia.vault.pkcs11.pin-file", pin.toString());

        Files.setPosixFilePermissions(pin, PosixFilePermissions.fromString("rw-r--r--"));
        HardeningResult open = new Pkcs11PinCheck(env).check().get(0);
        assertThat(open.passed()).isFalse();
        assertThat(open.id()).isEqualTo("vault-pkcs11-pin");
        assertThat(open.reasonEn()).contains("chmod 600").doesNotContain("1234");
        assertThat(open.reasonIt()).contains("chmod 600");

        Files.setPosixFilePermissions(pin, PosixFilePermissions.fromString("rw-------"));
        assertThat(new Pkcs11PinCheck(env).check().get(0).passed()).isTrue();

        Files.delete(pin);
        assertThat(new Pkcs11PinCheck(env).check().get(0).passed()).isFalse();
    }

    @Test
    void pinOnTheCommandLineFailsAndFromTheEnvironmentPasses() {
        MockEnvironment env = new MockEnvironment().withProperty("custodia.vault.pkcs11.pin", "1234");
        assertThat(new Pkcs11PinCheck(env).check().get(0).passed()).isTrue();

        env.getPropertySources().addFirst(new SimpleCommandLinePropertySource("--custodia.vault.pkcs11.pin=1234"));
        HardeningResult result = new Pkcs11PinCheck(env).check().get(0);
        assertThat(result.passed()).isFalse();
        assertThat(result.reasonEn()).contains("CUSTODIA_VAULT_PKCS11_PIN").doesNotContain("1234");
    }
}
