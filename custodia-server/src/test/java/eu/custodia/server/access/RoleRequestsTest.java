package eu.custodia.server.access;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.RoleRequest;
import eu.custodia.server.identity.RoleRequests;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemException;
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
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The two-person rule for staff roles: a provider role given to a staff member waits for a security officer,
 * who is never the requester nor the account itself, and whose approval re-checks the grant at that moment.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
@TestPropertySource(properties = "custodia.access.approvals.request-validity=3d")
class RoleRequestsTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

    @Autowired
    WebApplicationContext context;
    @Autowired
    Accounts accounts;
    @Autowired
    RoleRequests requests;
    @Autowired
    ApiKeys keys;
    @Autowired
    MutableClock clock;
    @Autowired
    RecordingLedger ledger;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    /** A staff member with a second factor and no role. */
    private String staffMember() {
        TestAdministrators.Admin person = TestAdministrators.createStaff(accounts, keys, clock, Roles.SUPPORT_ENGINEER);
        accounts.revokeRole(SYSTEM, person.account(), Roles.SUPPORT_ENGINEER, null);
        return person.account();
    }

    private Set<String> rolesOf(String account) {
        return Set.copyOf(accounts.find(account).orElseThrow().roles().stream().map(Account.RoleAssignment::role)
                .toList());
    }

    private List<LedgerEvent> eventsOn(String target) {
        return ledger.events().stream().filter(e -> e.target().equals(target)).toList();
    }

    @Test
    void staffRoleGrantWhenAPlatformAdminAsksThenPendingUntilASecurityOfficerApproves() throws Exception {
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        TestAdministrators.Admin officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
        String member = staffMember();

        String body = mvc.perform(post("/api/v1/accounts/" + member + "/roles")
                        .header("Authorization", "Bearer " + admin.token()).header("X-Custodia-OTP", admin.otp())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"role\":\"key-custodian\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.state").value("pending-approval"))
                .andExpect(jsonPath("$.request.cause").value("two-person-rule"))
                .andExpect(jsonPath("$.request.requestedBy").value(admin.account()))
                .andExpect(jsonPath("$.account.roles").isEmpty())
                .andReturn().getResponse().getContentAsString();
        String id = JsonPath.read(body, "$.request.id");
        assertThat(rolesOf(member)).doesNotContain(Roles.KEY_CUSTODIAN);

        // The requester cannot even see the queue: approving is a security officer's permission.
        mvc.perform(post("/api/v1/role-requests/" + id + "/approval").header("Authorization", "Bearer " + admin.token())
                        .header("X-Custodia-OTP", admin.otp()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"decision\":\"approve\"}"))
                .andExpect(problem("forbidden", 403));
        mvc.perform(get("/api/v1/role-requests?state=pending").header("Authorization", "Bearer " + officer.token())
                        .header("X-Custodia-OTP", officer.otp()))
                .andExpect(status().isOk()).andExpect(jsonPath("$[?(@.id == '" + id + "')].role").value("key-custodian"));
        mvc.perform(post("/api/v1/role-requests/" + id + "/approval").header("Authorization", "Bearer " + officer.token())
                        .header("X-Custodia-OTP", officer.otp()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"decision\":\"approve\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.request.state").value("approved"))
                .andExpect(jsonPath("$.request.decidedBy").value(officer.account()))
                .andExpect(jsonPath("$.account.roles[0].role").value("key-custodian"));

        assertThat(rolesOf(member)).contains(Roles.KEY_CUSTODIAN);
        assertThat(eventsOn("account/" + member)).extracting(LedgerEvent::action)
                .containsSubsequence("account.role-requested", "account.role-granted");
        assertThat(eventsOn("account/" + member)).filteredOn(e -> e.action().equals("account.role-granted"))
                .filteredOn(e -> e.reason().contains(Roles.KEY_CUSTODIAN)).singleElement().satisfies(e -> {
                    assertThat(e.actor().id()).isEqualTo(officer.key().key().id());
                    assertThat(e.reason()).contains("approved request " + id);
                });
        assertThat(eventsOn("role-request/" + id)).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo("account.role-request-approved"));
        // Decided once.
        mvc.perform(post("/api/v1/role-requests/" + id + "/approval").header("Authorization", "Bearer " + officer.token())
                        .header("X-Custodia-OTP", officer.otp()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"decision\":\"reject\",\"reason\":\"changed my mind\"}"))
                .andExpect(problem("conflict", 409));
    }

    @Test
    void approveWhenTheApproverIsTheAccountItselfThenRefusedAndLedgeredAndAnotherOfficerMayApprove() {
        TestAdministrators.Admin first = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
        TestAdministrators.Admin second = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        RoleRequest request = accounts.grantRole(admin.caller(), first.account(), Roles.SUPPORT_ENGINEER, null).pending();
        assertThat(request).isNotNull();

        assertThatThrownBy(() -> requests.approve(first.caller(), request.id()))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type().uri().toString()).isEqualTo("urn:custodia:problem:self-approval");
                    assertThat(e.type().status().value()).isEqualTo(403);
                });
        assertThat(eventsOn("role-request/" + request.id())).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("access.self-approval-refused");
            assertThat(e.outcome()).isEqualTo("denied");
            assertThat(e.reason()).contains("own-role-approval");
        });
        assertThat(rolesOf(first.account())).doesNotContain(Roles.SUPPORT_ENGINEER);

        assertThat(requests.approve(second.caller(), request.id()).granted()).isTrue();
        assertThat(rolesOf(first.account())).contains(Roles.SUPPORT_ENGINEER);
    }

    @Test
    void approveWhenTheApproverMadeTheRequestThenRefused() {
        TestAdministrators.Admin officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
        String member = staffMember();
        RoleRequest request = accounts.grantRole(officer.caller(), member, Roles.SUPPORT_ENGINEER, null).pending();

        assertThatThrownBy(() -> requests.reject(officer.caller(), request.id(), "no"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getMessage())
                        .contains("request they made"));
        assertThatThrownBy(() -> requests.approve(officer.caller(), request.id()))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type().slug()).isEqualTo("self-approval"));
        assertThat(eventsOn("role-request/" + request.id())).hasSize(2)
                .allSatisfy(e -> assertThat(e.reason()).contains("requester-is-approver"));
        assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RoleRequest.PENDING);
    }

    @Test
    void approveWhenSegregationOfDutiesBrokeMeanwhileThenRefusedAtActivationAndStillPending() {
        TestAdministrators.Admin officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        String member = staffMember();
        RoleRequest request = accounts.grantRole(admin.caller(), member, Roles.KEY_CUSTODIAN, null).pending();
        // Meanwhile the member became an auditor: key custodian and auditor is a refused pair by default.
        accounts.grantRole(SYSTEM, member, Roles.PLATFORM_AUDITOR, null);

        assertThatThrownBy(() -> requests.approve(officer.caller(), request.id()))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type().slug()).isEqualTo("sod-conflict"));
        assertThat(rolesOf(member)).doesNotContain(Roles.KEY_CUSTODIAN);
        assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RoleRequest.PENDING);
        assertThat(eventsOn("account/" + member)).filteredOn(e -> e.outcome().equals("denied")).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("segregation of duties key-custodian+platform-auditor"));
        assertThat(eventsOn("role-request/" + request.id())).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("denied"));
    }

    @Test
    void approveWhenTheRequestExpiredThenConflictAndAGrantOpensANewRequest() {
        TestAdministrators.Admin officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        String member = staffMember();
        RoleRequest request = accounts.grantRole(admin.caller(), member, Roles.SUPPORT_ENGINEER, null).pending();
        assertThat(request.expiresAt()).isEqualTo(request.requestedAt().plus(Duration.ofDays(3)));

        clock.advance(Duration.ofDays(3).plusSeconds(1));

        assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RoleRequest.EXPIRED);
        assertThat(requests.list(RoleRequest.EXPIRED, 500)).extracting(RoleRequest::id).contains(request.id());
        assertThat(requests.list(RoleRequest.PENDING, 500)).extracting(RoleRequest::id).doesNotContain(request.id());
        assertThatThrownBy(() -> requests.approve(officer.caller(), request.id()))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type().slug()).isEqualTo("conflict");
                    assertThat(e.getMessage()).contains("expired");
                });
        assertThat(rolesOf(member)).doesNotContain(Roles.SUPPORT_ENGINEER);
        RoleRequest again = accounts.grantRole(admin.caller(), member, Roles.SUPPORT_ENGINEER, null).pending();
        assertThat(again.id()).isNotEqualTo(request.id());
        assertThat(requests.approve(officer.caller(), again.id()).granted()).isTrue();
    }

    @Test
    void rejectWhenNoReasonThenValidationAndWhenRejectedThenNeverGranted() {
        TestAdministrators.Admin officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        String member = staffMember();
        RoleRequest request = accounts.grantRole(admin.caller(), member, Roles.SUPPORT_ENGINEER, null).pending();

        assertThatThrownBy(() -> requests.reject(officer.caller(), request.id(), null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type().slug()).isEqualTo("validation"));
        RoleRequest rejected = requests.reject(officer.caller(), request.id(), "not needed for this ticket");
        assertThat(rejected.state()).isEqualTo(RoleRequest.REJECTED);
        assertThat(rejected.decidedBy()).isEqualTo(officer.account());
        assertThatThrownBy(() -> requests.approve(officer.caller(), request.id()))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type().slug()).isEqualTo("conflict"));
        assertThat(rolesOf(member)).doesNotContain(Roles.SUPPORT_ENGINEER);
        // The reason stays with the request: it is free text, so it never reaches a ledger.
        assertThat(ledger.events()).noneSatisfy(e -> assertThat(String.valueOf(e.reason())).contains("not needed"));
    }

    @Test
    void grantWhenATenantsUserOrThePlatformsOwnCodeThenNoApprovalNeeded() {
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        String member = staffMember();
        assertThat(accounts.grantRole(SYSTEM, member, Roles.SUPPORT_ENGINEER, null).granted()).isTrue();
        // A second grant of a role already held changes nothing and asks nobody.
        assertThat(accounts.grantRole(admin.caller(), member, Roles.SUPPORT_ENGINEER, null).granted()).isTrue();
    }

    @Test
    void listWhenBadStateOrLimitThenValidationProblems() throws Exception {
        TestAdministrators.create(accounts, keys, clock);
        TestAdministrators.Admin officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
        mvc.perform(get("/api/v1/role-requests?state=maybe").header("Authorization", "Bearer " + officer.token())
                .header("X-Custodia-OTP", officer.otp())).andExpect(problem("validation", 400));
        mvc.perform(get("/api/v1/role-requests?limit=0").header("Authorization", "Bearer " + officer.token())
                .header("X-Custodia-OTP", officer.otp())).andExpect(problem("validation", 400));
        mvc.perform(get("/api/v1/role-requests/rrq-nope").header("Authorization", "Bearer " + officer.token())
                .header("X-Custodia-OTP", officer.otp())).andExpect(problem("not-found", 404));
        mvc.perform(post("/api/v1/role-requests/rrq-nope/approval").header("Authorization", "Bearer " + officer.token())
                        .header("X-Custodia-OTP", officer.otp()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"decision\":\"maybe\"}"))
                .andExpect(problem("validation", 400));
    }
}
