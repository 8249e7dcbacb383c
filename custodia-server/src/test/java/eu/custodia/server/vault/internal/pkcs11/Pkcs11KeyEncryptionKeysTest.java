package eu.custodia.server.vault.internal.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.vault.KeyEncryptionKeys;
import eu.custodia.server.vault.KmsUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import eu.custodia.server.testing.SoftHsmTokens;

/**
 * The PKCS#11 adapter against a fresh SoftHSM2 token. SoftHSM2 reads {@code SOFTHSM2_CONF} from the process
 * environment when the JVM loads it, so the pom points it at {@code target/softhsm2/softhsm2.conf}; this
 * class writes that file (token directory beside it), initialises a token with {@code softhsm2-util}, then
 * loads the library. Without SoftHSM2 the tests are skipped on a developer machine, and fail in CI
 * ({@code CI} set, or {@code CUSTODIA_REQUIRE_PKCS11=true} as {@code .ci/run} exports).
 */
class Pkcs11KeyEncryptionKeysTest {

    private static final String LIBRARY = SoftHsmTokens.LIBRARY;
    private static final String PIN = SoftHsmTokens.PIN;
    private static final byte[] AAD = "tenant-keyset".getBytes(StandardCharsets.UTF_8);

    /** Why the tests are skipped (a developer machine without SoftHSM2), or {@code null}. */
    private static String unavailable;
    private static long slot;
    private static long untouchedSlot;
    private static Pkcs11KeyEncryptionKeys kms;

    @BeforeAll
    static void initialiseToken() throws Exception {
        unavailable = SoftHsmTokens.unavailable();
        if (unavailable == null) {
            slot = SoftHsmTokens.slot("custodia-test");
            // PKCS#11 login state is per token and process: a wrong PIN is only refused by a token nobody in this
            // JVM has logged in to yet.
            untouchedSlot = SoftHsmTokens.slot("custodia-untouched");
            kms = new Pkcs11KeyEncryptionKeys(LIBRARY, slot, 0, PIN.toCharArray());
        }
    }

    @BeforeEach
    void skipWithoutSoftHsm() {
        Assumptions.assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
    }

    @Test
    void createThenWrapAndUnwrapRoundTrip() throws GeneralSecurityException {
        TenantId tenant = TenantId.random();
        assertThat(kms.currentVersion(tenant)).isZero();
        assertThat(kms.create(tenant)).isEqualTo(1);
        assertThat(kms.create(tenant)).isEqualTo(1);
        assertThat(kms.currentVersion(tenant)).isEqualTo(1);
        assertThat(kms.name()).isEqualTo("pkcs11");

        Aead kek = kms.kek(tenant, 1);
        byte[] keyset = "a tenant keyset".getBytes(StandardCharsets.UTF_8);
        byte[] wrapped = kek.encrypt(keyset, AAD);
        assertThat(wrapped).hasSize(12 + keyset.length + 16);
        assertThat(kek.decrypt(wrapped, AAD)).isEqualTo(keyset);
        assertThat(kms.kek(tenant, 1).decrypt(wrapped, AAD)).isEqualTo(keyset);
        assertThat(kek.encrypt(keyset, AAD)).isNotEqualTo(wrapped);
    }

