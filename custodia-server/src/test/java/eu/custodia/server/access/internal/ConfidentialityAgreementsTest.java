package eu.custodia.server.access.internal;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.access.Agreement;
import eu.custodia.server.access.Agreements;
import eu.custodia.server.access.TestAgreements;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.RoleSuspensions;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.identity.internal.totp.Totp;
import eu.custodia.server.identity.internal.totp.TotpSecret;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.testing.CustodiaTest;
import jakarta.servlet.Filter;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Confidentiality agreements (commitment 3): a staff member holds a role that touches production only with a
 * valid agreement; at expiry (a fixed, movable clock) the scheduled check suspends those roles, and every
 * credential of the person (session and API key) loses them at its next request; a renewal reinstates them,
 * each re-checked (segregation of duties, second factor); the notice goes out once, 30 days before; nobody
 * registers their own agreement; bad input is a 400 problem. The scheduled check is run by hand here (its
 * interval is a day in this context).
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
@TestPropertySource(properties = {"custodia.test.context=agreements",
        "custodia.access.agreements.check-interval=PT24H"})
class ConfidentialityAgreementsTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());
    private static final String COOKIE = "__Host-custodia-session";
    private static final String PASSWORD = "a quiet lighthouse at dawn";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Autowired
    WebApplicationContext context;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    Agreements agreements;
    @Autowired
    RoleSuspensions suspensions;
    @Autowired
    AgreementChecks checks;
    @Autowired
    MutableClock clock;
    @Autowired
    RecordingLedger ledger;

    MockMvc mvc;
    TestAdministrators.Admin admin;
    TestAdministrators.Admin officer;

    @BeforeEach
    void setUp() {
        // As in the server: the session filter wraps the request before Spring Security sees it.
        SessionRepositoryFilter<?> sessions = context.getBean(SessionRepositoryFilter.class);
        Filter security = context.getBean("springSecurityFilterChain", Filter.class);
        mvc = MockMvcBuilders.webAppContextSetup(context).addFilters(sessions, security).build();
        admin = TestAdministrators.create(accounts, keys, clock);
        officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** A staff member who accepted its invitation: no role, no agreement, no second factor. */
    private Account staff() {
        Accounts.Invitation invitation = accounts.invite(SYSTEM, Account.STAFF, null,
                "agreement.staff." + SEQUENCE.incrementAndGet() + "." + System.nanoTime());
        accounts.acceptInvitation(invitation.token(), PASSWORD);
        return accounts.find(invitation.account().id()).orElseThrow();
    }

    private Agreements.Registration register(String account, LocalDate signedOn, LocalDate expiresOn) {
        return agreements.register(SYSTEM, account, new Agreements.NewAgreement(Agreements.CONTRACTOR_NDA, signedOn,
                expiresOn, TestAgreements.randomSha256()));
    }

    private Set<String> roles(String account) {
        return Set.copyOf(accounts.find(account).orElseThrow().roles().stream().map(Account.RoleAssignment::role)
                .toList());
    }

    /**
     * The request with {@code who}'s key and a fresh one-time code: the authenticator's code of the next time
     * step (the clock moves 30 s), so a test can make more sensitive requests than there are recovery codes.
     */
    private MockHttpServletRequestBuilder as(TestAdministrators.Admin who, MockHttpServletRequestBuilder r) {
        clock.advance(Duration.ofSeconds(30));
        Totp totp = Totp.withDefaults(clock);
        return r.header("Authorization", "Bearer " + who.token()).header("X-Custodia-OTP",
                totp.code(who.secret(), totp.currentStep()));
    }

    private static String body(String kind, String signedOn, String expiresOn, String sha256) {
        return "{\"kind\":\"" + kind + "\",\"signedOn\":\"" + signedOn + "\",\"expiresOn\":\"" + expiresOn
                + "\",\"documentSha256\":\"" + sha256 + "\"}";
    }

    private Cookie signIn(String username) throws Exception {
        int n = SEQUENCE.incrementAndGet();
        MockHttpServletResponse r = mvc.perform(post("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}").with(req -> {
                    req.setRemoteAddr("10.9." + (n / 250) + "." + (n % 250));
                    return req;
                })).andReturn().getResponse();
        assertThat(r.getStatus()).isEqualTo(201);
        return r.getCookie(COOKIE);
    }

    private List<LedgerEvent> eventsOn(String target) {
        return ledger.events().stream().filter(e -> e.target().equals(target)).toList();
    }

    @Test
    void grantWhenNoValidAgreementThenRefusedNamingTheRoleInBothLanguagesAndLedgered() throws Exception {
        String person = staff().id();
        assertThatThrownBy(() -> accounts.grantRole(SYSTEM, person, Roles.PLATFORM_AUDITOR, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type().uri().toString()).isEqualTo("urn:custodia:problem:agreement-required");
                    assertThat(e.type().status().value()).isEqualTo(409);
                    assertThat(e.getMessage()).contains(Roles.PLATFORM_AUDITOR, person);
                    assertThat(e.properties()).containsEntry("role", Roles.PLATFORM_AUDITOR)
                            .containsEntry("rule", "confidentiality-agreement");
                    assertThat((String) e.properties().get("messageIt")).contains("accordo di riservatezza",
                            Roles.PLATFORM_AUDITOR);
                });
        mvc.perform(as(admin, post("/api/v1/accounts/" + person + "/roles")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"role\":\"support-engineer\"}")).andExpect(problem("agreement-required", 409))
                .andExpect(jsonPath("$.role").value(Roles.SUPPORT_ENGINEER))
                .andExpect(jsonPath("$.messageIt").isNotEmpty());
        assertThat(roles(person)).isEmpty();
        assertThat(eventsOn("account/" + person)).filteredOn(e -> e.outcome().equals("denied"))
                .extracting(LedgerEvent::reason).hasSize(2)
                .allSatisfy(r -> assertThat(r).contains("refused by rule confidentiality-agreement"));

        // With an agreement, granted.
        register(person, today().minusDays(10), today().plusDays(100));
        accounts.grantRole(SYSTEM, person, Roles.PLATFORM_AUDITOR, null);
        assertThat(roles(person)).containsExactly(Roles.PLATFORM_AUDITOR);

        // Accounts that are not staff are not concerned: a platform service account reads the register.
        Account bot = accounts.createServiceAccount(SYSTEM, null, "agreement-bot-" + SEQUENCE.incrementAndGet(),
                "register reader", Set.of(Roles.PLATFORM_AUDITOR));
        assertThat(roles(bot.id())).containsExactly(Roles.PLATFORM_AUDITOR);
        assertThatThrownBy(() -> register(bot.id(), today(), today().plusDays(10)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type().slug())
                        .isEqualTo("agreement-staff-only"));
    }

    @Test
    void agreementWhenExpiredEndedOrFutureDatedThenNotValidAndNoGrant() {
        // Ended.
        String ended = staff().id();
        Agreement a = register(ended, today().minusDays(5), today().plusDays(100)).agreement();
        assertThat(a.status()).isEqualTo(Agreement.VALID);
        assertThat(agreements.covered(ended)).isTrue();
        assertThat(agreements.end(officer.caller(), a.id(), "registered-in-error").status()).isEqualTo(Agreement.ENDED);
        assertThat(agreements.covered(ended)).isFalse();
        assertThatThrownBy(() -> accounts.grantRole(SYSTEM, ended, Roles.SUPPORT_ENGINEER, null))
                .hasMessageContaining("confidentiality agreement");

        // Expired: valid through its last day, not the day after.
        String expired = staff().id();
        register(expired, today().minusDays(30), today().plusDays(1));
        clock.advance(Duration.ofDays(1));
        assertThat(agreements.covered(expired)).isTrue();
        clock.advance(Duration.ofDays(1));
        assertThat(agreements.covered(expired)).isFalse();
        assertThat(agreements.of(expired)).singleElement().extracting(Agreement::status).isEqualTo(Agreement.EXPIRED);
        assertThatThrownBy(() -> accounts.grantRole(SYSTEM, expired, Roles.SUPPORT_ENGINEER, null))
                .hasMessageContaining("confidentiality agreement");

        // Future-dated: signed today, seen from three days earlier, is not valid yet.
        String future = staff().id();
        register(future, today(), today().plusDays(100));
        clock.advance(Duration.ofDays(-3));
        try {
            assertThat(agreements.covered(future)).isFalse();
            assertThat(agreements.of(future)).singleElement().extracting(Agreement::status)
                    .isEqualTo(Agreement.NOT_YET_VALID);
            assertThatThrownBy(() -> accounts.grantRole(SYSTEM, future, Roles.SUPPORT_ENGINEER, null))
                    .hasMessageContaining("confidentiality agreement");
        } finally {
            clock.advance(Duration.ofDays(3));
        }
        accounts.grantRole(SYSTEM, future, Roles.SUPPORT_ENGINEER, null);
    }

    @Test
    void expiryWhenClockPassesTheLastDayThenRolesSuspendedAndSessionAndKeyLoseThemAtOnceUntilRenewal()
            throws Exception {
        Account person = staff();
        String id = person.id();
        register(id, today().minusDays(300), today());
        accounts.grantRole(SYSTEM, id, Roles.PLATFORM_AUDITOR, null);
        accounts.grantRole(SYSTEM, id, Roles.SUPPORT_ENGINEER, null);
        // Two minutes before the end of the agreement's last day (UTC).
        clock.advance(Duration.between(clock.instant(), today().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())
                .minusMinutes(2));

        Cookie session = signIn(person.username());
        Caller self = new Caller(id, Account.STAFF, Set.of(), null, List.of(), id, List.of(), false);
        String key = keys.create(self, Set.of(Roles.PLATFORM_AUDITOR, Roles.SUPPORT_ENGINEER), null, "own key").token();
        mvc.perform(get("/api/v1/tenants").cookie(session)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + key)).andExpect(status().isOk());
        checks.run();
        assertThat(roles(id)).as("still its last day").contains(Roles.PLATFORM_AUDITOR, Roles.SUPPORT_ENGINEER);

        clock.advance(Duration.ofMinutes(3));
        checks.run();
        assertThat(roles(id)).isEmpty();
        mvc.perform(get("/api/v1/tenants").cookie(session)).andExpect(problem("forbidden", 403));
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + key))
                .andExpect(problem("forbidden", 403));
        assertThat(keys.authenticate(key).orElseThrow().roles()).isEmpty();
        assertThat(eventsOn("account/" + id)).filteredOn(e -> e.action().equals("account.role-suspended"))
                .extracting(LedgerEvent::reason).hasSize(2)
                .allSatisfy(r -> assertThat(r).contains("agreement-expired"));
        // A second run finds nothing more to do.
        checks.run();
        assertThat(eventsOn("account/" + id)).filteredOn(e -> e.action().equals("account.role-suspended")).hasSize(2);

        // Administrators see why the roles are gone.
        mvc.perform(get("/api/v1/accounts/" + id + "/agreements").header("Authorization", "Bearer " + officer.token()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.covered").value(false))
                .andExpect(jsonPath("$.agreements[0].status").value("expired"))
                .andExpect(jsonPath("$.suspendedRoles.length()").value(2))
                .andExpect(jsonPath("$.suspendedRoles[0].reason").value("agreement-expired"));
        String watch = mvc.perform(get("/api/v1/agreements").header("Authorization", "Bearer " + officer.token()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(watch, "$.suspendedRoles[?(@.account == '" + id + "')].role"))
                .containsExactlyInAnyOrder(Roles.PLATFORM_AUDITOR, Roles.SUPPORT_ENGINEER);

        // The renewal, by a security officer, gives both back to the same session and key.
        String renewed = mvc.perform(as(officer, post("/api/v1/accounts/" + id + "/agreements"))
                .contentType(MediaType.APPLICATION_JSON).content(body("employment-confidentiality",
                        today().toString(), today().plusYears(2).toString(), TestAgreements.randomSha256())))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.agreement.status").value("valid"))
                .andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(renewed, "$.reinstatedRoles"))
                .containsExactlyInAnyOrder(Roles.PLATFORM_AUDITOR, Roles.SUPPORT_ENGINEER);
        mvc.perform(get("/api/v1/tenants").cookie(session)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + key)).andExpect(status().isOk());
        assertThat(suspensions.of(id)).isEmpty();
        assertThat(eventsOn("account/" + id)).filteredOn(e -> e.action().equals("account.role-reinstated"))
                .hasSize(2).allSatisfy(e -> assertThat(e.outcome()).isEqualTo("success"));
        // The ledger names the person by id only.
        assertThat(ledger.events()).allSatisfy(e -> assertThat(String.valueOf(e.reason()) + e.target())
                .doesNotContain(person.username()));
    }

    @Test
    void reinstatementWhenNoSecondFactorOrSegregationOfDutiesThenTheRoleStaysSuspendedAndWhyIsLedgered() {
        TestAdministrators.Admin person = TestAdministrators.createStaff(accounts, keys, clock, Roles.PLATFORM_ADMIN);
        String id = person.account();
        // Ending the only agreement suspends the role at once.
        agreements.end(officer.caller(), agreements.of(id).get(0).id(), "contract-ended");
        assertThat(roles(id)).isEmpty();
        assertThat(suspensions.of(id)).singleElement().satisfies(s -> {
            assertThat(s.role()).isEqualTo(Roles.PLATFORM_ADMIN);
            assertThat(s.reason()).isEqualTo("agreement-ended");
        });

        // Without the role, its second factor may go; then a new agreement cannot give the role back.
        accounts.removeTotp(SYSTEM, id);
        Agreements.Registration noFactor = register(id, today(), today().plusDays(200));
        assertThat(noFactor.reinstatedRoles()).isEmpty();
        assertThat(noFactor.stillSuspended()).singleElement().satisfies(k -> {
            assertThat(k.role()).isEqualTo(Roles.PLATFORM_ADMIN);
            assertThat(k.rule()).isEqualTo("mfa-not-enrolled");
        });
        assertThat(roles(id)).isEmpty();

        // A factor again, and security-officer meanwhile: platform-admin now conflicts and stays suspended.
        Caller self = new Caller(id, Account.STAFF, Set.of(), null, List.of(), id, List.of(), false);
        TotpSecret secret = TotpSecret.fromBase32(accounts.startTotp(self).secret());
        Totp totp = Totp.withDefaults(clock);
        accounts.confirmTotp(self, totp.code(secret, totp.currentStep()));
        accounts.grantRole(SYSTEM, id, Roles.SECURITY_OFFICER, null);
        Agreements.Registration conflict = register(id, today(), today().plusDays(300));
        assertThat(conflict.reinstatedRoles()).isEmpty();
        assertThat(conflict.stillSuspended()).singleElement().satisfies(k -> {
            assertThat(k.role()).isEqualTo(Roles.PLATFORM_ADMIN);
            assertThat(k.rule()).isEqualTo("segregation-of-duties");
        });
        assertThat(roles(id)).containsExactly(Roles.SECURITY_OFFICER);
        assertThat(eventsOn("account/" + id)).filteredOn(e -> e.action().equals("account.role-reinstated"))
                .extracting(LedgerEvent::outcome, LedgerEvent::reason).hasSize(2).allSatisfy(t -> {
                    assertThat(t.toList().get(0)).isEqualTo("denied");
                    assertThat((String) t.toList().get(1)).contains("platform-admin", "stays suspended");
                }).anySatisfy(t -> assertThat((String) t.toList().get(1))
                        .contains("segregation of duties platform-admin+security-officer"));

        // Revoking a suspended role ends its suspension: it never comes back.
        accounts.revokeRole(SYSTEM, id, Roles.PLATFORM_ADMIN, null);
        assertThat(suspensions.of(id)).isEmpty();
    }

    @Test
    void noticeWhenThirtyDaysBeforeExpiryThenOnceInAppToItsOwnerAndLedgered() throws Exception {
        TestAdministrators.Admin person = TestAdministrators.createStaff(accounts, keys, clock, Roles.PLATFORM_AUDITOR);
        String id = person.account();
        Agreement first = agreements.of(id).get(0);
        Agreement soon = register(id, today().minusDays(100), today().plusDays(40)).agreement();
        // The year's agreement was registered in error: the 40-day one is now the person's cover.
        agreements.end(officer.caller(), first.id(), "registered-in-error");
        assertThat(roles(id)).containsExactly(Roles.PLATFORM_AUDITOR);

        checks.run();
        clock.advance(Duration.ofDays(9));
        checks.run();
        assertThat(eventsOn("agreement/" + soon.id())).filteredOn(e -> e.action().equals("agreement.expiry-notice"))
                .isEmpty();
        clock.advance(Duration.ofDays(1));
        checks.run();
        checks.run();
        clock.advance(Duration.ofDays(5));
        checks.run();
        assertThat(eventsOn("agreement/" + soon.id())).filteredOn(e -> e.action().equals("agreement.expiry-notice"))
                .singleElement().satisfies(e -> {
                    assertThat(e.actor().id()).isEqualTo("system");
                    assertThat(e.reason()).contains(id, soon.expiresOn().toString(), "in 30 days");
                });

        // The person reads it (in both languages); nobody else does.
        mvc.perform(get("/api/v1/account/notices").header("Authorization", "Bearer " + person.token()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].kind").value("agreement-expiring"))
                .andExpect(jsonPath("$[0].agreement").value(soon.id()))
                .andExpect(jsonPath("$[0].expiresOn").value(soon.expiresOn().toString()))
                .andExpect(jsonPath("$[0].messageIt").isNotEmpty());
        mvc.perform(get("/api/v1/account/notices").header("Authorization", "Bearer " + officer.token()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(0));
        // Security officers see it in the expiring list.
        String watch = mvc.perform(get("/api/v1/agreements?expiringWithinDays=30")
                .header("Authorization", "Bearer " + officer.token())).andExpect(status().isOk())
                .andExpect(jsonPath("$.expiringWithinDays").value(30)).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(watch, "$.expiring[?(@.id == '" + soon.id() + "')].noticeSentAt"))
                .singleElement().isNotNull();
        // A renewal takes it off the list.
        register(id, today(), today().plusYears(1));
        watch = mvc.perform(get("/api/v1/agreements").header("Authorization", "Bearer " + officer.token()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(watch, "$.expiring[*].id")).doesNotContain(soon.id());
    }

    @Test
    void registerWhenOwnAgreementOrNotAnOfficerThenForbiddenAndOwnAttemptsLedgered() throws Exception {
        String sha = TestAgreements.randomSha256();
        String json = body("employment-confidentiality", today().toString(), today().plusYears(1).toString(), sha);
        mvc.perform(as(officer, post("/api/v1/accounts/" + officer.account() + "/agreements"))
                .contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(problem("own-agreement", 403)).andExpect(jsonPath("$.messageIt").isNotEmpty());
        assertThat(eventsOn("account/" + officer.account()))
                .filteredOn(e -> e.action().equals("agreement.registered")).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("denied"));
        assertThatThrownBy(() -> agreements.register(officer.caller(), officer.account(),
                new Agreements.NewAgreement(Agreements.CONTRACTOR_NDA, today(), today().plusDays(5), sha)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type().slug())
                        .isEqualTo("own-agreement"));
        String own = agreements.of(officer.account()).get(0).id();
        mvc.perform(as(officer, post("/api/v1/agreements/" + own + "/end")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"superseded\"}")).andExpect(problem("own-agreement", 403));
        assertThat(agreements.covered(officer.account())).isTrue();

        // A platform administrator (a security officer exists: no bootstrap) and an auditor may not register.
        String person = staff().id();
        mvc.perform(as(admin, post("/api/v1/accounts/" + person + "/agreements"))
                .contentType(MediaType.APPLICATION_JSON).content(json)).andExpect(problem("forbidden", 403));
        TestAdministrators.Admin auditor = TestAdministrators.createStaff(accounts, keys, clock,
                Roles.PLATFORM_AUDITOR);
        mvc.perform(as(auditor, post("/api/v1/accounts/" + person + "/agreements"))
                .contentType(MediaType.APPLICATION_JSON).content(json)).andExpect(problem("forbidden", 403));
        mvc.perform(get("/api/v1/accounts/" + person + "/agreements").header("Authorization", "Bearer "
                + auditor.token())).andExpect(status().isOk()).andExpect(jsonPath("$.agreements.length()").value(0));
        mvc.perform(get("/api/v1/agreements").header("Authorization", "Bearer " + admin.token()))
                .andExpect(problem("forbidden", 403));
        // Without a recent second factor, not even a security officer.
        mvc.perform(post("/api/v1/accounts/" + person + "/agreements").header("Authorization", "Bearer "
                + officer.token()).contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(problem("step-up-required", 401));
        assertThat(agreements.of(person)).isEmpty();
        // The officer registers it; the same document twice is refused.
        mvc.perform(as(officer, post("/api/v1/accounts/" + person + "/agreements"))
                .contentType(MediaType.APPLICATION_JSON).content(json)).andExpect(status().isCreated())
                .andExpect(jsonPath("$.agreement.documentSha256").value(sha))
                .andExpect(jsonPath("$.agreement.registeredBy").value(officer.key().key().id()));
        mvc.perform(as(officer, post("/api/v1/accounts/" + person + "/agreements"))
                .contentType(MediaType.APPLICATION_JSON).content(json)).andExpect(problem("conflict", 409));
        assertThat(ledger.events()).filteredOn(e -> e.action().equals("agreement.registered"))
                .filteredOn(e -> e.reason().contains(person)).singleElement().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo("success");
                    assertThat(e.reason()).contains("sha256 " + sha, "kind employment-confidentiality")
                            .doesNotContain("bootstrap");
                });
    }

    @Test
    void registerWhenBadInputThenBadRequestProblemsInBothLanguagesNeverAServerError() throws Exception {
        String person = staff().id();
        String sha = TestAgreements.randomSha256();
        String today = today().toString();
        String year = today().plusYears(1).toString();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(body("nda", today, year, sha), "kind");
        cases.put("{\"signedOn\":\"" + today + "\",\"expiresOn\":\"" + year + "\",\"documentSha256\":\"" + sha + "\"}",
                "kind");
        cases.put(body("contractor-nda", today, year, sha.toUpperCase(java.util.Locale.ROOT)), "documentSha256");
        cases.put(body("contractor-nda", today, year, sha.substring(1)), "documentSha256");
        cases.put(body("contractor-nda", today, year, "z" + sha.substring(1)), "documentSha256");
        cases.put("{\"kind\":\"contractor-nda\",\"signedOn\":\"" + today + "\",\"expiresOn\":\"" + year + "\"}",
                "documentSha256");
        cases.put(body("contractor-nda", "2026-13-01", year, sha), "signedOn");
        cases.put(body("contractor-nda", "yesterday", year, sha), "signedOn");
        cases.put(body("contractor-nda", "", year, sha), "signedOn");
        cases.put(body("contractor-nda", today().plusDays(1).toString(), year, sha), "signedOn");
        cases.put(body("contractor-nda", today, today().minusDays(1).toString(), sha), "expiresOn");
        cases.put(body("contractor-nda", today, today, sha), "expiresOn");
        cases.put(body("contractor-nda", today().minusDays(40).toString(), today().minusDays(1).toString(), sha),
                "expiresOn");
        cases.put(body("contractor-nda", today, today().plusYears(11).toString(), sha), "expiresOn");
        cases.put("{\"kind\":\"contractor-nda\",\"signedOn\":\"" + today + "\",\"documentSha256\":\"" + sha + "\"}",
                "expiresOn");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            mvc.perform(as(officer, post("/api/v1/accounts/" + person + "/agreements"))
                    .contentType(MediaType.APPLICATION_JSON).content(c.getKey()))
                    .andExpect(problem("invalid-agreement", 400)).andExpect(jsonPath("$.field").value(c.getValue()))
                    .andExpect(jsonPath("$.messageIt").isNotEmpty());
        }
        for (String unreadable : List.of("{", "[]", "{\"kind\":[1],\"signedOn\":{}}", "")) {
            mvc.perform(as(officer, post("/api/v1/accounts/" + person + "/agreements"))
                    .contentType(MediaType.APPLICATION_JSON).content(unreadable)).andExpect(status().isBadRequest());
        }
        assertThat(agreements.of(person)).isEmpty();
        mvc.perform(as(officer, post("/api/v1/accounts/acc-nosuchaccount/agreements"))
                .contentType(MediaType.APPLICATION_JSON).content(body("contractor-nda", today, year, sha)))
                .andExpect(problem("not-found", 404));
        for (String days : List.of("abc", "-1", "367", "1e3", "")) {
            mvc.perform(get("/api/v1/agreements").param("expiringWithinDays", days)
                    .header("Authorization", "Bearer " + officer.token()))
                    .andExpect(problem("invalid-agreement", 400)).andExpect(jsonPath("$.field")
                            .value("expiringWithinDays"));
        }
        String id = register(person, today(), today().plusDays(50)).agreement().id();
        mvc.perform(as(officer, post("/api/v1/agreements/" + id + "/end")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"bored\"}")).andExpect(problem("invalid-agreement", 400))
                .andExpect(jsonPath("$.field").value("reason"));
        mvc.perform(as(officer, post("/api/v1/agreements/" + id + "/end")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"employment-ended\"}")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("ended")).andExpect(jsonPath("$.endReason")
                        .value("employment-ended"));
        mvc.perform(as(officer, post("/api/v1/agreements/" + id + "/end")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"employment-ended\"}")).andExpect(problem("conflict", 409));
        mvc.perform(as(officer, post("/api/v1/agreements/agr-nosuchagreement/end"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"employment-ended\"}"))
                .andExpect(problem("not-found", 404));
    }

    @Test
    void keyWhenItsOwnerDoesNotHoldTheProductionRoleThenItCarriesNothingOfIt() throws Exception {
        // The administrator holds platform-admin, not platform-auditor: its auditor key is not an auditor's.
        String key = keys.create(admin.caller(), Set.of(Roles.PLATFORM_AUDITOR), null, "not mine").token();
        assertThat(keys.authenticate(key).orElseThrow().roles()).isEmpty();
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + key)).andExpect(problem("forbidden",
                403));
        accounts.grantRole(SYSTEM, admin.account(), Roles.PLATFORM_AUDITOR, null);
        assertThat(keys.authenticate(key).orElseThrow().roles()).containsExactly(Roles.PLATFORM_AUDITOR);
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + key)).andExpect(status().isOk());
    }
}
