package eu.custodia.server.access;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * A tenant's own roles: defined by its administrators only, from tenant permissions only, held by its own
 * accounts only, granting on its own tenant only, and applied by the decision point at the next request.
 */
@CustodiaTest
class TenantRolesTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());
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
    DecisionPoint decisions;
    @Autowired
    RecordingLedger ledger;

    MockMvc mvc;
    TestAdministrators.Admin platformAdmin;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        platformAdmin = TestAdministrators.create(accounts, keys, clock);
    }

    private TenantId tenant() {
        return tenants.create(platformAdmin.caller(), new TenantContract("Custom Roles S.r.l.", "IT12345678901", "IT",
                "SaaS", List.of(), new TenantContract.Dpa("DPA-1", LocalDate.of(2026, 1, 1)), List.of(), "baseline",
                "eu-south-1", 90, 24, 14, new TenantContract.Contacts(CONTACT, CONTACT, CONTACT))).id();
    }

    private static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, TestAdministrators.Admin who) {
        return request.header("Authorization", "Bearer " + who.token()).header("X-Custodia-OTP", who.otp())
                .contentType(MediaType.APPLICATION_JSON);
    }

    private String define(TenantId tenant, TestAdministrators.Admin admin, String name, String permissions)
            throws Exception {
        return mvc.perform(as(post("/api/v1/tenants/" + tenant + "/roles"), admin).content("{\"name\":\"" + name
                        + "\",\"description\":\"Reads invoices\",\"permissions\":" + permissions + "}"))
                .andReturn().getResponse().getContentAsString();
    }

    @Test
    void roleWhenDefinedByTheTenantsAdminThenGrantedToItsUserAndAppliedOnItsTenantOnly() throws Exception {
        TenantId tenant = tenant();
        TenantId other = tenant();
        TestAdministrators.Admin admin = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant);
        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/roles"), admin).content("{\"name\":\"billing-reader\","
                        + "\"description\":\"Reads invoices\",\"permissions\":[\"records:read\",\"tenants:read\"]}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("custom:billing-reader"))
                .andExpect(jsonPath("$.permissions.length()").value(2))
                .andExpect(jsonPath("$.holders").value(0));
        assertThat(ledger.events()).filteredOn(e -> e.action().equals("tenant-role.created"))
                .filteredOn(e -> tenant.equals(e.tenant())).singleElement()
                .satisfies(e -> {
                    assertThat(e.tenant()).isEqualTo(tenant);
                    assertThat(e.target()).isEqualTo("tenant-role/custom:billing-reader");
                    assertThat(e.reason()).contains("records:read,tenants:read");
                });

        Account user = accounts.createServiceAccount(SYSTEM, tenant, "invoice-bot", "reads invoices", Set.of());
        assertThat(accounts.grantRole(admin.caller(), user.id(), "custom:billing-reader", tenant).granted()).isTrue();
        Caller holder = new Caller(user.id(), "tenant-user", Set.of("custom:billing-reader"), tenant, List.of("password"));

        Decision read = decisions.decide(holder, Permission.RECORDS_READ, tenant);
        assertThat(read.allowed()).isTrue();
        assertThat(read.reason()).contains("custom:billing-reader", "defined by tenant " + tenant);
        assertThat(decisions.decide(holder, Permission.RECORDS_WRITE, tenant).allowed()).isFalse();
        assertThat(decisions.decide(holder, Permission.RECORDS_READ, other).allowed()).isFalse();
        assertThat(decisions.decide(holder, Permission.RECORDS_READ, null).allowed()).isFalse();

        // Changed: applies at the next decision.
        mvc.perform(as(put("/api/v1/tenants/" + tenant + "/roles/billing-reader"), admin)
                        .content("{\"description\":\"Keeps invoices\",\"permissions\":[\"records:read\",\"records:write\"]}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.holders").value(1));
        assertThat(decisions.decide(holder, Permission.RECORDS_WRITE, tenant).allowed()).isTrue();
        assertThat(decisions.decide(holder, Permission.TENANTS_READ, tenant).allowed()).isFalse();

        // Held: cannot be deleted until revoked.
        mvc.perform(as(delete("/api/v1/tenants/" + tenant + "/roles/custom:billing-reader"), admin))
                .andExpect(problem("conflict", 409));
        accounts.revokeRole(admin.caller(), user.id(), "custom:billing-reader", tenant);
        mvc.perform(as(delete("/api/v1/tenants/" + tenant + "/roles/custom:billing-reader"), admin))
                .andExpect(status().isNoContent());
        assertThat(decisions.decide(holder, Permission.RECORDS_READ, tenant).allowed()).isFalse();
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/roles"), admin)).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void defineWhenAnAdministrativeOrUnknownPermissionOrBadNameThenValidationAndNothingDefined() throws Exception {
        TenantId tenant = tenant();
        TestAdministrators.Admin admin = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant);
        for (String permissions : List.of("[\"users:admin\"]", "[\"roles:admin\"]", "[\"keys:admin\"]",
                "[\"access:approve\"]", "[\"records:delete\"]", "[]", "null")) {
            mvc.perform(as(post("/api/v1/tenants/" + tenant + "/roles"), admin).content("{\"name\":\"x-role\","
                    + "\"description\":\"d\",\"permissions\":" + permissions + "}"))
                    .andExpect(problem("validation", 400)).andExpect(jsonPath("$.field").value("permissions"));
        }
        admin = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant);
        for (String name : List.of("X", "1abc", "has space", "custom:", "a".repeat(41))) {
            mvc.perform(as(post("/api/v1/tenants/" + tenant + "/roles"), admin).content("{\"name\":\"" + name
                    + "\",\"description\":\"d\",\"permissions\":[\"records:read\"]}"))
                    .andExpect(problem("validation", 400)).andExpect(jsonPath("$.field").value("name"));
        }
        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/roles"), admin).content("{"))
                .andExpect(status().isBadRequest());
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/roles"), admin)).andExpect(jsonPath("$.length()").value(0));
        admin = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant);
        define(tenant, admin, "auditor-lite", "[\"ledger:read\"]");
        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/roles"), admin).content("{\"name\":\"auditor-lite\","
                        + "\"description\":\"again\",\"permissions\":[\"ledger:read\"]}"))
                .andExpect(problem("conflict", 409));
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/roles/nope"), admin)).andExpect(problem("not-found", 404));
    }

    @Test
    void defineWhenStaffOrAnotherTenantsAdminThenDeniedAndLedgered() throws Exception {
        TenantId tenant = tenant();
        TenantId other = tenant();
        TestAdministrators.Admin otherAdmin = TestAdministrators.createTenantAdmin(accounts, keys, clock, other);
        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/roles"), platformAdmin).content("{\"name\":\"staff-made\","
                        + "\"description\":\"d\",\"permissions\":[\"records:read\"]}"))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.rule").value("default-deny"));
        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/roles"), otherAdmin).content("{\"name\":\"foreign\","
                        + "\"description\":\"d\",\"permissions\":[\"records:read\"]}"))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.rule").value("tenant-scope"));
        assertThat(ledger.events()).filteredOn(e -> tenant.equals(e.tenant()))
                .filteredOn(e -> e.action().equals("access.denied"))
                .filteredOn(e -> e.reason().startsWith("roles:admin")).hasSize(2);
        assertThat(ledger.events()).filteredOn(e -> tenant.equals(e.tenant()))
                .noneSatisfy(e -> assertThat(e.action()).isEqualTo("tenant-role.created"));
    }

    @Test
    void grantWhenTheRoleIsNotDefinedOnThatTenantOrTheAccountIsStaffThenValidation() throws Exception {
        TenantId tenant = tenant();
        TenantId other = tenant();
        TestAdministrators.Admin admin = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant);
        define(tenant, admin, "ops", "[\"records:read\"]");
        Account otherUser = accounts.createServiceAccount(SYSTEM, other, "other-bot", "elsewhere", Set.of());

        assertThatThrownBy(() -> accounts.grantRole(SYSTEM, otherUser.id(), "custom:ops", other))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getMessage()).contains("not defined"));
        assertThatThrownBy(() -> accounts.grantRole(SYSTEM, otherUser.id(), "custom:ops", null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type().slug()).isEqualTo("validation"));
        assertThatThrownBy(() -> accounts.grantRole(SYSTEM, platformAdmin.account(), "custom:ops", tenant))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getMessage()).contains("Staff hold no role"));
        assertThatThrownBy(() -> accounts.grantRole(SYSTEM, platformAdmin.account(), "tenant-member", tenant))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getMessage()).contains("Staff hold no role"));
    }
}
