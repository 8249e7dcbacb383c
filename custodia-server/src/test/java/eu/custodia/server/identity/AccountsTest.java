package eu.custodia.server.identity;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.identity.internal.totp.Totp;
import eu.custodia.server.identity.internal.totp.TotpSecret;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.tenancy.TenantContract.Contact;
import eu.custodia.server.tenancy.TenantContract.Contacts;
import eu.custodia.server.tenancy.TenantContract.Dpa;
import eu.custodia.server.tenancy.TenantContract.Provider;
import eu.custodia.server.tenancy.TenantContract.SubProcessor;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Accounts over HTTP: invitations, the password policy, second factors (enrolment, replay, recovery codes),
 * the rule that an administrative role needs an enrolled second factor, and suspension that stops the
 * account's keys at once. Every change is ledgered by account id, never with the username.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
// Its own context: the setup tests need one where no administrator exists yet.
@TestPropertySource(properties = "custodia.test.context=accounts")
class AccountsTest {

    @Autowired
    WebApplicationContext context;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    MutableClock clock;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    RoleRequests requests;
    @Autowired
    eu.custodia.server.tenancy.TenantCommands tenants;
    @Autowired
    eu.custodia.server.access.DecisionPoint decisions;

    MockMvc mvc;
    TestAdministrators.Admin admin;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        admin = TestAdministrators.create(accounts, keys, clock);
    }

    private MockHttpServletRequestBuilder asAdmin(MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + admin.token()).header("X-Custodia-OTP", admin.otp());
    }

    /** A contract of a fictitious customer. */
    static TenantContract contract() {
        Contact security = new Contact("Test Security", "security@test.example", "+39 06 0000001");
        Contact dpo = new Contact("Test Dpo", "dpo@test.example", "+39 06 0000002");
        Contact admin = new Contact("Test Admin", "admin@test.example", null);
        return new TenantContract("Accounts Test S.r.l.", "IT00000000001", "IT", "SaaS",
                List.of(new Provider("Example Infra S.r.l.", "IaaS", "IT")),
                new Dpa("DPA-TEST-001", java.time.LocalDate.of(2026, 1, 1)),
                List.of(new SubProcessor("Example Mail S.p.A.", "transactional e-mail", "IT")),
                "strict", "eu-south-1", 90, 24, 14, new Contacts(security, dpo, admin));
    }

    private String invite(String username) throws Exception {
        String body = mvc.perform(asAdmin(post("/api/v1/accounts")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"kind\":\"staff\",\"username\":\"" + username + "\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.account.state").value("invited"))
                .andReturn().getResponse().getContentAsString();
        return body;
    }

    private String accept(String token, String password) throws Exception {
        return mvc.perform(post("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                .content("{\"token\":\"" + token + "\",\"password\":\"" + password + "\"}"))
                .andReturn().getResponse().getContentAsString();
    }

    @Test
    void inviteWhenAcceptedWithAGoodPasswordThenActiveOnceAndLedgeredWithoutTheUsername() throws Exception {
        String username = "mario.rossi@example.com";
        String invited = invite(username);
        String id = JsonPath.read(invited, "$.account.id");
        String token = JsonPath.read(invited, "$.invitationToken");

        mvc.perform(post("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                .content("{\"token\":\"" + token + "\",\"password\":\"password1234\"}"))
                .andExpect(problem("validation", 400)).andExpect(jsonPath("$.reasons[0]").value("common"));
        mvc.perform(post("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                .content("{\"token\":\"" + token + "\",\"password\":\"short\"}"))
                .andExpect(problem("validation", 400)).andExpect(jsonPath("$.reasons[0]").value("too-short"));
        mvc.perform(post("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                .content("{\"token\":\"" + token + "\",\"password\":\"a quiet lighthouse at dawn\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("active"));
        // Single use.
        mvc.perform(post("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                .content("{\"token\":\"" + token + "\",\"password\":\"a quiet lighthouse at dawn\"}"))
                .andExpect(problem("unauthenticated", 401));

        List<LedgerEvent> events = ledger.events().stream().filter(e -> e.target().equals("account/" + id)).toList();
        assertThat(events).extracting(LedgerEvent::action).contains("account.invited", "account.activated");
        assertThat(ledger.events()).allSatisfy(e -> assertThat(String.valueOf(e.reason()) + e.target() + e.actor().id())
                .doesNotContain(username).doesNotContain("mario"));
    }

    @Test
    void inviteWhenOlderThan72HoursThenRefused() throws Exception {
        String token = JsonPath.read(invite("late.joiner"), "$.invitationToken");
        clock.advance(Duration.ofHours(72).plusSeconds(1));
        assertThat(accept(token, "a quiet lighthouse at dawn")).contains("urn:custodia:problem:unauthenticated");
    }

    @Test
    void grantWhenAdministrativeRoleWithoutSecondFactorThenRefusedAndLedgeredUntilEnrolled() throws Exception {
        String invited = invite("new.admin");
        String id = JsonPath.read(invited, "$.account.id");
        accept(JsonPath.read(invited, "$.invitationToken"), "a quiet lighthouse at dawn");
        // Both roles touch production: a confidentiality agreement is needed too (ConfidentialityAgreementsTest).
        eu.custodia.server.access.TestAgreements.register(accounts, id);
        mvc.perform(asAdmin(post("/api/v1/accounts/" + id + "/roles")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"role\":\"platform-admin\"}"))
                .andExpect(problem("mfa-not-enrolled", 409));
        assertThat(ledger.events()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("account.role-granted");
            assertThat(e.outcome()).isEqualTo("denied");
            assertThat(e.target()).isEqualTo("account/" + id);
        });
        // A non-administrative role needs no second factor (a staff role still waits for a security officer).
        mvc.perform(asAdmin(post("/api/v1/accounts/" + id + "/roles")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"role\":\"platform-auditor\"}")).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.request.role").value("platform-auditor"));

        Caller self = new Caller(id, Account.STAFF, Set.of(), null, List.of(), id, List.of(), false);
        TotpSecret secret = TotpSecret.fromBase32(accounts.startTotp(self).secret());
        Totp totp = Totp.withDefaults(clock);
        accounts.confirmTotp(self, totp.code(secret, totp.currentStep()));
        String pending = mvc.perform(asAdmin(post("/api/v1/accounts/" + id + "/roles"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"role\":\"platform-admin\"}"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        TestAdministrators.Admin officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
        assertThat(requests.approve(officer.caller(), JsonPath.read(pending, "$.request.id")).account().roles())
                .extracting(Account.RoleAssignment::role).contains(Roles.PLATFORM_ADMIN);
        // Its only second factor can no longer be removed.
        mvc.perform(asAdmin(delete("/api/v1/accounts/" + id + "/totp"))).andExpect(problem("conflict", 409));
    }

    @Test
    void verifyWhenTotpCodeReplayedThenRefusedAndRecoveryCodesWorkOnce() {
        Totp totp = Totp.withDefaults(clock);
        long step = totp.currentStep();
        // The enrolment consumed this step already.
        assertThat(accounts.verifySecondFactor(admin.account(), totp.code(admin.secret(), step))).isEmpty();
        String next = totp.code(admin.secret(), step + 1);
        assertThat(accounts.verifySecondFactor(admin.account(), next)).get()
                .extracting(VerifiedFactor::kind).isEqualTo(VerifiedFactor.TOTP);
        assertThat(accounts.verifySecondFactor(admin.account(), next)).as("replayed").isEmpty();
        // An older step after a newer one: refused.
        clock.advance(Duration.ofSeconds(30));
        assertThat(accounts.verifySecondFactor(admin.account(), totp.code(admin.secret(), step))).isEmpty();
        // Flipped digit: refused.
        String code = totp.code(admin.secret(), totp.currentStep() + 1);
        String flipped = (char) ('0' + (code.charAt(0) - '0' + 1) % 10) + code.substring(1);
        assertThat(accounts.verifySecondFactor(admin.account(), flipped)).isEmpty();

        String recovery = admin.otp();
        assertThat(accounts.verifySecondFactor(admin.account(), recovery)).get()
                .extracting(VerifiedFactor::kind).isEqualTo(VerifiedFactor.RECOVERY_CODE);
        assertThat(accounts.verifySecondFactor(admin.account(), recovery)).isEmpty();
    }

    @Test
    void suspendWhenAccountHasKeysThenKeysRefusedAtOnceAndStayRevoked() throws Exception {
        // An operator (an auditor) with an auditor key it created itself after a step-up.
        String invited = invite("ops.operator");
        String id = JsonPath.read(invited, "$.account.id");
        accept(JsonPath.read(invited, "$.invitationToken"), "a quiet lighthouse at dawn");
        eu.custodia.server.access.TestAgreements.register(accounts, id);
        accounts.grantRole(new Caller("system", "system", Set.of(), null, List.of()), id, Roles.PLATFORM_AUDITOR, null);
        Caller self = new Caller(id, Account.STAFF, Set.of(), null, List.of(), id, List.of(), false);
        TotpSecret secret = TotpSecret.fromBase32(accounts.startTotp(self).secret());
        Totp totp = Totp.withDefaults(clock);
        accounts.confirmTotp(self, totp.code(secret, totp.currentStep()));
        VerifiedFactor factor = accounts.verifySecondFactor(id, totp.code(secret, totp.currentStep() + 1)).orElseThrow();
        String key = keys.create(self.withFactor(factor), Set.of(Roles.PLATFORM_AUDITOR), null, "operator key").token();
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + key)).andExpect(status().isOk());

        mvc.perform(asAdmin(post("/api/v1/accounts/" + id + "/state")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"state\":\"suspended\",\"reason\":\"left the company\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("suspended"));
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + key))
                .andExpect(problem("unauthenticated", 401));
        assertThat(ledger.events()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("account.suspended");
            assertThat(e.reason()).contains("left the company", "1 API keys revoked");
        });

        mvc.perform(asAdmin(post("/api/v1/accounts/" + id + "/state")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"state\":\"active\",\"reason\":\"came back\"}")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + key))
                .andExpect(problem("unauthenticated", 401));

        mvc.perform(asAdmin(post("/api/v1/accounts/" + id + "/state")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"state\":\"deprovisioned\",\"reason\":\"contract ended\"}")).andExpect(status().isOk());
        mvc.perform(asAdmin(post("/api/v1/accounts/" + id + "/state")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"state\":\"active\",\"reason\":\"undo\"}")).andExpect(problem("conflict", 409));
    }

    @Test
    void tenantWhenSuspendedThenItsUsersKeysAndSessionsEndAtOnce() throws Exception {
        eu.custodia.server.tenancy.Tenant tenant = tenants.create(admin.caller(),
                contract());
        tenants.transition(admin.caller(), tenant.id(), eu.custodia.server.tenancy.TenantState.ACTIVE, "signed");
        Caller system = new Caller("system", "system", Set.of(), null, List.of());
        Accounts.Invitation invitation = accounts.invite(system, Account.TENANT_USER, tenant.id(), "tenant.user");
        accounts.acceptInvitation(invitation.token(), "a quiet lighthouse at dawn");
        String userId = invitation.account().id();
        IssuedKey reader = keys.create(system, Set.of(Roles.TENANT_LEDGER_READER), tenant.id(), "reader");
        assertThat(keys.authenticate(reader.token())).isPresent();

        tenants.transition(admin.caller(), tenant.id(), eu.custodia.server.tenancy.TenantState.SUSPENDED,
                "invoice overdue");
        assertThat(accounts.find(userId).orElseThrow().state()).isEqualTo(AccountState.SUSPENDED);
        assertThat(keys.authenticate(reader.token())).isEmpty();
        assertThat(ledger.events()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("tenant.access-ended");
            assertThat(e.tenant()).isEqualTo(tenant.id());
            assertThat(e.reason()).contains("1 accounts suspended", "1 API keys revoked");
        });
        // Reactivating the tenant does not reactivate its accounts or keys.
        tenants.transition(admin.caller(), tenant.id(), eu.custodia.server.tenancy.TenantState.ACTIVE, "paid");
        assertThat(accounts.find(userId).orElseThrow().state()).isEqualTo(AccountState.SUSPENDED);
        assertThat(keys.authenticate(reader.token())).isEmpty();
    }

    @Test
    void tenantWhenStrictThenEveryUserNeedsASecondFactorAndBaselineOnlyAdministrators() {
        Caller system = new Caller("system", "system", Set.of(), null, List.of());
        for (String profile : List.of("strict", "baseline")) {
            TenantContract c = contract();
            TenantContract contract = new TenantContract(c.legalName(), c.taxId(), c.country(), c.serviceModel(),
                    c.providers(), c.dpa(), c.subProcessors(), profile, c.dataRegion(), c.retentionDays(),
                    c.breachNoticeHours(), c.changeNoticeDays(), c.contacts());
            eu.custodia.server.tenancy.Tenant tenant = tenants.create(admin.caller(), contract);
            Accounts.Invitation invitation = accounts.invite(system, Account.TENANT_USER, tenant.id(),
                    profile + ".user." + System.nanoTime());
            accounts.acceptInvitation(invitation.token(), "a quiet lighthouse at dawn");
            String id = invitation.account().id();
            Caller self = new Caller(id, Account.TENANT_USER, Set.of(), tenant.id(), List.of(), id, List.of(), false);
            Caller user = keys.authenticate(keys.create(self, Set.of(Roles.TENANT_LEDGER_READER), tenant.id(),
                    "user key").token()).orElseThrow();
            eu.custodia.server.access.Decision d = decisions.decide(user,
                    eu.custodia.server.access.Permission.LEDGER_READ, tenant.id());
            if (profile.equals("strict")) {
                assertThat(user.mfaRequired()).isTrue();
                assertThat(d.allowed()).isFalse();
                assertThat(d.rule()).isEqualTo("mfa-required");
                assertThat(decisions.decide(user, eu.custodia.server.access.Permission.ACCOUNT_SELF, tenant.id())
                        .allowed()).as("may still enrol a factor").isTrue();
            } else {
                assertThat(user.mfaRequired()).isFalse();
                assertThat(d.allowed()).isTrue();
            }
        }
    }

    @Test
    void keyWhenExpiredThenRefusedAndValidityBoundedAndPrefixed() throws Exception {
        IssuedKey key = keys.create(admin.caller(), Set.of(Roles.PLATFORM_AUDITOR), null, "one day",
                Duration.ofDays(1));
        assertThat(key.token()).startsWith("cst_key-");
        // Stored to the microsecond.
        assertThat(key.key().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(1))
                .truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(keys.authenticate(key.token())).isPresent();
        clock.advance(Duration.ofDays(1));
        assertThat(keys.authenticate(key.token())).isEmpty();
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + key.token()))
                .andExpect(problem("unauthenticated", 401));

        for (int days : new int[] {0, 366}) {
            mvc.perform(asAdmin(post("/api/v1/keys")).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"roles\":[\"platform-auditor\"],\"description\":\"x\",\"expiresInDays\":" + days + "}"))
                    .andExpect(problem("validation", 400));
        }
        mvc.perform(asAdmin(post("/api/v1/keys")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"roles\":[\"platform-auditor\"],\"description\":\"x\",\"expiresInDays\":30}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.token").value(
                        org.hamcrest.Matchers.startsWith("cst_"))).andExpect(jsonPath("$.key.expiresAt").exists());
    }

    @Test
    void accountsWhenAuditorOrNoStepUpThenRefused() throws Exception {
        IssuedKey auditor = keys.create(admin.caller(), Set.of(Roles.PLATFORM_AUDITOR), null, "auditor");
        mvc.perform(get("/api/v1/accounts").header("Authorization", "Bearer " + auditor.token()))
                .andExpect(problem("forbidden", 403));
        mvc.perform(post("/api/v1/accounts").header("Authorization", "Bearer " + admin.token())
                .contentType(MediaType.APPLICATION_JSON).content("{\"kind\":\"staff\",\"username\":\"someone\"}"))
                .andExpect(problem("step-up-required", 401));
        mvc.perform(get("/api/v1/accounts").header("Authorization", "Bearer " + admin.token()))
                .andExpect(status().isOk());
    }
}
