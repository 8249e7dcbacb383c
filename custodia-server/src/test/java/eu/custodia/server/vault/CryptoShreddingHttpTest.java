package eu.custodia.server.vault;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TestTenants;
import eu.custodia.server.tenancy.TenantState;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

/**
 * Crypto-shredding: only a terminated tenant, only with the id typed again, only by who holds keys:rotate on
 * it; afterwards nothing of the tenant opens, the keys are not provisioned anew, and a node that still caches
 * the tenant's keys refuses too (410 tenant-shredded), because every data call reads the shredded mark.
 */
@CustodiaTest
class CryptoShreddingHttpTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

    @Autowired
    WebApplicationContext context;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    Clock clock;
    @Autowired
    TenantCommands tenants;
    @Autowired
    KeyEncryptionKeys keks;
    @Autowired
    TenantKeysets keysets;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    TenantRowScope scope;
    @Autowired
    SqlInstants instants;

    MockMvc mvc;
    TestAdministrators.Admin admin;
    TestAdministrators.Admin custodian;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        admin = TestAdministrators.create(accounts, keys, clock);
        custodian = TestAdministrators.createStaff(accounts, keys, clock, Roles.KEY_CUSTODIAN);
    }

    private TenantId newTenant() {
        return TestTenants.create(tenants, admin.caller(), "Shred S.r.l.", "baseline");
    }

    private static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, TestAdministrators.Admin who) {
        return request.header("Authorization", "Bearer " + who.token()).header("X-Custodia-OTP", who.otp());
    }

    private static MockHttpServletRequestBuilder app(MockHttpServletRequestBuilder request, String token) {
        return request.header("Authorization", "Bearer " + token);
    }

    private String seed(TenantId tenant) throws Exception {
        String app = keys.create(SYSTEM, Set.of(Roles.TENANT_MEMBER), tenant, "saas application").token();
        String base = "/api/v1/tenants/" + tenant + "/collections/notes";
        mvc.perform(app(put(base).contentType(MediaType.APPLICATION_JSON).content("{\"fields\": {}}"), app))
                .andExpect(status().isOk());
        mvc.perform(app(put(base + "/records/n1").contentType(MediaType.APPLICATION_JSON).content("{\"t\": \"secret\"}"), app))
                .andExpect(status().isCreated());
        return app;
    }

    @Test
    void shredWhenTerminatedAndConfirmedThenNothingOfTheTenantOpensAgain() throws Exception {
        TenantId tenant = newTenant();
        seed(tenant);
        String shred = "/api/v1/tenants/" + tenant + "/keysets/crypto-shred";
        String confirm = "{\"confirmTenantId\": \"" + tenant + "\"}";

        mvc.perform(as(post(shred).contentType(MediaType.APPLICATION_JSON).content(confirm), custodian))
                .andExpect(problem("tenant-not-terminated", 409));
        tenants.transition(admin.caller(), tenant, TenantState.ACTIVE, "contract signed");
        tenants.transition(admin.caller(), tenant, TenantState.TERMINATED, "contract ended");
        mvc.perform(as(post(shred).contentType(MediaType.APPLICATION_JSON).content("{\"confirmTenantId\": \"t-x\"}"),
                custodian)).andExpect(problem("validation", 400));
        mvc.perform(as(post(shred).contentType(MediaType.APPLICATION_JSON).content(confirm), admin))
                .andExpect(problem("forbidden", 403));
        assertThat(keks.currentVersion(tenant)).isEqualTo(1);

        mvc.perform(as(post(shred).contentType(MediaType.APPLICATION_JSON).content(confirm), custodian))
                .andExpect(status().isOk());

        assertThat(keks.currentVersion(tenant)).isZero();
        assertThatThrownBy(() -> keysets.recordsAead(tenant)).isInstanceOf(TenantShreddedException.class);
        long keysetRows = tx.execute(s -> {
            scope.enter(tenant);
            return jdbc.sql("SELECT COUNT(*) FROM tenant_keysets WHERE tenant_id = ?").param(tenant.value())
                    .query(Long.class).single();
        });
        assertThat(keysetRows).isZero();
        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/keysets/rotation"), custodian))
                .andExpect(problem("tenant-shredded", 410));
        assertThat(ledger.events()).filteredOn(e -> tenant.equals(e.tenant()))
                .filteredOn(e -> e.action().equals("vault.crypto-shredded")).singleElement()
                .satisfies(e -> assertThat(e.actor().id()).isEqualTo(custodian.key().key().id()));
        // Shredding again is harmless and not ledgered twice.
        keysets.cryptoShred(custodian.caller(), tenant);
        assertThat(ledger.events()).filteredOn(e -> tenant.equals(e.tenant()))
                .filteredOn(e -> e.action().equals("vault.crypto-shredded")).hasSize(1);
    }

    @Test
    void readWhenAnotherNodeShreddedTheTenantWhileThisOneCachesItsKeysThen410() throws Exception {
        TenantId tenant = newTenant();
        String app = seed(tenant);
        String record = "/api/v1/tenants/" + tenant + "/collections/notes/records/n1";
        mvc.perform(app(get(record), app)).andExpect(status().isOk());
        // Another node's shredding: the mark in the shared store, this node's cache untouched.
        jdbc.sql("INSERT INTO crypto_shredded (tenant_id, shredded_at) VALUES (?, ?)")
                .params(tenant.value(), instants.bind(clock.instant())).update();
        mvc.perform(app(get(record), app)).andExpect(problem("tenant-shredded", 410));
        mvc.perform(app(get("/api/v1/tenants/" + tenant + "/blobs/b"), app)).andExpect(problem("tenant-shredded", 410));
    }
}
