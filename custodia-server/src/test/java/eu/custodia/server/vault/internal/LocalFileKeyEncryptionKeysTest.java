package eu.custodia.server.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.platform.Mode;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.vault.KmsUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** The local key-file KMS: owner-only files, refused when widened, versions, crypto-shredding. */
class LocalFileKeyEncryptionKeysTest {

    private static final byte[] PLAIN = "a keyset".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "tenant and version".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dataDir;

    LocalFileKeyEncryptionKeys kms;
    TenantId tenant = TenantId.random();

    @BeforeEach
    void setUp() {
        kms = new LocalFileKeyEncryptionKeys(new CustodiaProperties(Mode.DEV, dataDir, "localhost", 1, null));
    }

    @Test
    void createWhenNewTenantThenOne256BitFileOwnerOnlyInOwnerOnlyDirectoryAndIdempotent() throws Exception {
        assertThat(kms.name()).isEqualTo("local-file");
        assertThat(kms.currentVersion(tenant)).isZero();
        assertThat(kms.create(tenant)).isEqualTo(1);
        assertThat(kms.create(tenant)).isEqualTo(1);

        Path dir = dataDir.resolve("vault/kek");
        Path file = dir.resolve(tenant.value() + ".v1.key");
        assertThat(Files.size(file)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").hasSize(1);
        }
    }

    @Test
    void kekWhenWrappingThenRoundTripsAndAnyTamperingFails() throws Exception {
        kms.create(tenant);
        Aead kek = kms.kek(tenant, 1);
        byte[] wrapped = kek.encrypt(PLAIN, AAD);
        assertThat(kms.kek(tenant, 1).decrypt(wrapped, AAD)).isEqualTo(PLAIN);

        byte[] flipped = wrapped.clone();
        flipped[flipped.length / 2] ^= 1;
        assertThatThrownBy(() -> kek.decrypt(flipped, AAD)).isInstanceOf(GeneralSecurityException.class);
        byte[] otherAad = AAD.clone();
        otherAad[0] ^= 1;
        assertThatThrownBy(() -> kek.decrypt(wrapped, otherAad)).isInstanceOf(GeneralSecurityException.class);

        TenantId other = TenantId.random();
        kms.create(other);
        assertThatThrownBy(() -> kms.kek(other, 1).decrypt(wrapped, AAD)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void kekWhenFileOrDirectoryWidenedThenRefusedNotLoosened() throws Exception {
        kms.create(tenant);
        Path file = dataDir.resolve("vault/kek/" + tenant.value() + ".v1.key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> kms.kek(tenant, 1)).isInstanceOf(KmsUnavailableException.class)
                .hasMessageContaining("accessible to group or others").hasMessageContaining(tenant.value());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxr-x---"));
        assertThatThrownBy(() -> kms.kek(tenant, 1)).isInstanceOf(KmsUnavailableException.class);
        Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
        assertThat(kms.kek(tenant, 1)).isNotNull();
    }

    @Test
    void rotateWhenCalledThenNewCurrentVersionAndOldOneStillUnwraps() throws Exception {
        kms.create(tenant);
        byte[] underV1 = kms.kek(tenant, 1).encrypt(PLAIN, AAD);
        assertThat(kms.rotate(tenant)).isEqualTo(2);
        assertThat(kms.currentVersion(tenant)).isEqualTo(2);
        assertThat(kms.kek(tenant, 1).decrypt(underV1, AAD)).isEqualTo(PLAIN);
        assertThatThrownBy(() -> kms.kek(tenant, 2).decrypt(underV1, AAD))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void kekWhenMissingOrDestroyedThenKmsUnavailableForever() throws Exception {
        assertThatThrownBy(() -> kms.kek(tenant, 1)).isInstanceOf(KmsUnavailableException.class)
                .hasMessageContaining("no key version 1");
        kms.create(tenant);
        kms.rotate(tenant);
        TenantId other = TenantId.random();
        kms.create(other);

        kms.destroyAllVersions(tenant);

        assertThat(kms.currentVersion(tenant)).isZero();
        assertThat(dataDir.resolve("vault/kek/" + tenant.value() + ".v1.key")).doesNotExist();
        assertThat(dataDir.resolve("vault/kek/" + tenant.value() + ".v2.key")).doesNotExist();
        assertThatThrownBy(() -> kms.kek(tenant, 1)).isInstanceOf(KmsUnavailableException.class);
        assertThatThrownBy(() -> kms.kek(tenant, 2)).isInstanceOf(KmsUnavailableException.class);
        assertThat(kms.kek(other, 1)).as("other tenants keep their keys").isNotNull();
    }

    @Test
    void hardeningCheckWhenPlainKeyFilesThenFailsUnlessAcknowledgedAndAlwaysWhenWidened() throws Exception {
        CustodiaProperties properties = new CustodiaProperties(Mode.PRODUCTION, dataDir, "localhost", 1, null);
        MockEnvironment environment = new MockEnvironment();
        VaultKeyFilesCheck check = new VaultKeyFilesCheck(properties, environment);
        kms.create(tenant);

        HardeningResult refused = check.check().get(0);
        assertThat(refused.id()).isEqualTo("vault-kek-files");
        assertThat(refused.passed()).isFalse();
        assertThat(refused.reasonEn()).contains("vault/kek", HardeningCheck.ACKNOWLEDGE_PLAIN_KEY_FILES);
        assertThat(refused.reasonIt()).contains("file locali in chiaro");

        environment.setProperty(HardeningCheck.ACKNOWLEDGE_PLAIN_KEY_FILES, "true");
        assertThat(check.check().get(0).passed()).isTrue();

        Path file = dataDir.resolve("vault/kek/" + tenant.value() + ".v1.key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        HardeningResult widened = check.check().get(0);
        assertThat(widened.passed()).isFalse();
        assertThat(widened.reasonEn()).contains(file.toString(), "accessible to other users");
    }
}
