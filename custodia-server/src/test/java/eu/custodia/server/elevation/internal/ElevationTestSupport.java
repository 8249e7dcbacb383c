package eu.custodia.server.elevation.internal;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
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
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * What the elevation tests share: a platform administrator, a support engineer and a security officer (each with
 * a key and a second factor), a tenant of a given profile with one customer record, a break-glass grant on it,
 * and lookups of the tenant's ledger events and alerts.
 */
abstract class ElevationTestSupport {

    static final TenantContract.Contact CONTACT = new TenantContract.Contact("Sara Conti",
            "sara@example.test", null);
    static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());
    static final String SCHEMA = """
            {"fields": {"email": {"indexed": true, "personal": true}, "customerId": {"indexed": true,
             "personal": true}}, "subjectField": "customerId"}""";
    static final String NOTE = "paged at night, the outage was real";

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
    Elevations elevations;
    @Autowired
    JdbcClient jdbc;

    MockMvc mvc;
    TestAdministrators.Admin admin;
    TestAdministrators.Admin engineer;
    TestAdministrators.Admin officer;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        admin = TestAdministrators.create(accounts, keys, clock);
        engineer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SUPPORT_ENGINEER);
        officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
    }

    /** A tenant of {@code profile} with one record in collection customers; returns its id and the record's. */
    String[] tenantWithRecord(String profile) throws Exception {
        return tenantWithRecord(profile, List.of());
    }

    /** Like {@link #tenantWithRecord(String)}, with a contract naming {@code subProcessors}. */
    String[] tenantWithRecord(String profile, List<TenantContract.SubProcessor> subProcessors) throws Exception {
        TenantId tenant = tenants.create(admin.caller(), new TenantContract("Emergenza S.r.l.", "IT12345678901", "IT",
                "SaaS", List.of(), new TenantContract.Dpa("DPA-1", LocalDate.of(2026, 1, 1)), subProcessors, profile,
                "eu-south-1", 90, 24, 14, new TenantContract.Contacts(CONTACT, CONTACT, CONTACT))).id();
        String app = keys.create(SYSTEM, Set.of(Roles.TENANT_MEMBER), tenant, "saas application").token();
        mvc.perform(as(put(collection(tenant)).contentType(MediaType.APPLICATION_JSON).content(SCHEMA), app))
                .andExpect(status().isOk());
        MvcResult created = mvc.perform(as(post(collection(tenant) + "/records").contentType(MediaType
                .APPLICATION_JSON).content("{\"email\": \"alice@example.test\", \"customerId\": \"C-1\"}"), app))
                .andExpect(status().isCreated()).andReturn();
        return new String[] {tenant.value(), JsonPath.read(created.getResponse().getContentAsString(), "$.id")};
    }

    static String collection(TenantId t) {
        return "/api/v1/tenants/" + t + "/collections/customers";
    }

    static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, String token) {
        return request.header("Authorization", "Bearer " + token);
    }

    static MockHttpServletRequestBuilder stepUp(MockHttpServletRequestBuilder request,
            TestAdministrators.Admin who) {
        return request.header("Authorization", "Bearer " + who.token()).header("X-Custodia-OTP", who.otp());
    }

    static String body(String tenant, String reasonCode) {
        return "{\"tenant\": \"" + tenant + "\", \"ticket\": \"INC-911\", \"reasonCode\": \"" + reasonCode + "\","
                + " \"reasonText\": \"database on fire\", \"access\": \"read\"}";
    }

    String breakGlass(String tenant) throws Exception {
        MvcResult result = mvc.perform(stepUp(post("/api/v1/access-requests/emergency"), engineer)
                        .contentType(MediaType.APPLICATION_JSON).content(body(tenant, "incident-response")))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("active"))
                .andExpect(jsonPath("$.emergency").value(true)).andReturn();
        return JsonPath.read(result.getResponse().getContentAsString(), "$.id");
    }

    List<LedgerEvent> events(String tenant, String action) {
        return ledger.events().stream().filter(e -> e.tenant() != null && tenant.equals(e.tenant().value())
                && action.equals(e.action())).toList();
    }

    /** Waits (alerts are written off the committing thread) for the alert about {@code subject}. */
    Map<String, Object> awaitAlert(String subject) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            List<Map<String, Object>> found = jdbc.sql("SELECT kind, severity, detail FROM security_alerts"
                    + " WHERE subject = ?").param(subject).query().listOfRows();
            if (!found.isEmpty()) {
                return found.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no alert was raised about " + subject);
            }
            Thread.sleep(50);
        }
    }
}
