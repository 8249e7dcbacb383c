package eu.custodia.server.elevation.internal;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.testing.CustodiaTest;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/**
 * A tenant's own access policy: its defaults come from its profile; only one of its administrators changes it
 * (not another tenant's, not the provider's staff), within bounds (at most 24 hours), ledgered; and what it says
 * is what the flow does: the longest window a request may ask, the default window, the customer's approval gate
 * and break-glass.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
class TenantAccessPolicyTest extends ElevationTestSupport {

    private ResultActions setPolicy(String tenant, TestAdministrators.Admin who, String json) throws Exception {
        return mvc.perform(stepUp(put("/api/v1/tenants/" + tenant + "/access-policy"), who)
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private ResultActions ask(String tenant, String access, String duration) throws Exception {
        return mvc.perform(stepUp(post("/api/v1/access-requests"), engineer).contentType(MediaType.APPLICATION_JSON)
                .content("{\"tenant\": \"" + tenant + "\", \"ticket\": \"SUP-77\", \"reasonCode\": \"troubleshooting\","
                        + " \"access\": \"" + access + "\"" + (duration == null ? "" : ", \"duration\": \"" + duration
                        + "\"") + "}"));
    }

    @Test
    void policyWhenNoneSetThenTheProfileDefaultsAndOnlyTheTenantsOwnAdministratorChangesIt() throws Exception {
        String[] t = tenantWithRecord("strict");
        String[] other = tenantWithRecord("baseline");
        TestAdministrators.Admin customer = TestAdministrators.createTenantAdmin(accounts, keys, clock,
                new TenantId(t[0]));
        TestAdministrators.Admin stranger = TestAdministrators.createTenantAdmin(accounts, keys, clock,
                new TenantId(other[0]));

        mvc.perform(as(get("/api/v1/tenants/" + t[0] + "/access-policy"), customer.token()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.source").value("profile:strict"))
                .andExpect(jsonPath("$.customerApproval").value("always"))
                .andExpect(jsonPath("$.breakGlass").value("forbidden"));

        String change = "{\"maxDuration\": \"PT24H\", \"breakGlass\": \"allowed\"}";
        setPolicy(t[0], stranger, change).andExpect(status().isForbidden());
        setPolicy(t[0], officer, change).andExpect(problem("forbidden", 403));
        setPolicy(t[0], engineer, change).andExpect(status().isForbidden());
        setPolicy(t[0], customer, "{\"maxDuration\": \"PT25H\"}").andExpect(problem("validation", 400));
        setPolicy(t[0], customer, "{\"maxDuration\": \"soon\"}").andExpect(problem("validation", 400));
        setPolicy(t[0], customer, "{\"customerApproval\": \"sometimes\"}").andExpect(problem("validation", 400));
        setPolicy(t[0], customer, "{\"breakGlass\": \"maybe\"}").andExpect(problem("validation", 400));
        assertThat(events(t[0], "elevation.policy-changed")).isEmpty();

        setPolicy(t[0], customer, change).andExpect(status().isOk()).andExpect(jsonPath("$.source").value("tenant"))
                .andExpect(jsonPath("$.customerApproval").value("always"))
                .andExpect(jsonPath("$.breakGlass").value("allowed"));
        assertThat(events(t[0], "elevation.policy-changed")).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("max duration PT24H", "break-glass allowed"));

        // What the policy says, the flow does: 20 hours may be asked now, 25 never; break-glass is open.
        ask(t[0], "read", "PT20H").andExpect(status().isCreated());
        ask(t[0], "read", "PT25H").andExpect(problem("validation", 400));
        breakGlass(t[0]);
    }

    @Test
    void requestWhenTheTenantShortensTheWindowOrDropsItsGateThenTheFlowFollows() throws Exception {
        String[] t = tenantWithRecord("strict");
        TestAdministrators.Admin customer = TestAdministrators.createTenantAdmin(accounts, keys, clock,
                new TenantId(t[0]));
        setPolicy(t[0], customer, "{\"maxDuration\": \"PT2H\", \"customerApproval\": \"write\"}")
                .andExpect(status().isOk());

        ask(t[0], "read", "PT3H").andExpect(problem("validation", 400));
        String body = ask(t[0], "read", null).andExpect(status().isCreated())
                .andExpect(jsonPath("$.duration").value("PT2H"))
                .andExpect(jsonPath("$.customerApprovalRequired").value(false))
                .andReturn().getResponse().getContentAsString();
        String id = JsonPath.read(body, "$.id");
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/approval"), officer)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"decision\": \"approve\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("approved"));
        ask(t[0], "write", null).andExpect(status().isCreated())
                .andExpect(jsonPath("$.customerApprovalRequired").value(true));
    }
}
