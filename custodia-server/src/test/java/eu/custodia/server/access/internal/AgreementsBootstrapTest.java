package eu.custodia.server.access.internal;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import eu.custodia.server.access.TestAgreements;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.IssuedKey;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.identity.internal.totp.Totp;
import eu.custodia.server.identity.internal.totp.TotpSecret;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.testing.CustodiaTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The bootstrap of the register: the setup's first administrator holds platform-admin without an agreement
 * (nobody could have registered it). While no security officer exists it may register others' agreements
 * (ledgered as bootstrap) and make one of them security officer, never its own; the expiry check leaves it
 * alone and the hardening check tolerates it, naming it. Once a security officer exists, the administrator
 * loses that power and the hardening check fails until the officer registers its agreement.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
@TestPropertySource(properties = {"custodia.test.context=agreements-bootstrap",
        "custodia.access.agreements.check-interval=PT24H"})
class AgreementsBootstrapTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

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
    JdbcClient jdbc;
    @Autowired
    SqlInstants instants;
    @Autowired
    AgreementsHardeningCheck check;
    @Autowired
    AgreementChecks checks;

    /**
     * A staff member with TOTP enrolled, holding {@code role} as the setup grants it (no agreement, no guard),
     * when not null, and a key created after a verified code.
     */
    private TestAdministrators.Admin person(String role, boolean setupGrant) {
        Accounts.Invitation invitation = accounts.invite(SYSTEM, Account.STAFF, null, "boot." + System.nanoTime());
        String id = invitation.account().id();
        accounts.acceptInvitation(invitation.token(), "correct horse battery staple " + id);
        Caller self = new Caller(id, Account.STAFF, Set.of(), null, List.of(), id, List.of(), false);
        TotpSecret secret = TotpSecret.fromBase32(accounts.startTotp(self).secret());
        Totp totp = Totp.withDefaults(clock);
        Deque<String> codes = new ArrayDeque<>(accounts.confirmTotp(self, totp.code(secret, totp.currentStep())));
        if (setupGrant) {
            jdbc.sql("INSERT INTO account_roles (account_id, role, tenant_id, granted_at, granted_by)"
                    + " VALUES (?, ?, '', ?, 'setup')").params(id, role, instants.bind(clock.instant())).update();
        }
        VerifiedFactor factor = accounts.verifySecondFactor(id, codes.pop()).orElseThrow();
        Caller caller = new Caller(id, Account.STAFF, role == null ? Set.of() : Set.of(role),
                null, List.of(factor.kind()), id, List.of(factor), true);
        IssuedKey key = setupGrant ? keys.create(caller, Set.of(role), null, "setup key") : null;
        return new TestAdministrators.Admin(id, secret, key, caller, codes);
    }

    private static MockHttpServletRequestBuilder as(String token, String otp, MockHttpServletRequestBuilder r) {
        return r.header("Authorization", "Bearer " + token).header("X-Custodia-OTP", otp)
                .contentType(MediaType.APPLICATION_JSON);
    }

    private String agreement() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return "{\"kind\":\"employment-confidentiality\",\"signedOn\":\"" + today.minusDays(3) + "\",\"expiresOn\":\""
                + today.plusYears(2) + "\",\"documentSha256\":\"" + TestAgreements.randomSha256() + "\"}";
    }

    private HardeningResult hardening() {
        List<HardeningResult> results = check.check();
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @Test
    void bootstrapWhenNoSecurityOfficerThenThePlatformAdministratorRegistersOthersUntilOneExists() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        TestAdministrators.Admin first = person(Roles.PLATFORM_ADMIN, true);
        assertThat(hardening()).satisfies(r -> {
            assertThat(r.passed()).isTrue();
            assertThat(r.commitment()).isEqualTo(3);
            assertThat(r.reasonEn()).contains("Bootstrap", first.account());
        });
        // The expiry check suspends lapsed agreements only: the first administrator never had one.
        checks.run();
        assertThat(accounts.find(first.account()).orElseThrow().roles()).extracting(Account.RoleAssignment::role)
                .containsExactly(Roles.PLATFORM_ADMIN);

        TestAdministrators.Admin officer = person(null, false);
        mvc.perform(as(first.token(), first.otp(), post("/api/v1/accounts/" + officer.account() + "/agreements"))
                .content(agreement())).andExpect(status().isCreated());
        assertThat(ledger.events()).filteredOn(e -> e.action().equals("agreement.registered"))
                .filteredOn(e -> e.reason().contains(officer.account())).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("bootstrap"));
        mvc.perform(get("/api/v1/agreements").header("Authorization", "Bearer " + first.token()))
                .andExpect(status().isOk());
        mvc.perform(as(first.token(), first.otp(), post("/api/v1/accounts/" + first.account() + "/agreements"))
                .content(agreement())).andExpect(problem("own-agreement", 403));
        // Still with a recent second factor only.
        mvc.perform(post("/api/v1/accounts/" + officer.account() + "/agreements")
                .header("Authorization", "Bearer " + first.token()).contentType(MediaType.APPLICATION_JSON)
                .content(agreement())).andExpect(problem("step-up-required", 401));

        mvc.perform(as(first.token(), first.otp(), post("/api/v1/accounts/" + officer.account() + "/roles"))
                .content("{\"role\":\"security-officer\"}")).andExpect(status().isOk());
        // The bootstrap is over: the administrator registers no more, and its own missing agreement now fails.
        TestAdministrators.Admin other = person(null, false);
        mvc.perform(as(first.token(), first.otp(), post("/api/v1/accounts/" + other.account() + "/agreements"))
                .content(agreement())).andExpect(problem("forbidden", 403));
        assertThat(hardening()).satisfies(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.reasonEn()).contains(first.account() + " (platform-admin)");
            assertThat(r.reasonIt()).contains("accordo di riservatezza");
        });

        // The security officer registers it.
        Caller officerCaller = new Caller(officer.account(), Account.STAFF, Set.of(Roles.SECURITY_OFFICER), null,
                officer.caller().authMethods(), officer.account(), officer.caller().factors(), true);
        String officerKey = keys.create(officerCaller, Set.of(Roles.SECURITY_OFFICER), null, "officer").token();
        mvc.perform(as(officerKey, officer.otp(), post("/api/v1/accounts/" + first.account() + "/agreements"))
                .content(agreement())).andExpect(status().isCreated());
        assertThat(hardening()).satisfies(r -> {
            assertThat(r.passed()).isTrue();
            assertThat(r.reasonEn()).doesNotContain("Bootstrap");
        });

        // A role granted before agreements existed (not platform-admin) fails the check, bootstrap or not.
        TestAdministrators.Admin legacy = person(Roles.SUPPORT_ENGINEER, true);
        assertThat(hardening()).satisfies(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.reasonEn()).contains(legacy.account() + " (support-engineer)");
        });
    }
}
