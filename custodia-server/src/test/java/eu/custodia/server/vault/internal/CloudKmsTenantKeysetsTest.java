package eu.custodia.server.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.server.vault.KmsUnavailableException;
import eu.custodia.server.vault.VaultProperties;
import eu.custodia.server.vault.internal.cloud.CloudKmsKeyEncryptionKeys;
import eu.custodia.server.vault.internal.cloud.TestKmsClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A tenant's keysets wrapped by a cloud KMS key (the cloud adapter over an in-memory test client, on the real
 * store and ledger): provisioning, the cloud's own rotation with re-wrap keeping KEK version 1, and the cloud
 * key's deletion making the keysets unreadable (503).
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
class CloudKmsTenantKeysetsTest {

    private static final String TEMPLATE = "aws-kms://arn:aws:kms:eu-central-1:111122223333:alias/custodia-{tenant}";
    private static final byte[] RECORD = "partita IVA 01234567890".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "record/r-1".getBytes(StandardCharsets.UTF_8);
    private static final Caller ADMIN = new Caller("acc-vaultadmin", "staff", Set.of("platform-admin"), null,
            List.of("passkey"));

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    MutableClock clock;
    @Autowired
    SqlInstants instants;
    @Autowired
    VaultProperties properties;
    @Autowired
    eu.custodia.server.platform.TenantRowScope scope;

    @Test
    void cloudKeyWrapsTheKeysetsRewrapKeepsVersionOneAndDeletionShreds() throws Exception {
        TestKmsClient cloud = new TestKmsClient("aws-kms://");
        CloudKmsKeyEncryptionKeys kms = new CloudKmsKeyEncryptionKeys("aws-kms", TEMPLATE, cloud);
        JdbcTenantKeysets keysets = new JdbcTenantKeysets(jdbc, tx, scope, kms, ledger, clock, instants, properties);
        TenantId tenant = TenantId.random();
        String keyUri = TEMPLATE.replace("{tenant}", tenant.value());

        assertThatThrownBy(() -> keysets.provision(ADMIN, tenant)).as("no key provisioned in the cloud yet")
                .isInstanceOf(KmsUnavailableException.class);
        cloud.provision(keyUri);
        keysets.provision(ADMIN, tenant);
        byte[] sealed = keysets.recordsAead(tenant).encrypt(RECORD, AAD);
        assertThat(keysets.kekVersion(tenant)).isEqualTo(1);

        cloud.rotate(keyUri);
        keysets.rewrap(ADMIN, tenant);
        assertThat(keysets.kekVersion(tenant)).isEqualTo(1);
        assertThat(keysets.recordsAead(tenant).decrypt(sealed, AAD)).isEqualTo(RECORD);
        List<LedgerEvent> events = ledger.events().stream().filter(e -> tenant.equals(e.tenant())).toList();
        assertThat(events).extracting(LedgerEvent::action).containsExactly("vault.keyset-provisioned",
                "vault.keyset-rewrapped");
        assertThat(events.get(1).reason()).isEqualTo("kek version 1 -> 1");

        cloud.delete(keyUri);
        JdbcTenantKeysets otherNode = new JdbcTenantKeysets(jdbc, tx, scope, kms, ledger, clock, instants, properties);
        assertThatThrownBy(() -> otherNode.recordsAead(tenant)).isInstanceOf(KmsUnavailableException.class);
    }
}