    @Test
    void aadMismatchAndFlippedByteFail() throws GeneralSecurityException {
        TenantId tenant = TenantId.random();
        kms.create(tenant);
        Aead kek = kms.kek(tenant, 1);
        byte[] wrapped = kek.encrypt(new byte[32], AAD);

        assertThatThrownBy(() -> kek.decrypt(wrapped, "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GeneralSecurityException.class);
        for (int i : new int[] {0, 12, wrapped.length - 1}) {
            byte[] flipped = wrapped.clone();
            flipped[i] ^= 1;
            assertThatThrownBy(() -> kek.decrypt(flipped, AAD)).isInstanceOf(GeneralSecurityException.class);
        }
        assertThatThrownBy(() -> kek.decrypt(new byte[10], AAD)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void oneTenantsKekDoesNotUnwrapAnothers() throws GeneralSecurityException {
        TenantId a = TenantId.random();
        TenantId b = TenantId.random();
        kms.create(a);
        kms.create(b);
        byte[] wrapped = kms.kek(a, 1).encrypt(new byte[32], AAD);
        assertThatThrownBy(() -> kms.kek(b, 1).decrypt(wrapped, AAD)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void rotateMakesVersionTwoCurrentAndVersionOneStillUnwraps() throws GeneralSecurityException {
        TenantId tenant = TenantId.random();
        kms.create(tenant);
        byte[] old = kms.kek(tenant, 1).encrypt(new byte[32], AAD);
        assertThat(kms.rotate(tenant)).isEqualTo(2);
        assertThat(kms.currentVersion(tenant)).isEqualTo(2);
        assertThat(kms.kek(tenant, 1).decrypt(old, AAD)).isEqualTo(new byte[32]);
        byte[] fresh = kms.kek(tenant, 2).encrypt(new byte[32], AAD);
        assertThatThrownBy(() -> kms.kek(tenant, 1).decrypt(fresh, AAD))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> kms.kek(tenant, 3)).isInstanceOf(KmsUnavailableException.class);
    }

    @Test
    void keyIsNotExtractable() throws GeneralSecurityException {
        TenantId tenant = TenantId.random();
        kms.create(tenant);
        kms.rotate(tenant);
        assertThat(kms.storedKey(tenant, 1)).isNotNull();
        assertThat(kms.storedKey(tenant, 1).getEncoded()).isNull();
        assertThat(kms.storedKey(tenant, 2).getEncoded()).isNull();
    }

    @Test
    void keysPersistOnTheTokenAcrossSessions() throws GeneralSecurityException {
        TenantId tenant = TenantId.random();
        kms.create(tenant);
        kms.rotate(tenant);
        byte[] wrapped = kms.kek(tenant, 2).encrypt(new byte[32], AAD);
        Pkcs11KeyEncryptionKeys reopened = new Pkcs11KeyEncryptionKeys(LIBRARY, slot, 0, PIN.toCharArray());
        assertThat(reopened.currentVersion(tenant)).isEqualTo(2);
        assertThat(reopened.kek(tenant, 2).decrypt(wrapped, AAD)).isEqualTo(new byte[32]);
    }

    @Test
    void anotherNodeOnTheSameTokenSeesNewVersionsAndDestruction() throws GeneralSecurityException {
        Pkcs11KeyEncryptionKeys otherNode = new Pkcs11KeyEncryptionKeys(LIBRARY, slot, 0, PIN.toCharArray());
        TenantId tenant = TenantId.random();
        kms.create(tenant);
        assertThat(otherNode.currentVersion(tenant)).isEqualTo(1);
        kms.rotate(tenant);
        byte[] wrapped = kms.kek(tenant, 2).encrypt(new byte[32], AAD);
        assertThat(otherNode.kek(tenant, 2).decrypt(wrapped, AAD)).isEqualTo(new byte[32]);
        assertThat(otherNode.rotate(tenant)).isEqualTo(3);
        assertThat(kms.currentVersion(tenant)).isEqualTo(3);
        otherNode.destroyAllVersions(tenant);
        assertThat(kms.currentVersion(tenant)).isZero();
        assertThatThrownBy(() -> kms.kek(tenant, 2)).isInstanceOf(KmsUnavailableException.class);
    }

    @Test
    void destroyAllVersionsShredsTheKeys() throws GeneralSecurityException {
        TenantId tenant = TenantId.random();
        TenantId other = TenantId.random();
        kms.create(tenant);
        kms.rotate(tenant);
        kms.create(other);
        Aead before = kms.kek(tenant, 2);
        byte[] wrapped = before.encrypt(new byte[32], AAD);

        kms.destroyAllVersions(tenant);

        assertThat(kms.currentVersion(tenant)).isZero();
        for (int version : new int[] {1, 2}) {
            assertThatThrownBy(() -> kms.kek(tenant, version)).isInstanceOf(KmsUnavailableException.class)
                    .hasMessageContaining("pkcs11").hasMessageContaining(tenant.value());
        }
        assertThatThrownBy(() -> before.decrypt(wrapped, AAD)).isInstanceOfAny(KmsUnavailableException.class,
                GeneralSecurityException.class);
        assertThat(kms.currentVersion(other)).isEqualTo(1);
    }

    @Test
    void wrongPinIsUnavailableWithoutThePin() {
        assertThatThrownBy(() -> new Pkcs11KeyEncryptionKeys(LIBRARY, untouchedSlot, 0, "98765".toCharArray()))
                .isInstanceOf(KmsUnavailableException.class).hasMessageContaining("pkcs11")
                .hasMessageNotContaining("98765");
    }

    @Test
    void missingLibraryIsUnavailable() {
        assertThatThrownBy(() -> new Pkcs11KeyEncryptionKeys("/nonexistent/libpkcs11.so", slot, 0,
                "98765".toCharArray()))
                .isInstanceOf(KmsUnavailableException.class).hasMessageContaining("pkcs11")
                .hasMessageNotContaining("98765");
    }

    @Test
    void missingSlotIsUnavailable() {
        assertThatThrownBy(() -> new Pkcs11KeyEncryptionKeys(LIBRARY, null, 50, PIN.toCharArray()))
                .isInstanceOf(KmsUnavailableException.class).hasMessageNotContaining(PIN);
    }

    @Test
    void springCreatesTheAdapterOnlyWhenSelected(@TempDir Path dir) throws IOException {
        Path pinFile = Files.writeString(dir.resolve("pin"), PIN + "\n", StandardCharsets.UTF_8);
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withUserConfiguration(Pkcs11KmsConfiguration.class);

        runner.run(context -> assertThat(context).doesNotHaveBean(KeyEncryptionKeys.class));
        runner.withPropertyValues("custodia.vault.kms=local-file")
                .run(context -> assertThat(context).doesNotHaveBean(KeyEncryptionKeys.class));
        runner.withPropertyValues("custodia.vault.kms=pkcs11", "custodia.vault.pkcs11.library=" + LIBRARY,
                "custodia.vault.pkcs11.slot=" + slot, "custodia.vault.pkcs11.pin-file=" + pinFile)
                .run(context -> {
                    KeyEncryptionKeys keys = context.getBean(KeyEncryptionKeys.class);
                    assertThat(keys.name()).isEqualTo("pkcs11");
                    assertThat(keys.create(TenantId.random())).isEqualTo(1);
                });
        runner.withPropertyValues("custodia.vault.kms=pkcs11", "custodia.vault.pkcs11.library=" + LIBRARY,
                "custodia.vault.pkcs11.slot=" + slot)
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("custodia.vault.kms=pkcs11", "custodia.vault.pkcs11.library=" + LIBRARY,
                "custodia.vault.pkcs11.slot=" + untouchedSlot, "custodia.vault.pkcs11.pin=98765")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .satisfies(failure -> assertThat(messages(failure))
                                .contains(KmsUnavailableException.class.getName()).doesNotContain("98765")));
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
