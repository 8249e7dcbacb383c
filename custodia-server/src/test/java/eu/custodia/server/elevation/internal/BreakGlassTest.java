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
 * Emergency break-glass access end to end: where the tenant's policy allows it (baseline by default) a support
 * engineer's incident-response request is active at once, marked emergency, its use ledgered and the customer
 * told in the tenant's log; where it forbids it (strict by default) it is refused and nothing is granted. The
 * post-hoc review: never by the requester, once by another security officer; when none is given within 24 hours
 * the overdue event is ledgered once and raises a high alert.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
class BreakGlassTest extends ElevationTestSupport {

    @Test
    void breakGlassWhenTheBaselinePolicyAllowsItThenActiveAtOnceUsedLedgeredAndShownAsEmergency() throws Exception {
        String[] t = tenantWithRecord("baseline");
        String record = collection(new TenantId(t[0])) + "/records/" + t[1];
        mvc.perform(as(get(record), engineer.token())).andExpect(problem("forbidden", 403));
        mvc.perform(stepUp(post("/api/v1/access-requests/emergency"), engineer).contentType(MediaType.APPLICATION_JSON)
                .content(body(t[0], "troubleshooting"))).andExpect(problem("validation", 400));
        mvc.perform(stepUp(post("/api/v1/access-requests/emergency"), engineer).contentType(MediaType.APPLICATION_JSON)
                .content(body(t[0], "incident-response").replace("\"read\"", "\"read\", \"duration\": \"PT2H\"")))
                .andExpect(problem("validation", 400));

        String id = breakGlass(t[0]);
        mvc.perform(as(get(record), engineer.token())).andExpect(status().isOk())
                .andExpect(jsonPath("$.email").value("alice@example.test"));

        List<LedgerEvent> told = events(t[0], "elevation.break-glass-activated");
        assertThat(told).hasSize(1);
        assertThat(told.get(0).target()).isEqualTo("access-request/" + id);
        assertThat(told.get(0).reason()).contains("INC-911", "incident-response").doesNotContain("database on fire");
        assertThat(events(t[0], "elevation.grant-used")).singleElement()
                .satisfies(e -> assertThat(e.actor().grantId()).isEqualTo(id));

        TestAdministrators.Admin customer = TestAdministrators.createTenantAdmin(accounts, keys, clock,
                new TenantId(t[0]));
        mvc.perform(as(get("/api/v1/tenants/" + t[0] + "/access-requests"), customer.token()))
                .andExpect(status().isOk()).andExpect(jsonPath("$[0].id").value(id))
                .andExpect(jsonPath("$[0].emergency").value(true)).andExpect(jsonPath("$[0].state").value("active"))
                .andExpect(jsonPath("$[0].history[0].event").value("break-glass-activated"));
        // The customer's access report counts the emergency use.
        mvc.perform(as(get("/api/v1/tenants/" + t[0] + "/access-report"), customer.token()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.emergencyUses").value(1));
        // Capped at one hour by default.
        clock.advance(Duration.ofMinutes(61));
        mvc.perform(as(get(record), engineer.token())).andExpect(problem("forbidden", 403));
    }

    @Test
    void breakGlassWhenTheStrictPolicyForbidsItThenRefusedLedgeredAndNothingGranted() throws Exception {
        String[] t = tenantWithRecord("strict");
        mvc.perform(stepUp(post("/api/v1/access-requests/emergency"), engineer).contentType(MediaType.APPLICATION_JSON)
                .content(body(t[0], "incident-response"))).andExpect(problem("break-glass-forbidden", 403));

        mvc.perform(as(get(collection(new TenantId(t[0])) + "/records/" + t[1]), engineer.token()))
                .andExpect(problem("forbidden", 403));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM elevation_requests WHERE tenant_id = ?").param(t[0])
                .query(Long.class).single()).isZero();
        assertThat(events(t[0], "elevation.break-glass-refused")).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("denied"));
        assertThat(events(t[0], "elevation.break-glass-activated")).isEmpty();
    }

    @Test
    void reviewWhenTheRequesterReviewsThenSelfApprovalAndAnotherOfficerIsAcceptedOnce() throws Exception {
        String[] t = tenantWithRecord("baseline");
        String id = breakGlass(t[0]);
        accounts.grantRole(SYSTEM, engineer.account(), Roles.SECURITY_OFFICER, null);
        String both = keys.create(engineer.caller(), Set.of(Roles.SUPPORT_ENGINEER, Roles.SECURITY_OFFICER), null,
                "support and security").token();
        String review = "{\"outcome\": \"justified\", \"note\": \"" + NOTE + "\"}";
        mvc.perform(as(post("/api/v1/access-requests/" + id + "/review"), both).header("X-Custodia-OTP",
                engineer.otp()).contentType(MediaType.APPLICATION_JSON).content(review))
                .andExpect(problem("self-approval", 403));

        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/review"), officer)
                        .contentType(MediaType.APPLICATION_JSON).content(review))
                .andExpect(status().isOk()).andExpect(jsonPath("$.review.outcome").value("justified"))
                .andExpect(jsonPath("$.review.reviewer").isNotEmpty())
                .andExpect(jsonPath("$.review.note").value(NOTE));
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/review"), officer)
                        .contentType(MediaType.APPLICATION_JSON).content(review))
                .andExpect(problem("conflict", 409));

        assertThat(events(t[0], "elevation.break-glass-reviewed")).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("outcome justified"));
        assertThat(ledger.events()).noneMatch(e -> e.reason() != null && e.reason().contains(NOTE));
        // Reviewed in time: never overdue.
        clock.advance(Duration.ofHours(25));
        elevations.reportOverdueReviews();
        assertThat(events(t[0], "elevation.break-glass-review-overdue")).isEmpty();
    }

    @Test
    void reviewWhenNoneWithin24HoursThenTheOverdueEventOnceAndAHighAlert() throws Exception {
        String[] t = tenantWithRecord("baseline");
        String id = breakGlass(t[0]);
        clock.advance(Duration.ofHours(23));
        elevations.reportOverdueReviews();
        assertThat(events(t[0], "elevation.break-glass-review-overdue")).isEmpty();

        clock.advance(Duration.ofHours(1));
        elevations.reportOverdueReviews();
        elevations.reportOverdueReviews();
        assertThat(events(t[0], "elevation.break-glass-review-overdue")).singleElement()
                .satisfies(e -> assertThat(e.target()).isEqualTo("access-request/" + id));
        Map<String, Object> alert = awaitAlert("access-request/" + id);
        assertThat(alert).containsEntry("kind", "break-glass-review-overdue").containsEntry("severity", "high");

        // A late review is still taken, and says it was late.
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/review"), officer)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"outcome\": \"unjustified\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.review.outcome").value("unjustified"));
        assertThat(events(t[0], "elevation.break-glass-reviewed")).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("outcome unjustified", "late"));
    }
}
