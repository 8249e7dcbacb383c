package eu.custodia.server.vault;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The vault's key operations over HTTP: a key custodian (any tenant) or the tenant's own administrator (its
 * tenant) rotates and re-wraps a tenant's keysets after a fresh second factor; nobody else; each ledgered in the
 * tenant's log; a destroyed key-encryption key answers 503 kms-unavailable and changes nothing.
 */
@CustodiaTest
class TenantKeysetsHttpTest {

    private static final TenantContract.Contact CONTACT = new TenantContract.Contact("Sara Conti",
            "sara@example.test", null);

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

    MockMvc mvc;
    TestAdministrators.Admin admin;
    TestAdministrators.Admin custodian;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        admin = TestAdministrators.create(accounts, keys, clock);
        custodian = TestAdministrators.createStaff(accounts, keys, clock, Roles.KEY_CUSTODIAN);
    }

    private TenantId tenant() {
        return tenants.create(admin.caller(), new TenantContract("Vault S.r.l.", "IT12345678901", "IT", "SaaS",
                List.of(), new TenantContract.Dpa("DPA-1", LocalDate.of(2026, 1, 1)), List.of(), "baseline",
                "eu-south-1", 90, 24, 14, new TenantContract.Contacts(CONTACT, CONTACT, CONTACT))).id();
    }

    private static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, TestAdministrators.Admin who) {
        return request.header("Authorization", "Bearer " + who.token()).header("X-Custodia-OTP", who.otp());
    }

    @Test
    void rotateAndRewrapWhenAKeyCustodianWithAFreshFactorThenDoneAndLedgeredInTheTenantsLog() throws Exception {
        TenantId tenant = tenant();
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/keysets"), admin)).andExpect(status().isOk())
                .andExpect(jsonPath("$.kekVersion").value(0));
        byte[] sealed = null;
        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/keysets/rotation"), custodian)).andExpect(status().isOk())
                .andExpect(jsonPath("$.kekVersion").value(1));
        sealed = keysets.recordsAead(tenant).encrypt(new byte[] {1, 2, 3}, tenant.value().getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/keysets/rewrap"), custodian)).andExpect(status().isOk())
                .andExpect(jsonPath("$.kekVersion").value(2));

        assertThat(keysets.recordsAead(tenant).decrypt(sealed, tenant.value().getBytes(
                java.nio.charset.StandardCharsets.US_ASCII))).containsExactly(1, 2, 3);
        assertThat(ledger.events()).filteredOn(e -> tenant.equals(e.tenant()))
                .extracting(e -> e.action()).contains("vault.keyset-provisioned", "vault.keyset-rotated",
                        "vault.keyset-rewrapped");
        assertThat(ledger.events()).filteredOn(e -> tenant.equals(e.tenant()))
                .filteredOn(e -> e.action().equals("vault.keyset-rotated")).singleElement()
                .satisfies(e -> assertThat(e.actor().id()).isEqualTo(custodian.key().key().id()));
    }

    @Test
    void rotateWhenNotAKeyRoleOrAnotherTenantOrNoFreshFactorThenRefused() throws Exception {
        TenantId tenant = tenant();
        TenantId other = tenant();
        TestAdministrators.Admin otherAdmin = TestAdministrators.createTenantAdmin(accounts, keys, clock, other);
        TestAdministrators.Admin ownAdmin = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant);

        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/keysets/rotation"), admin))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.rule").value("default-deny"));
        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/keysets/rotation"), otherAdmin))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.rule").value("tenant-scope"));
        mvc.perform(post("/api/v1/tenants/" + tenant + "/keysets/rotation")
                        .header("Authorization", "Bearer " + custodian.token()))
                .andExpect(problem("step-up-required", 401));
        assertThat(keysets.kekVersion(tenant)).isZero();
        // The tenant's own administrator manages its own keys.
        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/keysets/rotation"), ownAdmin)).andExpect(status().isOk());
        mvc.perform(as(post("/api/v1/tenants/" + TenantId.random() + "/keysets/rotation"), custodian))
                .andExpect(problem("not-found", 404));
        mvc.perform(as(post("/api/v1/tenants/nope/keysets/rotation"), custodian)).andExpect(problem("validation", 400));
    }

    @Test
    void rotateWhenTheTenantsKeyEncryptionKeyIsDestroyedThen503KmsUnavailableAndNothingChanged() throws Exception {
        TenantId tenant = tenant();
        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/keysets/rotation"), custodian)).andExpect(status().isOk());
        int rotations = (int) ledger.events().stream().filter(e -> tenant.equals(e.tenant()))
                .filter(e -> e.action().equals("vault.keyset-rotated")).count();

        keks.destroyAllVersions(tenant);

        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/keysets/rewrap"), custodian))
                .andExpect(problem("kms-unavailable", 503)).andExpect(header().string("Retry-After", "60"))
                .andExpect(jsonPath("$.messageIt").isNotEmpty());
        assertThat(keysets.kekVersion(tenant)).isEqualTo(1);
        assertThat(ledger.events().stream().filter(e -> tenant.equals(e.tenant()))
                .filter(e -> e.action().equals("vault.keyset-rotated")).count()).isEqualTo(rotations);
        assertThat(ledger.events()).filteredOn(e -> tenant.equals(e.tenant()))
                .noneSatisfy(e -> assertThat(e.action()).isEqualTo("vault.keyset-rewrapped"));
    }
}
