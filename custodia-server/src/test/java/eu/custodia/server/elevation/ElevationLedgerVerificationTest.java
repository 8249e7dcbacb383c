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
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.ledger.LedgerKeys;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TestTenants;
import eu.custodia.server.testing.TestDatabase;
import eu.custodia.tlog.verify.VerifyCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The end-to-end promise, checked the way the customer would: request, staff approval, customer
 * approval, activation with a fresh factor, a use, "concluded", the next use refused; then the tenant's whole
 * ledger, served over HTTPS, verifies with {@code custodia-verify log} and holds every event of the story.
 */
@Tag("store")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
class ElevationLedgerVerificationTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

    @LocalServerPort
    int port;
    @Value("${custodia.data-dir}")
    Path dataDir;
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
    RecordingLedger ledger;
    @Autowired
    LedgerKeys ledgerKeys;

    private static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, String token) {
        return request.header("Authorization", "Bearer " + token);
    }

    private static MockHttpServletRequestBuilder stepUp(MockHttpServletRequestBuilder request,
            TestAdministrators.Admin who) {
        return as(request, who.token()).header("X-Custodia-OTP", who.otp());
    }

    @Test
    void storyWhenWalkedEndToEndThenTheTenantsLedgerVerifiesWithCustodiaVerifyAndTellsIt() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        TestAdministrators.Admin engineer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SUPPORT_ENGINEER);
        TestAdministrators.Admin officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
        TenantId tenant = TestTenants.create(tenants, admin.caller(), "Verified S.r.l.", "strict");
        TestAdministrators.Admin customer = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant);
        String app = keys.create(SYSTEM, Set.of(Roles.TENANT_MEMBER), tenant, "saas application").token();
        String collection = "/api/v1/tenants/" + tenant + "/collections/tickets";
        mvc.perform(as(put(collection).contentType(MediaType.APPLICATION_JSON).content("{\"fields\": {}}"), app))
                .andExpect(status().isOk());
        mvc.perform(as(put(collection + "/records/t1").contentType(MediaType.APPLICATION_JSON)
                .content("{\"subject\": \"printer on fire\"}"), app)).andExpect(status().isCreated());
        String record = collection + "/records/t1";

        MvcResult asked = mvc.perform(stepUp(post("/api/v1/access-requests"), engineer)
                .contentType(MediaType.APPLICATION_JSON).content("{\"tenant\": \"" + tenant + "\", \"ticket\": "
                        + "\"SUP-1\", \"reasonCode\": \"customer-requested-support\", \"reasonText\": \"asked by phone\","
                        + " \"access\": \"read\", \"collections\": [\"tickets\"], \"duration\": \"PT1H\"}"))
                .andExpect(status().isCreated()).andReturn();
        String id = JsonPath.read(asked.getResponse().getContentAsString(), "$.id");
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/approval"), officer)
                .contentType(MediaType.APPLICATION_JSON).content("{\"decision\": \"approve\"}"))
                .andExpect(jsonPath("$.state").value("pending-customer"));
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/approval"), customer)
                .contentType(MediaType.APPLICATION_JSON).content("{\"decision\": \"approve\"}"))
                .andExpect(jsonPath("$.state").value("approved"));
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/activation"), engineer))
                .andExpect(jsonPath("$.state").value("active"));
        mvc.perform(as(get(record), engineer.token())).andExpect(status().isOk());
        mvc.perform(as(post("/api/v1/access-requests/" + id + "/conclusion"), engineer.token()))
                .andExpect(jsonPath("$.state").value("concluded"));
        mvc.perform(as(get(record), engineer.token())).andExpect(problem("forbidden", 403));

        List<String> story = List.of();
        for (int i = 0; i < 200 && !story.contains("elevation.revocation-confirmed"); i++) {
            Thread.sleep(50);
            story = ledger.events().stream().filter(e -> tenant.equals(e.tenant()))
                    .map(e -> e.action()).filter(a -> a.startsWith("elevation.")).toList();
        }
        assertThat(story).containsExactly("elevation.requested", "elevation.staff-approved",
                "elevation.customer-approved", "elevation.activated", "elevation.grant-used", "elevation.concluded",
                "elevation.revocation-confirmed");
        long entries = ledger.events().stream().filter(e -> tenant.equals(e.tenant())).count();

        // The customer verifies its own log, offline-style, with its own read key.
        String reader = keys.create(SYSTEM, Set.of(Roles.TENANT_LEDGER_READER), tenant, "customer's verifier").token();
        List<String> args = List.of("log", "https://localhost:" + port + "/logs/" + tenant, "--key",
                ledgerKeys.verifierKeyText(), "--token", reader, "--ca", dataDir.resolve("tls/localhost.crt").toString());
        String output = "";
        for (int i = 0; i < 100 && !output.contains("Log verified: " + entries + " entries"); i++) {
            Thread.sleep(100);
            output = verify(args);
        }
        assertThat(output).contains("Log verified: " + entries + " entries");
    }

    private static String verify(List<String> args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        new VerifyCommand(Map.of("CUSTODIA_LANG", "en"), out, out).run(args);
        return sink.toString(StandardCharsets.UTF_8);
    }
}
