package eu.custodia.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.RequestIds;
import eu.custodia.server.testing.CustodiaTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every response carries a fresh request id, every problem quotes it, and every ledger event the request
 * causes records it: the link between what a client saw and what the ledger proves. The integrator is
 * paused, so the request's events are still in {@code ledger_pending}, exactly as the request wrote them.
 */
@CustodiaTest
@AutoConfigureMockMvc
@TestPropertySource(properties = {"custodia.ledger.integrate-interval-ms=86400000",
        "custodia.test.context=request-ids"})
class RequestIdTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    Clock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    TestAdministrators.Admin admin;

    @BeforeEach
    void setUp() {
        admin = TestAdministrators.create(accounts, keys, clock);
    }

    @Test
    void everyResponseWhenServedThenFreshRequestIdAndAClientSuppliedOneIsNeverAdopted() throws Exception {
        String forged = "req-" + "0".repeat(32);
        String first = mvc.perform(get("/actuator/health").header(RequestIds.HEADER, forged)).andReturn()
                .getResponse().getHeader(RequestIds.HEADER);
        String second = mvc.perform(get("/actuator/health")).andReturn().getResponse().getHeader(RequestIds.HEADER);

        assertThat(first).matches(RequestIds.FORMAT).isNotEqualTo(forged);
        assertThat(second).matches(RequestIds.FORMAT).isNotEqualTo(first);
        assertThat(RequestIds.current()).as("nothing leaks to the thread after the request").isNull();
    }

    @Test
    void problemWhenRefusedBySecurityOrByTheApiThenItQuotesTheResponsesRequestId() throws Exception {
        MvcResult unauthenticated = mvc.perform(get("/api/v1/tenants")).andReturn();
        MvcResult malformed = mvc.perform(post("/api/v1/tenants").header("Authorization", "Bearer " + admin.token())
                .contentType(MediaType.APPLICATION_JSON).content("{not json")).andReturn();
        MvcResult missing = mvc.perform(get("/api/v1/tenants/t-" + "a".repeat(26))
                .header("Authorization", "Bearer " + admin.token())).andReturn();

        for (MvcResult r : List.of(unauthenticated, malformed, missing)) {
            assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
            JsonNode problem = json.readTree(r.getResponse().getContentAsString());
            assertThat(problem.path("requestId").asString())
                    .as("problem %s", problem.path("type").asString())
                    .matches(RequestIds.FORMAT).isEqualTo(r.getResponse().getHeader(RequestIds.HEADER));
        }
        assertThat(unauthenticated.getResponse().getStatus()).isEqualTo(401);
        assertThat(malformed.getResponse().getStatus()).isEqualTo(400);
        assertThat(missing.getResponse().getStatus()).isIn(403, 404);
    }

    @Test
    void ledgerEventsWhenCausedByARequestThenTheyCarryItsIdAndNoOtherRequestsEventsDo() throws Exception {
        MvcResult created = mvc.perform(post("/api/v1/tenants").header("Authorization", "Bearer " + admin.token())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(TenancyApi.contract())))
                .andReturn();
        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        String requestId = created.getResponse().getHeader(RequestIds.HEADER);
        String tenant = json.readTree(created.getResponse().getContentAsString()).path("id").asString();

        List<JsonNode> tenantEvents = pending().stream().filter(e -> tenant.equals(e.path("tenant").asString()))
                .toList();
        assertThat(tenantEvents).extracting(e -> e.path("action").asString()).contains("tenant.created");
        assertThat(tenantEvents).allSatisfy(e -> assertThat(e.path("requestId").asString()).isEqualTo(requestId));

        String other = mvc.perform(get("/api/v1/tenants/" + tenant).header("Authorization", "Bearer " + admin.token()))
                .andReturn().getResponse().getHeader(RequestIds.HEADER);
        assertThat(pending().stream().map(e -> e.path("requestId").asString())).doesNotContain(other);
    }

    @Test
    void decisionWhenAWriteIsAllowedThenRecordedInTheChangesTransactionAndNotWhenTheChangeFails() throws Exception {
        MvcResult created = mvc.perform(post("/api/v1/tenants").header("Authorization", "Bearer " + admin.token())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(TenancyApi.contract())))
                .andReturn();
        String tenant = json.readTree(created.getResponse().getContentAsString()).path("id").asString();
        tools.jackson.databind.node.ObjectNode changed = json.valueToTree(TenancyApi.contract());
        changed.put("retentionDays", 30);

        MvcResult updated = mvc.perform(put("/api/v1/tenants/" + tenant).header("Authorization", "Bearer " + admin.token())
                .header("If-Match", "\"1\"").contentType(MediaType.APPLICATION_JSON).content(changed.toString()))
                .andReturn();
        MvcResult stale = mvc.perform(put("/api/v1/tenants/" + tenant).header("Authorization", "Bearer " + admin.token())
                .header("If-Match", "\"1\"").contentType(MediaType.APPLICATION_JSON).content(changed.toString()))
                .andReturn();

        assertThat(updated.getResponse().getStatus()).isEqualTo(200);
        assertThat(stale.getResponse().getStatus()).isEqualTo(412);
        String ok = updated.getResponse().getHeader(RequestIds.HEADER);
        assertThat(pending().stream().filter(e -> ok.equals(e.path("requestId").asString()))
                .map(e -> e.path("action").asString())).containsExactly("access.allowed", "tenant.contract-updated");
        String refused = stale.getResponse().getHeader(RequestIds.HEADER);
        assertThat(pending().stream().filter(e -> refused.equals(e.path("requestId").asString())))
                .as("an allowed decision whose change failed leaves no record").isEmpty();
        if ("postgresql".equals(System.getProperty("custodia.test.store"))) {
            // One transaction: both rows carry the same transaction id.
            assertThat(jdbc.sql("SELECT count(DISTINCT xmin::text) FROM ledger_pending WHERE convert_from(substring(entry"
                    + " from 2), 'UTF8') LIKE ?").param("%" + ok + "%").query(Long.class).single()).isEqualTo(1L);
        }
    }

    private List<JsonNode> pending() {
        return jdbc.sql("SELECT entry FROM ledger_pending ORDER BY id").query((rs, n) -> rs.getBytes(1)).list().stream()
                .map(entry -> json.readTree(new String(Arrays.copyOfRange(entry, 1, entry.length),
                        StandardCharsets.UTF_8)))
                .toList();
    }
}
