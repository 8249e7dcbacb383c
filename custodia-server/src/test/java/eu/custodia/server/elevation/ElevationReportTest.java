package eu.custodia.server.elevation;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
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
 * The per-tenant, per-period access report: two grants driven through the real flow (one concluded after 30
 * minutes, one left to expire after its hour) and one request denied at the staff gate; the report counts
 * them, gives the durations and 100% ended on time, in JSON and as text in English and Italian. Another
 * tenant's administrator is refused; malformed dates and over-long periods are 400.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
class ElevationReportTest {

    private static final TenantContract.Contact CONTACT = new TenantContract.Contact("Sara Conti",
            "sara@example.test", null);

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

    MockMvc mvc;
    TestAdministrators.Admin admin;
    TestAdministrators.Admin engineer;
    TestAdministrators.Admin officer;
    TenantId tenant;
    TestAdministrators.Admin customer;
    LocalDate day;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        admin = TestAdministrators.create(accounts, keys, clock);
        engineer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SUPPORT_ENGINEER);
        officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
        tenant = newTenant();
        customer = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant);
        day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private TenantId newTenant() {
        return tenants.create(admin.caller(), new TenantContract("Report S.r.l.", "IT12345678901", "IT", "SaaS",
                List.of(), new TenantContract.Dpa("DPA-1", LocalDate.of(2026, 1, 1)), List.of(), "strict",
                "eu-south-1", 90, 24, 14, new TenantContract.Contacts(CONTACT, CONTACT, CONTACT))).id();
    }

    private static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, String token) {
        return request.header("Authorization", "Bearer " + token);
    }

    private static MockHttpServletRequestBuilder stepUp(MockHttpServletRequestBuilder request,
            TestAdministrators.Admin who) {
        return request.header("Authorization", "Bearer " + who.token()).header("X-Custodia-OTP", who.otp());
    }

    private String ask(String duration) throws Exception {
        MvcResult result = mvc.perform(stepUp(post("/api/v1/access-requests"), engineer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tenant\": \"" + tenant + "\", \"ticket\": \"SUP-4711\", \"reasonCode\":"
                                + " \"troubleshooting\", \"access\": \"read\", \"duration\": \"" + duration + "\"}"))
                .andExpect(status().isCreated()).andReturn();
        return JsonPath.read(result.getResponse().getContentAsString(), "$.id");
    }

    private void answer(String id, TestAdministrators.Admin who, String decision, String expectedState)
            throws Exception {
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/approval"), who)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"decision\": \"" + decision + "\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value(expectedState));
    }

    private String activeGrant(String duration) throws Exception {
        String id = ask(duration);
        answer(id, officer, "approve", "pending-customer");
        answer(id, customer, "approve", "approved");
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/activation"), engineer))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("active"));
        return id;
    }

    private String report(String query) {
        return "/api/v1/tenants/" + tenant + "/access-report" + query;
    }

    private String period() {
        return "?from=" + day.minusDays(1) + "&to=" + day.plusDays(1);
    }

    /** One request denied at the staff gate, one grant concluded after 30 minutes, one expired after 60. */
    private void drive() throws Exception {
        answer(ask("PT1H"), officer, "deny", "denied");
        String concluded = activeGrant("PT2H");
        clock.advance(Duration.ofMinutes(30));
        mvc.perform(as(post("/api/v1/access-requests/" + concluded + "/conclusion"), engineer.token()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("concluded"));
        activeGrant("PT1H");
        clock.advance(Duration.ofMinutes(75));
    }

    @Test
    void reportWhenTwoGrantsEndedAndOneRequestWasDeniedThenCountsDurationsAndAllOnTime() throws Exception {
        drive();
        mvc.perform(as(get(report(period())), customer.token())).andExpect(status().isOk())
                .andExpect(jsonPath("$.tenant").value(tenant.value()))
                .andExpect(jsonPath("$.from").value(day.minusDays(1).toString()))
                .andExpect(jsonPath("$.to").value(day.plusDays(1).toString()))
                .andExpect(jsonPath("$.requests").value(3))
                .andExpect(jsonPath("$.staffApprovals").value(2))
                .andExpect(jsonPath("$.customerApprovals").value(2))
                .andExpect(jsonPath("$.denials.staff").value(1))
                .andExpect(jsonPath("$.denials.customer").value(0))
                .andExpect(jsonPath("$.activations").value(2))
                .andExpect(jsonPath("$.emergencyUses").value(0))
                .andExpect(jsonPath("$.ended.concluded").value(1))
                .andExpect(jsonPath("$.ended.revoked").value(0))
                .andExpect(jsonPath("$.ended.ticketClosed").value(0))
                .andExpect(jsonPath("$.ended.expired").value(1))
                .andExpect(jsonPath("$.durations.count").value(2))
                .andExpect(jsonPath("$.durations.medianMinutes").value(45.0))
                .andExpect(jsonPath("$.durations.maxMinutes").value(60.0))
                .andExpect(jsonPath("$.revokedOnTime.onTime").value(2))
                .andExpect(jsonPath("$.revokedOnTime.late").value(0))
                .andExpect(jsonPath("$.revokedOnTime.percentOnTime").value(100.0))
                .andExpect(jsonPath("$.notes[0]").value(org.hamcrest.Matchers.containsString("emergency")));
        // A security officer of the provider reads it too; a period before everything counts nothing.
        mvc.perform(as(get(report("?from=2020-01-01&to=2020-01-31")), officer.token())).andExpect(status().isOk())
                .andExpect(jsonPath("$.requests").value(0))
                .andExpect(jsonPath("$.durations.count").value(0))
                .andExpect(jsonPath("$.revokedOnTime.percentOnTime").value(100.0));
    }

    @Test
    void reportWhenNoPeriodIsGivenThenTheCurrentMonth() throws Exception {
        mvc.perform(as(get(report("")), customer.token())).andExpect(status().isOk())
                .andExpect(jsonPath("$.from").value(day.withDayOfMonth(1).toString()))
                .andExpect(jsonPath("$.to").value(day.withDayOfMonth(day.lengthOfMonth()).toString()));
    }

    @Test
    void reportWhenAsTextThenEnglishItalianOrBoth() throws Exception {
        drive();
        String both = mvc.perform(as(get(report(period())), customer.token()).accept(MediaType.TEXT_PLAIN))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(both).contains("Staff access report", "Rapporto sugli accessi del personale",
                "Ended on time: 100.0% (2, late 0)", "Terminati in tempo: 100.0% (2, in ritardo 0)",
                "Requests: 3", "Richieste: 3", "median 45.0, max 60.0", "mediana 45.0, massimo 60.0");
        String it = mvc.perform(as(get(report(period() + "&lang=it")), customer.token()).accept(MediaType.TEXT_PLAIN))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(it).contains("Accessi terminati: 2; conclusi 1, revocati 0, ticket chiuso 0, scaduti 1")
                .doesNotContain("Staff access report");
        String en = mvc.perform(as(get(report(period() + "&lang=en")), customer.token()).accept(MediaType.TEXT_PLAIN))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(en).contains("Denials: at the staff gate 1, at the customer gate 0")
                .doesNotContain("Rapporto");
        mvc.perform(as(get(report(period() + "&lang=fr")), customer.token()).accept(MediaType.TEXT_PLAIN))
                .andExpect(problem("validation", 400));
    }

    @Test
    void reportWhenAnotherTenantsAdministratorAsksThenForbidden() throws Exception {
        TestAdministrators.Admin stranger = TestAdministrators.createTenantAdmin(accounts, keys, clock, newTenant());
        mvc.perform(as(get(report(period())), stranger.token())).andExpect(problem("forbidden", 403));
        mvc.perform(as(get(report(period())), engineer.token())).andExpect(problem("forbidden", 403));
    }

    @Test
    void reportWhenTheDatesAreMalformedOrThePeriodTooLongThenBadRequest() throws Exception {
        mvc.perform(as(get(report("?from=2026-13-01&to=2026-12-31")), customer.token()))
                .andExpect(problem("validation", 400));
        mvc.perform(as(get(report("?from=yesterday")), customer.token())).andExpect(problem("validation", 400));
        mvc.perform(as(get(report("?from=2025-01-01&to=2026-01-02")), customer.token()))
                .andExpect(problem("validation", 400));
        mvc.perform(as(get(report("?from=2026-11-30&to=2026-11-01")), customer.token()))
                .andExpect(problem("validation", 400));
        mvc.perform(as(get(report("?from=2025-01-01&to=2026-01-01")), customer.token())).andExpect(status().isOk());
    }
}
