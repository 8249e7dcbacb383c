package eu.custodia.server.records.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.records.CollectionSchema;
import eu.custodia.server.records.Precondition;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TestTenants;
import eu.custodia.server.tenancy.Tenants;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.server.testing.SoftHsmTokens;
import eu.custodia.server.vault.KmsUnavailableException;
import eu.custodia.server.vault.TenantKeysets;
import eu.custodia.server.vault.TenantShreddedException;
import eu.custodia.server.vault.VaultProperties;
import eu.custodia.server.vault.internal.pkcs11.Pkcs11KeyEncryptionKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The records service with its tenants' key-encryption keys in an HSM (SoftHSM2 through SunPKCS11): documents
 * sealed, read, searched, kept readable across a keyset rotation and a re-wrap under a new key object, and
 * unreadable once the tenant's key objects are destroyed.
 */
@CustodiaTest
class RecordsOnPkcs11Test {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());
    private static String unavailable;
    private static Pkcs11KeyEncryptionKeys hsm;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    TenantRowScope scope;
    @Autowired
    DecisionPoint decisions;
    @Autowired
    Tenants tenantRegister;
    @Autowired
    TenantCommands tenants;
    @Autowired
    Ledger ledger;
    @Autowired
    Clock clock;
    @Autowired
    SqlInstants instants;
    @Autowired
    JsonMapper json;
    @Autowired
    VaultProperties vault;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;

    TenantKeysets keysets;
    JdbcRecords records;
    TenantId tenant;
    Caller app;

    @BeforeAll
    static void token() throws Exception {
        unavailable = SoftHsmTokens.unavailable();
        if (unavailable == null) {
            hsm = new Pkcs11KeyEncryptionKeys(SoftHsmTokens.LIBRARY, SoftHsmTokens.slot("custodia-records"), 0,
                    SoftHsmTokens.PIN.toCharArray());
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        keysets = newKeysets();
        records = new JdbcRecords(jdbc, tx, scope, keysets, new RecordsGate(decisions, tenantRegister, keysets, ledger,
                clock), clock, instants, json);
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        tenant = TestTenants.create(tenants, admin.caller(), "Hsm S.r.l.", "strict");
        app = keys.authenticate(keys.create(SYSTEM, Set.of(Roles.TENANT_MEMBER), tenant, "app").token()).orElseThrow();
        records.defineCollection(app, tenant, "patients", new CollectionSchema(Map.of("code",
                new CollectionSchema.Field(true, true)), "code"));
    }

    /** The vault's own keysets over the HSM, built the way its Spring configuration builds them. */
    private TenantKeysets newKeysets() throws Exception {
        var constructor = Class.forName("eu.custodia.server.vault.internal.JdbcTenantKeysets").getDeclaredConstructors()[0];
        constructor.setAccessible(true);
        return (TenantKeysets) constructor.newInstance(jdbc, tx, scope, hsm, ledger, clock, instants, vault);
    }

    private String read(String id) {
        return new String(records.read(app, tenant, "patients", id).document(), StandardCharsets.UTF_8);
    }

    @Test
    void recordsWhenTheKekIsInAnHsmThenSealedReadSearchedAcrossRotationAndRewrapAndShreddable() {
        records.write(app, tenant, "patients", "p1", "{\"code\": \"X-1\", \"note\": \"first\"}"
                .getBytes(StandardCharsets.UTF_8), Precondition.NONE);
        assertThat(keysets.kekVersion(tenant)).isEqualTo(1);
        assertThat(read("p1")).contains("first");

        keysets.rotate(app, tenant);
        keysets.rewrap(app, tenant);
        assertThat(keysets.kekVersion(tenant)).isEqualTo(2);
        records.write(app, tenant, "patients", "p2", "{\"code\": \"X-2\", \"note\": \"second\"}"
                .getBytes(StandardCharsets.UTF_8), Precondition.NONE);
        assertThat(read("p1")).contains("first");
        assertThat(read("p2")).contains("second");
        assertThat(records.list(app, tenant, "patients", Map.of("code", "X-1"), null, 10).records())
                .extracting(r -> r.id()).containsExactly("p1");

        // Another node with a cold cache opens the keysets from the HSM.
        TenantKeysets coldNode;
        try {
            coldNode = newKeysets();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(coldNode.recordsAead(tenant)).isNotNull();

        keysets.cryptoShred(app, tenant);
        assertThat(hsm.currentVersion(tenant)).isZero();
        assertThatThrownBy(() -> read("p1")).isInstanceOf(TenantShreddedException.class);
        // Even the wrapped keysets, had anyone kept a copy, no longer open: the key objects are gone.
        assertThatThrownBy(() -> hsm.kek(tenant, 2)).isInstanceOf(KmsUnavailableException.class);
    }
}
