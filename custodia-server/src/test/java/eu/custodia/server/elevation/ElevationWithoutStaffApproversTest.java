package eu.custodia.server.elevation;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** With no staff approvers configured, no access request can ever be approved: it stays pending-staff. */
@CustodiaTest
@TestPropertySource(properties = "custodia.elevation.staff-approvals=0")
class ElevationWithoutStaffApproversTest {

    private static final TenantContract.Contact CONTACT = new TenantContract.Contact("Sara Conti",
            "sara@example.test", null);

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

    @Test
    void approveWhenZeroStaffApproversAreConfiguredThenNeverApproved() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        TestAdministrators.Admin engineer = TestAdministrators.createStaff(accounts, keys, clock,
                Roles.SUPPORT_ENGINEER);
        TestAdministrators.Admin officer = TestAdministrators.createStaff(accounts, keys, clock,
                Roles.SECURITY_OFFICER);
        TenantId tenant = tenants.create(admin.caller(), new TenantContract("Baseline S.r.l.", "IT12345678901", "IT",
                "SaaS", List.of(), new TenantContract.Dpa("DPA-1", LocalDate.of(2026, 1, 1)), List.of(), "baseline",
                "eu-south-1", 90, 24, 14, new TenantContract.Contacts(CONTACT, CONTACT, CONTACT))).id();
        MvcResult asked = mvc.perform(post("/api/v1/access-requests").header("Authorization", "Bearer "
                        + engineer.token()).header("X-Custodia-OTP", engineer.otp())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"tenant\": \"" + tenant + "\", \"ticket\":"
                                + " \"SUP-9\", \"reasonCode\": \"incident-response\", \"access\": \"read\"}"))
                .andExpect(status().isCreated()).andReturn();
        String id = JsonPath.read(asked.getResponse().getContentAsString(), "$.id");
        mvc.perform(post("/api/v1/access-requests/" + id + "/approval").header("Authorization", "Bearer "
                        + officer.token()).header("X-Custodia-OTP", officer.otp())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"decision\": \"approve\"}"))
                .andExpect(problem("elevation-approvals-disabled", 409));
        mvc.perform(post("/api/v1/access-requests/" + id + "/activation").header("Authorization", "Bearer "
                        + engineer.token()).header("X-Custodia-OTP", engineer.otp()))
                .andExpect(problem("elevation-state", 409));
        mvc.perform(get("/api/v1/access-requests/" + id).header("Authorization", "Bearer " + engineer.token()))
                .andExpect(jsonPath("$.state").value("pending-staff"));
    }
}
