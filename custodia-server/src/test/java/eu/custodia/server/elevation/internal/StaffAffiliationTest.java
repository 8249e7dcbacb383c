package eu.custodia.server.elevation.internal;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.testing.CustodiaTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Who reached the data, for whom they work and from where: a security officer records a staff member's employer
 * (the provider or a sub-processor) and country; each use of a grant names them; and a sub-processor's staff
 * member gets no access to a tenant whose contract does not name that sub-processor.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
class StaffAffiliationTest extends ElevationTestSupport {

    private static final String ACME = "Acme Support S.r.l.";

    private ResultActions setAffiliation(String account, TestAdministrators.Admin who, String json) throws Exception {
        return mvc.perform(stepUp(put("/api/v1/staff/" + account + "/affiliation"), who)
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    @Test
    void affiliationWhenSetBySecurityOfficerThenNamedInEveryUseAndOnlyTenantsNamingTheSubProcessorAreReachable()
            throws Exception {
        String[] unnamed = tenantWithRecord("baseline");
        String[] named = tenantWithRecord("baseline", List.of(new TenantContract.SubProcessor(ACME,
                "second-line support", "RO")));
        TestAdministrators.Admin customer = TestAdministrators.createTenantAdmin(accounts, keys, clock,
                new TenantId(named[0]));
        mvc.perform(as(get("/api/v1/staff/" + engineer.account() + "/affiliation"), engineer.token()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.subProcessor").value(false))
                .andExpect(jsonPath("$.employer").value("the provider"));

        String acme = "{\"employer\": \"" + ACME + "\", \"country\": \"RO\"}";
        setAffiliation(engineer.account(), engineer, acme).andExpect(status().isForbidden());
        setAffiliation(engineer.account(), customer, acme).andExpect(status().isForbidden());
        setAffiliation(engineer.account(), officer, "{\"employer\": \"" + ACME + "\", \"country\": \"Romania\"}")
                .andExpect(problem("validation", 400));
        setAffiliation(engineer.account(), officer, "{\"country\": \"RO\"}").andExpect(problem("validation", 400));
        setAffiliation("acc-nosuchaccount0000", officer, acme).andExpect(problem("not-found", 404));
        setAffiliation(engineer.account(), officer, acme).andExpect(status().isOk())
                .andExpect(jsonPath("$.subProcessor").value(true)).andExpect(jsonPath("$.country").value("RO"));
        assertThat(ledger.events()).filteredOn(e -> e.action().equals("elevation.affiliation-set")).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains(ACME, "RO"));

        // Not named by the first tenant's contract: refused, nothing granted.
        mvc.perform(stepUp(post("/api/v1/access-requests/emergency"), engineer).contentType(MediaType.APPLICATION_JSON)
                .content(body(unnamed[0], "incident-response"))).andExpect(problem("sub-processor-not-named", 403));
        mvc.perform(stepUp(post("/api/v1/access-requests"), engineer).contentType(MediaType.APPLICATION_JSON)
                .content(body(unnamed[0], "troubleshooting"))).andExpect(problem("sub-processor-not-named", 403));
        // Named by the second: each use says who and from where.
        String id = breakGlass(named[0]);
        mvc.perform(as(get(collection(new TenantId(named[0])) + "/records/" + named[1]), engineer.token()))
                .andExpect(status().isOk());
        assertThat(events(named[0], "elevation.grant-used")).singleElement().satisfies(e -> {
            assertThat(e.actor().grantId()).isEqualTo(id);
            assertThat(e.reason()).contains("employer " + ACME, "country RO");
        });
    }
}
