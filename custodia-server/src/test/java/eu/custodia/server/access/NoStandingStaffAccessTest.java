package eu.custodia.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Commitment 5's ground rule, generated over the catalogue: no provider role, however privileged, verified
 * and fresh, holds any tenant-data permission on any tenant; and over the HTTP endpoints that serve tenant
 * data (a tenant's ledger content): every staff credential gets the same 404 as for a log that does not
 * exist, the deny is ledgered in that tenant's log (the customer sees the attempt), while the tenant's own
 * reader gets the data.
 */
@CustodiaTest
class NoStandingStaffAccessTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

    @Autowired
    WebApplicationContext context;
    @Autowired
    DecisionPoint decisions;
    @Autowired
    ApiKeys keys;
    @Autowired
    Accounts accounts;
    @Autowired
    TenantCommands tenants;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    Clock clock;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    /** Every role that is not bound to a tenant: the provider's staff roles. */
    private static List<String> staffRoles() {
        return new TreeSet<>(Roles.ALL).stream().filter(r -> !Roles.TENANT_BOUND.contains(r)).toList();
    }

    private static List<Permission> tenantDataPermissions() {
        return Arrays.stream(Permission.values()).filter(Permission::tenantData).toList();
    }

    @Test
    void decideWhenAnyStaffRoleAsksForTenantDataOnAnyTenantThenDeniedByTheRuleWhateverItsFactors() {
        assertThat(tenantDataPermissions()).as("the catalogue marks tenant data").isNotEmpty();
        assertThat(staffRoles()).contains(Roles.PLATFORM_ADMIN, Roles.PLATFORM_AUDITOR);
        List<TenantId> someTenants = List.of(TenantId.random(), TenantId.random(), TenantId.random());
        VerifiedFactor fresh = new VerifiedFactor(VerifiedFactor.TOTP, clock.instant());
        int cases = 0;
        for (String role : staffRoles()) {
            // The strongest staff caller there is: the role, a second factor verified this instant, every role
            // of the catalogue at once in a second variant.
            for (Set<String> roles : List.of(Set.of(role), new TreeSet<>(staffRoles()))) {
                Caller staff = new Caller("acc-staff", "staff", roles, null, List.of("password", "totp"), "acc-staff",
                        List.of(fresh), true, false);
                for (Permission permission : tenantDataPermissions()) {
                    for (TenantId tenant : someTenants) {
                        Decision decision = decisions.decide(staff, permission, tenant);
                        assertThat(decision.allowed()).as("%s %s on %s", roles, permission.code(), tenant).isFalse();
                        assertThat(decision.rule()).isEqualTo("no-standing-staff-access");
                        cases++;
                    }
                }
            }
        }
        assertThat(cases).isEqualTo(staffRoles().size() * 2 * tenantDataPermissions().size() * someTenants.size());
        // Not vacuous: each of those permissions is reachable by the tenant's own roles.
        TenantId own = someTenants.get(0);
        Caller reader = new Caller("key-reader", "api-key", Set.of(Roles.TENANT_LEDGER_READER, Roles.TENANT_MEMBER), own,
                List.of("api-key"));
        for (Permission permission : tenantDataPermissions()) {
            assertThat(decisions.decide(reader, permission, own).allowed()).as(permission.code()).isTrue();
        }
    }

    @Test
    void tenantLogEndpointsWhenCalledWithAnyStaffCredentialThenSame404AsAMissingLogAndTheAttemptIsInTheTenantsLog()
            throws Exception {
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        TenantId tenant = tenants.create(admin.caller(), contract()).id();
        String reader = keys.create(SYSTEM, Set.of(Roles.TENANT_LEDGER_READER), tenant, "tenant's verifier").token();
        List<String> endpoints = List.of("/logs/" + tenant + "/checkpoint", "/logs/" + tenant + "/tile/0/000.p/1",
                "/logs/" + tenant + "/tile/entries/000.p/1", "/logs/" + tenant + "/proofs/0",
                "/logs/" + tenant + "/proofs/0.tlog-proof");
        awaitReadable(reader, endpoints.get(0));

        Map<String, String> staff = new LinkedHashMap<>();
        staff.put("platform-admin key (MFA, step-up)", admin.token());
        for (String role : staffRoles()) {
            staff.put(role + " platform key", keys.create(SYSTEM, Set.of(role), null, "staff " + role).token());
        }
        List<String> tried = new ArrayList<>();
        for (String endpoint : endpoints) {
            assertThat(fetch(endpoint, reader, null).getStatus()).as("the tenant reads %s", endpoint).isEqualTo(200);
            String missing = endpoint.replace(tenant.value(), TenantId.random().value());
            for (Map.Entry<String, String> credential : staff.entrySet()) {
                String otp = credential.getValue().equals(admin.token()) ? admin.otp() : null;
                MockHttpServletResponse refused = fetch(endpoint, credential.getValue(), otp);
                MockHttpServletResponse absent = fetch(missing, credential.getValue(), null);
                assertThat(refused.getStatus()).as("%s on %s", credential.getKey(), endpoint).isEqualTo(404);
                assertThat(refused.getContentAsString()).as("indistinguishable from a missing log")
                        .isEqualTo(absent.getContentAsString().replace(missing, endpoint)
                                .replace(missingId(missing), tenant.value()));
                tried.add(credential.getKey());
            }
        }
        assertThat(tried).hasSize(endpoints.size() * staff.size());
        List<LedgerEvent> denies = ledger.events().stream().filter(e -> tenant.equals(e.tenant()))
                .filter(e -> e.action().equals("access.denied")).toList();
        assertThat(denies).as("every attempt is in the tenant's own log").hasSizeGreaterThanOrEqualTo(tried.size())
                .allSatisfy(e -> assertThat(e.reason()).contains("no-standing-staff-access"));
    }

    @Test
    void keysWhenStaffTryToMintATenantsCredentialThenRefusedAndTheTenantSeesTheAttempt() throws Exception {
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        TenantId tenant = tenants.create(admin.caller(), contract()).id();
        int before = keys.list().size();

        MockHttpServletResponse minted = mvc.perform(org.springframework.test.web.servlet.request
                .MockMvcRequestBuilders.post("/api/v1/keys").header("Authorization", "Bearer " + admin.token())
                .header("X-Custodia-OTP", admin.otp()).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .content("{\"roles\":[\"tenant-ledger-reader\"],\"tenant\":\"" + tenant
                        + "\",\"description\":\"quiet look\"}")).andReturn().getResponse();

        assertThat(minted.getStatus()).isEqualTo(403);
        assertThat(minted.getContentAsString()).contains("no-standing-staff-access", "messageIt");
        assertThat(keys.list()).hasSize(before);
        assertThat(ledger.events()).filteredOn(e -> tenant.equals(e.tenant()) && e.action().equals("api-key.created"))
                .singleElement().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo("denied");
                    assertThat(e.actor().id()).isEqualTo(admin.key().key().id());
                });
        // The same through the door of the tenant's service accounts: a staff administrator may create the
        // account (onboarding), not its keys.
        TestAdministrators.Admin tenantAdmin = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant);
        String body = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/accounts").header("Authorization", "Bearer " + tenantAdmin.token())
                .header("X-Custodia-OTP", tenantAdmin.otp()).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .content("{\"kind\":\"service\",\"tenant\":\"" + tenant + "\",\"name\":\"verifier\","
                        + "\"description\":\"checks our log\",\"roles\":[\"tenant-ledger-reader\"]}"))
                .andReturn().getResponse().getContentAsString();
        String service = com.jayway.jsonpath.JsonPath.read(body, "$.account.id");
        MockHttpServletResponse forService = mvc.perform(org.springframework.test.web.servlet.request
                .MockMvcRequestBuilders.post("/api/v1/accounts/" + service + "/keys")
                .header("Authorization", "Bearer " + admin.token()).header("X-Custodia-OTP", admin.otp())
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .content("{\"roles\":[\"tenant-ledger-reader\"],\"description\":\"x\"}")).andReturn().getResponse();
        assertThat(forService.getStatus()).isEqualTo(403);
        assertThat(keys.listOwnedBy(service)).isEmpty();
        // The tenant's own administrator issues it.
        assertThat(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/accounts/" + service + "/keys").header("Authorization", "Bearer " + tenantAdmin.token())
                .header("X-Custodia-OTP", tenantAdmin.otp()).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .content("{\"roles\":[\"tenant-ledger-reader\"],\"description\":\"x\"}")).andReturn().getResponse()
                .getStatus()).isEqualTo(201);
    }

    private static String missingId(String path) {
        return path.split("/")[2];
    }

    private MockHttpServletResponse fetch(String path, String token, String otp) throws Exception {
        var request = get(path).header("Authorization", "Bearer " + token);
        if (otp != null) {
            request = request.header("X-Custodia-OTP", otp);
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    private void awaitReadable(String token, String path) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (fetch(path, token, null).getStatus() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the tenant's log was never integrated");
            }
            Thread.sleep(50);
        }
    }

    private static TenantContract contract() {
        TenantContract.Contact security = new TenantContract.Contact("Sara Conti", "sara@example.test", null);
        return new TenantContract("Staff Access Test S.r.l.", "IT12345678901", "IT", "SaaS", List.of(),
                new TenantContract.Dpa("DPA-1", LocalDate.of(2026, 1, 1)), List.of(), "baseline", "eu-south-1", 90,
                24, 14, new TenantContract.Contacts(security, security, security));
    }
}
