package eu.custodia.server.elevation;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.access.Agreements;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Just-in-time staff access end to end (commitment 5): a support engineer asks under a ticket, a security
 * officer and the customer's administrator approve, the engineer activates with a fresh second factor and
 * reads the tenant's records through the grant (each use in the tenant's log, with the grant's id), then
 * concludes and is refused again. And the attacks: approving one's own request, another tenant's
 * administrator, use after expiry, a write under a read grant, activation without a fresh factor, a staff
 * member without the support role or without an agreement.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
class ElevationHttpTest {

    private static final TenantContract.Contact CONTACT = new TenantContract.Contact("Sara Conti",
            "sara@example.test", null);
    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());
    private static final String SCHEMA = """
            {"fields": {"email": {"indexed": true, "personal": true}, "customerId": {"indexed": true,
             "personal": true}}, "subjectField": "customerId"}""";
    private static final String SECRET_TEXT = "customer called about invoice";

    @Autowired
    WebApplicationContext context;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    MutableClock clock;
    @Autowired
    TenantCommands tenants;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    Agreements agreements;

    MockMvc mvc;
    TestAdministrators.Admin admin;
    TestAdministrators.Admin engineer;
    TestAdministrators.Admin officer;
    TenantId tenant;
    TestAdministrators.Admin customer;
    String app;
    String recordId;

    @BeforeEach
    void setUp() throws Exception {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        admin = TestAdministrators.create(accounts, keys, clock);
        engineer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SUPPORT_ENGINEER);
        officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
        tenant = newTenant("strict");
        customer = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant);
        app = keys.create(SYSTEM, Set.of(Roles.TENANT_MEMBER), tenant, "saas application").token();
        mvc.perform(as(put(collection(tenant)).contentType(MediaType.APPLICATION_JSON).content(SCHEMA), app))
                .andExpect(status().isOk());
        MvcResult created = mvc.perform(as(post(records(tenant)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"alice@example.test\", \"customerId\": \"C-1\"}"), app))
                .andExpect(status().isCreated()).andReturn();
        recordId = JsonPath.read(created.getResponse().getContentAsString(), "$.id");
    }

    private TenantId newTenant(String profile) {
        return tenants.create(admin.caller(), new TenantContract("Elevation S.r.l.", "IT12345678901", "IT", "SaaS",
                List.of(), new TenantContract.Dpa("DPA-1", LocalDate.of(2026, 1, 1)), List.of(), profile,
                "eu-south-1", 90, 24, 14, new TenantContract.Contacts(CONTACT, CONTACT, CONTACT))).id();
    }

    private static String collection(TenantId t) {
        return "/api/v1/tenants/" + t + "/collections/customers";
    }

    private static String records(TenantId t) {
        return collection(t) + "/records";
    }

    private static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, String token) {
        return request.header("Authorization", "Bearer " + token);
    }

    private static MockHttpServletRequestBuilder stepUp(MockHttpServletRequestBuilder request,
            TestAdministrators.Admin who) {
        return request.header("Authorization", "Bearer " + who.token()).header("X-Custodia-OTP", who.otp());
    }

    private String ask(String access, String duration) throws Exception {
        MvcResult result = mvc.perform(stepUp(post("/api/v1/access-requests"), engineer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tenant\": \"" + tenant + "\", \"ticket\": \"SUP-4711\", \"reasonCode\":"
                                + " \"troubleshooting\", \"reasonText\": \"" + SECRET_TEXT + "\", \"access\": \""
                                + access + "\", \"collections\": [\"customers\"], \"duration\": \"" + duration + "\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("pending-staff")).andReturn();
        return JsonPath.read(result.getResponse().getContentAsString(), "$.id");
    }

    private void approve(String id, TestAdministrators.Admin who, String expectedState) throws Exception {
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/approval"), who)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"decision\": \"approve\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value(expectedState));
    }

    private void activate(String id) throws Exception {
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/activation"), engineer))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("active"));
    }

    /** Asked, approved by both gates and activated. */
    private String activeGrant(String access, String duration) throws Exception {
        String id = ask(access, duration);
        approve(id, officer, "pending-customer");
        approve(id, customer, "approved");
        activate(id);
        return id;
    }

    private List<LedgerEvent> elevationEvents() {
        return ledger.events().stream().filter(e -> tenant.equals(e.tenant()) && e.action().startsWith("elevation."))
                .toList();
    }

    @Test
    void grantWhenRequestedApprovedTwiceActivatedUsedAndConcludedThenReadsUntilConcludedAndTheLedgerTellsIt()
            throws Exception {
        String record = records(tenant) + "/" + recordId;
        mvc.perform(as(get(record), engineer.token())).andExpect(problem("forbidden", 403));

        mvc.perform(as(put("/api/v1/tenants/" + tenant + "/collections/orders").contentType(MediaType.APPLICATION_JSON)
                .content(SCHEMA), app)).andExpect(status().isOk());
        String id = activeGrant("read", "PT2H");
        mvc.perform(as(get(record), engineer.token())).andExpect(status().isOk())
                .andExpect(jsonPath("$.email").value("alice@example.test"));
        // The grant names collection customers only: not orders, nor a call that names no collection.
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/collections/orders/records"), engineer.token()))
                .andExpect(problem("forbidden", 403));
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/collections"), engineer.token()))
                .andExpect(problem("forbidden", 403));
        mvc.perform(as(post("/api/v1/access-requests/" + id + "/conclusion"), engineer.token()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("concluded"));
        mvc.perform(as(get(record), engineer.token())).andExpect(problem("forbidden", 403));

        // The grant's end is confirmed once every live node has dropped it (at once on a single node).
        for (int i = 0; i < 200 && elevationEvents().stream().noneMatch(e -> e.action().equals(
                "elevation.revocation-confirmed")); i++) {
            Thread.sleep(50);
        }
        assertThat(elevationEvents()).extracting(LedgerEvent::action).containsExactly("elevation.requested",
                "elevation.staff-approved", "elevation.customer-approved", "elevation.activated",
                "elevation.grant-used", "elevation.concluded", "elevation.revocation-confirmed");
        LedgerEvent use = elevationEvents().get(4);
        assertThat(use.actor().grantId()).isEqualTo(id);
        assertThat(use.actor().id()).isEqualTo(engineer.key().key().id());
        assertThat(use.reason()).contains("records:read", "collection customers", "SUP-4711", "troubleshooting",
                "employer the provider");
        assertThat(ledger.events()).noneMatch(e -> e.reason() != null && e.reason().contains(SECRET_TEXT));

        // The customer's view: the request with its whole history.
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/access-requests"), customer.token()))
                .andExpect(status().isOk()).andExpect(jsonPath("$[0].id").value(id))
                .andExpect(jsonPath("$[0].state").value("concluded"))
                .andExpect(jsonPath("$[0].history[*].event").value(org.hamcrest.Matchers.contains("requested",
                        "staff-approved", "customer-approved", "activated", "concluded")));
    }

    @Test
    void approveWhenTheRequesterApprovesTheirOwnRequestThenSelfApprovalRefused() throws Exception {
        accounts.grantRole(SYSTEM, engineer.account(), Roles.SECURITY_OFFICER, null);
        String both = keys.create(engineer.caller(), Set.of(Roles.SUPPORT_ENGINEER, Roles.SECURITY_OFFICER), null,
                "support and security").token();
        String id = ask("read", "PT1H");
        mvc.perform(as(post("/api/v1/access-requests/" + id + "/approval"), both)
                        .header("X-Custodia-OTP", engineer.otp()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"decision\": \"approve\"}"))
                .andExpect(problem("self-approval", 403));
        mvc.perform(as(get("/api/v1/access-requests/" + id), engineer.token()))
                .andExpect(jsonPath("$.state").value("pending-staff"));
    }

    @Test
    void approveWhenAnotherTenantsAdministratorAnswersThenForbidden() throws Exception {
        TestAdministrators.Admin stranger = TestAdministrators.createTenantAdmin(accounts, keys, clock,
                newTenant("strict"));
        String id = ask("read", "PT1H");
        mvc.perform(as(get("/api/v1/access-requests?state=pending-staff"), officer.token())).andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id").value(org.hamcrest.Matchers.hasItem(id)));
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/access-requests"), stranger.token()))
                .andExpect(problem("forbidden", 403));
        approve(id, officer, "pending-customer");
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/approval"), stranger)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"decision\": \"approve\"}"))
                .andExpect(problem("forbidden", 403));
        // Nor may the customer answer before the provider's gate, nor a denial leave anything open.
        mvc.perform(as(get("/api/v1/access-requests/" + id), engineer.token()))
                .andExpect(jsonPath("$.state").value("pending-customer"));
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/approval"), customer)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"decision\": \"deny\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("denied"));
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/activation"), engineer))
                .andExpect(problem("elevation-state", 409));
    }

    @Test
    void useWhenTheGrantHasExpiredThenRefusedAtTheNextDecision() throws Exception {
        String id = activeGrant("read", "PT1H");
        String record = records(tenant) + "/" + recordId;
        mvc.perform(as(get(record), engineer.token())).andExpect(status().isOk());
        clock.advance(Duration.ofMinutes(61));
        mvc.perform(as(get(record), engineer.token())).andExpect(problem("forbidden", 403));
        mvc.perform(as(get("/api/v1/access-requests/" + id), engineer.token()))
                .andExpect(jsonPath("$.state").value("expired"));
        assertThat(elevationEvents()).extracting(LedgerEvent::action).endsWith("elevation.expired");
    }

    @Test
    void useWhenTheAgreementEndsDuringTheGrantThenRefusedAtOnce() throws Exception {
        activeGrant("read", "PT1H");
        String record = records(tenant) + "/" + recordId;
        mvc.perform(as(get(record), engineer.token())).andExpect(status().isOk());
        agreements.end(officer.caller(), agreements.of(engineer.account()).get(0).id(), "contract-ended");
        mvc.perform(as(get(record), engineer.token())).andExpect(problem("forbidden", 403));
    }

    @Test
    void writeWhenTheGrantIsReadOnlyThenRefusedAndAWriteGrantAllowsIt() throws Exception {
        String readGrant = activeGrant("read", "PT1H");
        String document = "{\"email\": \"bob@example.test\", \"customerId\": \"C-2\"}";
        mvc.perform(as(post(records(tenant)).contentType(MediaType.APPLICATION_JSON).content(document),
                engineer.token())).andExpect(problem("forbidden", 403));
        mvc.perform(stepUp(post("/api/v1/access-requests/" + readGrant + "/revocation"), customer)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"no-longer-needed\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("revoked"));
        mvc.perform(as(get(records(tenant) + "/" + recordId), engineer.token())).andExpect(problem("forbidden", 403));

        activeGrant("write", "PT1H");
        mvc.perform(as(post(records(tenant)).contentType(MediaType.APPLICATION_JSON).content(document),
                engineer.token())).andExpect(status().isCreated());
        assertThat(elevationEvents()).extracting(LedgerEvent::action).contains("elevation.revoked");
    }

    @Test
    void activateWhenNoFreshSecondFactorThenStepUpRequired() throws Exception {
        String id = ask("read", "PT1H");
        approve(id, officer, "pending-customer");
        approve(id, customer, "approved");
        clock.advance(Duration.ofMinutes(11));
        mvc.perform(as(post("/api/v1/access-requests/" + id + "/activation"), engineer.token()))
                .andExpect(problem("step-up-required", 401));
        mvc.perform(as(get(records(tenant) + "/" + recordId), engineer.token())).andExpect(problem("forbidden", 403));
        activate(id);
    }

    @Test
    void askWhenTheStaffMemberLacksTheSupportRoleOrAnAgreementThenRefused() throws Exception {
        TestAdministrators.Admin auditor = TestAdministrators.createStaff(accounts, keys, clock,
                Roles.PLATFORM_AUDITOR);
        String body = "{\"tenant\": \"" + tenant + "\", \"ticket\": \"SUP-1\", \"reasonCode\": \"troubleshooting\","
                + " \"access\": \"read\"}";
        mvc.perform(stepUp(post("/api/v1/access-requests"), auditor).contentType(MediaType.APPLICATION_JSON)
                .content(body)).andExpect(problem("forbidden", 403));
        mvc.perform(stepUp(post("/api/v1/access-requests"), engineer).contentType(MediaType.APPLICATION_JSON)
                .content(body.replace("SUP-1", "not a ticket"))).andExpect(problem("validation", 400));

        String agreement = agreements.of(engineer.account()).get(0).id();
        agreements.end(officer.caller(), agreement, "contract-ended");
        MvcResult refused = mvc.perform(stepUp(post("/api/v1/access-requests"), engineer)
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
        assertThat(refused.getResponse().getStatus()).isIn(403, 409);
        assertThat(elevationEvents()).isEmpty();
    }
}
