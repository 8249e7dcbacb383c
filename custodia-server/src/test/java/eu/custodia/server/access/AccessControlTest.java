package eu.custodia.server.access;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static eu.custodia.server.identity.SecurityAssertions.securityHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.identity.internal.totp.Totp;
import java.time.Duration;
import org.springframework.http.MediaType;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.identity.IssuedKey;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.testing.CustodiaTest;
import java.util.List;
import java.util.Set;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

/** The decision point through HTTP and directly: tenant scope, role table, default deny, ledgered denies. */
@CustodiaTest
class AccessControlTest {

    static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

    @Autowired
    WebApplicationContext context;
    @Autowired
    ApiKeys keys;
    @Autowired
    DecisionPoint decisions;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    Accounts accounts;
    @Autowired
    java.time.Clock clock;

    MockMvc mvc;
    TestAdministrators.Admin administrator;
    String admin;
    IssuedKey reader;
    IssuedKey auditor;
    TenantId tenant;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        administrator = TestAdministrators.create(accounts, keys, clock);
        admin = administrator.token();
        auditor = keys.create(SYSTEM, Set.of(Roles.PLATFORM_AUDITOR), null, "auditor");
        tenant = TenantId.random();
        reader = keys.create(SYSTEM, Set.of(Roles.TENANT_LEDGER_READER), tenant, "tenant reader");
    }

    private List<LedgerEvent> eventsOf(String actor) {
        return ledger.events().stream().filter(e -> e.actor().id().equals(actor)).toList();
    }

    @Test
    void readWhenTenantReaderOnOwnTenantThenAllowedAndNotLedgered() throws Exception {
        mvc.perform(get("/test/tenants/" + tenant + "/log").header("Authorization", "Bearer " + reader.token()))
                .andExpect(status().isOk()).andExpect(securityHeaders());
        assertThat(eventsOf(reader.key().id())).isEmpty();
    }

    @Test
    void readWhenTenantReaderOnAnotherTenantThenForbiddenAndDenyLedgeredInThatTenantsLog() throws Exception {
        TenantId other = TenantId.random();
        mvc.perform(get("/test/tenants/" + other + "/log").header("Authorization", "Bearer " + reader.token()))
                .andExpect(problem("forbidden", 403)).andExpect(securityHeaders())
                .andExpect(jsonPath("$.rule").value("tenant-scope"));
        assertThat(eventsOf(reader.key().id())).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("access.denied");
            assertThat(e.outcome()).isEqualTo("denied");
            assertThat(e.tenant()).isEqualTo(other);
            assertThat(e.reason()).contains("ledger:read", "tenant-scope");
            assertThat(e.actor().roles()).containsExactly(Roles.TENANT_LEDGER_READER);
        });
    }

    @Test
    void keysWhenTenantReaderThenForbiddenByTenantScopeAndLedgeredInItsOwnLog() throws Exception {
        mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer " + reader.token()))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.rule").value("tenant-scope"));
        assertThat(eventsOf(reader.key().id())).singleElement()
                .satisfies(e -> assertThat(e.tenant()).isEqualTo(tenant));
    }

    @Test
    void keysWhenAuditorThenForbiddenByDefaultDenyAndLedgeredInPlatformLog() throws Exception {
        mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer " + auditor.token()))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.rule").value("default-deny"))
                .andExpect(securityHeaders());
        assertThat(eventsOf(auditor.key().id())).singleElement().satisfies(e -> {
            assertThat(e.tenant()).isNull();
            assertThat(e.reason()).contains("keys:read", "default-deny");
        });
    }

    @Test
    void decideWhenWritePermissionAllowedThenLedgeredAndReadAllowNotLedgered() {
        Caller caller = keys.authenticate(admin).orElseThrow();
        assertThat(decisions.decide(caller, Permission.TENANTS_WRITE, tenant).allowed()).isTrue();
        assertThat(decisions.decide(caller, Permission.TENANTS_READ, tenant).allowed()).isTrue();
        assertThat(eventsOf(caller.id())).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("access.allowed");
            assertThat(e.tenant()).isEqualTo(tenant);
            assertThat(e.reason()).contains("tenants:write", "role-permission");
        });
    }

    @Test
    void decideWhenStaffReadsTenantLogThenNoStaffRoleMayButThePlatformLogIsTheirs() {
        Caller adminCaller = keys.authenticate(admin).orElseThrow();
        Caller auditorCaller = keys.authenticate(auditor.token()).orElseThrow();
        for (Caller staff : List.of(adminCaller, auditorCaller)) {
            Decision denied = decisions.decide(staff, Permission.LEDGER_READ, tenant);
            assertThat(denied.allowed()).isFalse();
            assertThat(denied.rule()).isEqualTo("no-standing-staff-access");
            assertThat(decisions.decide(staff, Permission.LEDGER_READ, null).allowed()).isTrue();
        }
        assertThat(decisions.decide(auditorCaller, Permission.TENANTS_WRITE, tenant).allowed()).isFalse();
        // The tenant's own reader reads its log.
        assertThat(decisions.decide(keys.authenticate(reader.token()).orElseThrow(), Permission.LEDGER_READ, tenant)
                .allowed()).isTrue();
    }

    @Test
    void explainWhenAskedAboutAPersonThenDecidedAsTheirSessionWouldBeWithTheRuleThatDecides() throws Exception {
        Accounts.Invitation invitation = accounts.invite(SYSTEM, eu.custodia.server.identity.Account.STAFF, null,
                "explained." + System.nanoTime());
        accounts.acceptInvitation(invitation.token(), "a quiet lighthouse at dawn");
        String person = invitation.account().id();
        TestAgreements.register(accounts, person);
        accounts.grantRole(SYSTEM, person, Roles.PLATFORM_AUDITOR, null);

        mvc.perform(get("/api/v1/access/explain").header("Authorization", "Bearer " + admin)
                .param("caller", person).param("permission", "tenants:read"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.caller").value(person))
                .andExpect(jsonPath("$.roles[0]").value("platform-auditor"))
                .andExpect(jsonPath("$.allowed").value(true)).andExpect(jsonPath("$.rule").value("role-permission"));
        mvc.perform(get("/api/v1/access/explain").header("Authorization", "Bearer " + admin)
                .param("caller", person).param("permission", "ledger:read").param("tenant", tenant.value()))
                .andExpect(jsonPath("$.allowed").value(false))
                .andExpect(jsonPath("$.rule").value("no-standing-staff-access"))
                .andExpect(jsonPath("$.steps[1].rule").value("elevation-grant"))
                .andExpect(jsonPath("$.steps[1].verdict").value("abstained"))
                .andExpect(jsonPath("$.steps[2].rule").value("no-standing-staff-access"));
        accounts.changeState(SYSTEM, person, eu.custodia.server.identity.AccountState.SUSPENDED, "left");
        mvc.perform(get("/api/v1/access/explain").header("Authorization", "Bearer " + admin)
                .param("caller", person).param("permission", "tenants:read"))
                .andExpect(jsonPath("$.allowed").value(false)).andExpect(jsonPath("$.rule").value("inactive-account"));
        mvc.perform(get("/api/v1/access/explain").header("Authorization", "Bearer " + admin)
                .param("caller", "acc-unknown").param("permission", "tenants:read"))
                .andExpect(problem("not-found", 404));
    }

    @Test
    void requireWhenDeniedInsideRolledBackTransactionThenDenyStillLedgered() throws InterruptedException {
        Caller readerCaller = keys.authenticate(reader.token()).orElseThrow();
        TenantId other = TenantId.random();
        assertThatThrownBy(() -> tx.executeWithoutResult(
                s -> decisions.require(readerCaller, Permission.LEDGER_READ, other)))
                .isInstanceOf(ProblemException.class);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (eventsOf(readerCaller.id()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(eventsOf(readerCaller.id())).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo("access.denied"));
    }

    @Test
    void explainWhenAdminThenRuleAndStepsAndNothingLedgered() throws Exception {
        TenantId other = TenantId.random();
        // Security alerts (written in the background, e.g. for setUp's role grant at night) are not explanations.
        long before = ledger.events().stream().filter(e -> !e.action().startsWith("alert.")).count();
        mvc.perform(get("/api/v1/access/explain").header("Authorization", "Bearer " + admin)
                .param("caller", reader.key().id()).param("permission", "ledger:read")
                .param("tenant", other.value()))
                .andExpect(status().isOk()).andExpect(securityHeaders())
                .andExpect(jsonPath("$.allowed").value(false)).andExpect(jsonPath("$.rule").value("tenant-scope"))
                .andExpect(jsonPath("$.reason").value(Matchers.containsString(other.value())))
                .andExpect(jsonPath("$.steps[0].rule").value("tenant-scope"));
        mvc.perform(get("/api/v1/access/explain").header("Authorization", "Bearer " + admin)
                .param("caller", reader.key().id()).param("permission", "ledger:read")
                .param("tenant", tenant.value()))
                .andExpect(jsonPath("$.allowed").value(true)).andExpect(jsonPath("$.rule").value("role-permission"))
                .andExpect(jsonPath("$.steps[0].verdict").value("abstained"));
        assertThat(ledger.events().stream().filter(e -> !e.action().startsWith("alert.")).count()).isEqualTo(before);
    }

    @Test
    void explainWhenNotAdminOrBadInputThenProblems() throws Exception {
        mvc.perform(get("/api/v1/access/explain").header("Authorization", "Bearer " + auditor.token())
                .param("caller", reader.key().id()).param("permission", "ledger:read"))
                .andExpect(problem("forbidden", 403));
        mvc.perform(get("/api/v1/access/explain").header("Authorization", "Bearer " + admin)
                .param("caller", reader.key().id()).param("permission", "everything"))
                .andExpect(problem("validation", 400));
        mvc.perform(get("/api/v1/access/explain").header("Authorization", "Bearer " + admin)
                .param("caller", reader.key().id()).param("permission", "ledger:read").param("tenant", "acme"))
                .andExpect(problem("validation", 400));
        mvc.perform(get("/api/v1/access/explain").header("Authorization", "Bearer " + admin)
                .param("caller", "key-aaaaaaaaaaaaaaaa").param("permission", "ledger:read"))
                .andExpect(problem("not-found", 404));
        mvc.perform(get("/api/v1/access/explain").param("caller", "x").param("permission", "ledger:read"))
                .andExpect(problem("unauthenticated", 401)).andExpect(header().string("WWW-Authenticate", "Bearer"));
    }

    @Test
    void adminWhenKeyOwnerHasNoSecondFactorThenNoAdministrativeAuthorityAndStepUpProblem() throws Exception {
        // An administrator's key made without a step-up (here by a system actor, no owner): no admin authority.
        IssuedKey bare = keys.create(SYSTEM, Set.of(Roles.PLATFORM_ADMIN), null, "administrator without MFA");
        Caller caller = keys.authenticate(bare.token()).orElseThrow();
        assertThat(caller.mfaAssured()).isFalse();
        Decision denied = decisions.decide(caller, Permission.TENANTS_WRITE, tenant);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.rule()).isEqualTo("mfa-required");
        mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer " + bare.token()))
                .andExpect(problem("step-up-required", 401)).andExpect(jsonPath("$.rule").value("mfa-required"));
        assertThat(eventsOf(bare.key().id())).isNotEmpty().allSatisfy(e -> {
            assertThat(e.action()).isEqualTo("access.denied");
            assertThat(e.reason()).contains("mfa-required");
        });
    }

    @Test
    void sensitiveWhenNoRecentSecondFactorThenStepUpAndWithAFreshCodeAllowedOnce() throws Exception {
        String json = "{\"roles\":[\"platform-auditor\"],\"description\":\"step-up test\"}";
        mvc.perform(post("/api/v1/keys").header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(problem("step-up-required", 401)).andExpect(jsonPath("$.rule").value("mfa-fresh"));
        String code = administrator.otp();
        mvc.perform(post("/api/v1/keys").header("Authorization", "Bearer " + admin).header("X-Custodia-OTP", code)
                .contentType(MediaType.APPLICATION_JSON).content(json)).andExpect(status().isCreated());
        // The same code again: consumed, refused.
        mvc.perform(post("/api/v1/keys").header("Authorization", "Bearer " + admin).header("X-Custodia-OTP", code)
                .contentType(MediaType.APPLICATION_JSON).content(json)).andExpect(problem("step-up-required", 401));
        // A current TOTP code works once; replayed in the same time step it is refused.
        Totp totp = Totp.withDefaults(clock);
        String current = totp.code(administrator.secret(), totp.currentStep() + 1);
        mvc.perform(post("/api/v1/keys").header("Authorization", "Bearer " + admin).header("X-Custodia-OTP", current)
                .contentType(MediaType.APPLICATION_JSON).content(json)).andExpect(status().isCreated());
        mvc.perform(post("/api/v1/keys").header("Authorization", "Bearer " + admin).header("X-Custodia-OTP", current)
                .contentType(MediaType.APPLICATION_JSON).content(json)).andExpect(problem("step-up-required", 401));
    }

    @Test
    void sensitiveWhenSecondFactorOlderThanTheWindowThenDeniedAsStale() {
        Caller fresh = administrator.caller();
        VerifiedFactor old = new VerifiedFactor(VerifiedFactor.TOTP, clock.instant().minus(Duration.ofMinutes(11)));
        Caller stale = new Caller(fresh.id(), fresh.kind(), fresh.roles(), null, fresh.authMethods(), fresh.owner(),
                List.of(old), true);
        Decision denied = decisions.decide(stale, Permission.KEYS_ADMIN, null);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.rule()).isEqualTo("mfa-fresh");
        assertThat(decisions.decide(stale, Permission.TENANTS_WRITE, tenant).allowed())
                .as("not sensitive: an enrolled, verified factor is enough").isTrue();
        Caller nine = new Caller(fresh.id(), fresh.kind(), fresh.roles(), null, fresh.authMethods(), fresh.owner(),
                List.of(new VerifiedFactor(VerifiedFactor.TOTP, clock.instant().minus(Duration.ofMinutes(9)))), true);
        assertThat(decisions.decide(nine, Permission.KEYS_ADMIN, null).allowed()).isTrue();
    }

    @Test
    void docsWhenRequestedThenRelaxedCspOnlyThereAndPublic() throws Exception {
        mvc.perform(get("/api/docs").header("Authorization", "Bearer " + admin))
                .andExpect(header().string("Content-Security-Policy", Matchers.containsString("script-src 'self'")))
                .andExpect(header().string("Content-Security-Policy", Matchers.containsString("frame-ancestors 'none'")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"));
        // The documentation is public (it describes the API and holds no data); see ApiDocsTest.
        mvc.perform(get("/api/docs")).andExpect(status().is3xxRedirection());
    }
}
