package eu.custodia.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.testing.CustodiaTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The lifecycle state machine, its history, and optimistic concurrency on updates. */
@CustodiaTest
@AutoConfigureMockMvc
@Import(TenancyTestConfiguration.class)
class TenantLifecycleTest extends TenancyApi {

    /** How to reach each state from a new tenant along legal transitions. */
    private static final Map<String, String[]> PATH = Map.of(
            "provisioning", new String[] {},
            "active", new String[] {"active"},
            "suspended", new String[] {"active", "suspended"},
            "terminated", new String[] {"active", "terminated"});

    private static final Map<String, List<String>> LEGAL = Map.of(
            "provisioning", List.of("active"),
            "active", List.of("suspended", "terminated"),
            "suspended", List.of("active", "terminated"),
            "terminated", List.of());

    @Test
    void transitionWhenLegalPathThenEachStepInHistoryAndLedgerWithActorAndReason() throws Exception {
        String id = createTenant();
        String[][] steps = {{"active", "tenant.activated"}, {"suspended", "tenant.suspended"},
                {"active", "tenant.reactivated"}, {"terminated", "tenant.terminated"}};
        long version = 1;
        for (String[] step : steps) {
            MvcResult r = transition(ADMIN, id, step[0], "ticket OPS-" + step[0]);
            assertThat(r.getResponse().getStatus()).isEqualTo(200);
            assertThat(body(r).get("state").asString()).isEqualTo(step[0]);
            assertThat(r.getResponse().getHeader("ETag")).isEqualTo("\"" + (++version) + "\"");
        }

        MvcResult h = perform(as(ADMIN, get("/api/v1/tenants/" + id + "/history")));
        assertThat(h.getResponse().getStatus()).isEqualTo(200);
        JsonNode history = body(h);
        assertThat(history).hasSize(5);
        assertThat(history.get(0).has("from")).isFalse();
        assertThat(history.get(0).get("to").asString()).isEqualTo("provisioning");
        assertThat(history.get(2).get("from").asString()).isEqualTo("active");
        assertThat(history.get(2).get("to").asString()).isEqualTo("suspended");
        assertThat(history.get(2).get("reason").asString()).isEqualTo("ticket OPS-suspended");
        assertThat(history.get(2).get("actor").get("id").asString()).isEqualTo(ADMIN.id());

        List<LedgerEvent> events = ledger.events(new TenantId(id));
        // Suspension and termination also end the tenant's access (users, keys, sessions): one event each.
        assertThat(events).extracting(LedgerEvent::action).containsExactly("tenant.created", "tenant.activated",
                "tenant.suspended", "tenant.access-ended", "tenant.reactivated", "tenant.terminated",
                "tenant.access-ended");
        assertThat(events.get(5).reason()).isEqualTo("ticket OPS-terminated");
        assertThat(events.get(5).actor().id()).isEqualTo(ADMIN.id());
        assertThat(events).allSatisfy(e -> assertThat(e.target()).isEqualTo("tenant/" + id));
    }

    @Test
    void transitionWhenIllegalThen409AndNothingChanged() throws Exception {
        int refused = 0;
        for (String from : PATH.keySet()) {
            for (String to : List.of("provisioning", "active", "suspended", "terminated")) {
                if (LEGAL.get(from).contains(to)) {
                    continue;
                }
                String id = createTenant();
                moveTo(id, PATH.get(from));
                String row = storedRow(id);
                int history = historySize(id);
                int events = ledger.events(new TenantId(id)).size();

                MvcResult r = transition(ADMIN, id, to, "attempt " + from + " to " + to);

                assertThat(r.getResponse().getStatus()).as(from + " -> " + to).isEqualTo(409);
                JsonNode problem = body(r);
                assertThat(problem.get("type").asString()).isEqualTo("urn:custodia:problem:illegal-transition");
                assertThat(problem.get("from").asString()).isEqualTo(from);
                assertThat(problem.get("to").asString()).isEqualTo(to);
                assertThat(storedRow(id)).isEqualTo(row);
                assertThat(historySize(id)).isEqualTo(history);
                assertThat(ledger.events(new TenantId(id))).hasSize(events);
                refused++;
            }
        }
        assertThat(refused).isEqualTo(11);
    }

    @Test
    void transitionWhenTargetIsNotAStateThenValidationNamesTo() throws Exception {
        String id = createTenant();
        MvcResult r = transition(ADMIN, id, "deleted", "cleanup");
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(r).get("errors").get(0).get("field").asString()).isEqualTo("to");
        MvcResult noReason = perform(as(ADMIN, post("/api/v1/tenants/" + id + "/state")
                .contentType(MediaType.APPLICATION_JSON).content("{\"to\":\"active\"}")));
        assertThat(noReason.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(noReason).get("errors").get(0).get("field").asString()).isEqualTo("reason");
        assertThat(storedRow(id)).startsWith("provisioning|1|");
    }

    @Test
    void transitionWhenReasonCarriesPersonalDataThenRefusedAndNothingLedgered() throws Exception {
        String id = createTenant();
        for (String reason : List.of("asked by " + DPO.email(), "call Giulia Rossi first", "per +39 06 5550101",
                "asked by someone@elsewhere.example")) {
            MvcResult r = transition(ADMIN, id, "active", reason);
            assertThat(r.getResponse().getStatus()).as(reason).isEqualTo(400);
            assertThat(body(r).get("errors").get(0).get("field").asString()).isEqualTo("reason");
        }
        assertThat(storedRow(id)).startsWith("provisioning|1|");
        assertThat(ledger.events(new TenantId(id))).hasSize(1);
    }

    @Test
    void transitionWhenIfMatchStaleThen412AndNothingChanged() throws Exception {
        String id = createTenant();
        moveTo(id, "active");
        String row = storedRow(id);
        MvcResult r = perform(as(ADMIN, post("/api/v1/tenants/" + id + "/state").header("If-Match", "\"1\"")
                .contentType(MediaType.APPLICATION_JSON).content("{\"to\":\"suspended\",\"reason\":\"unpaid\"}")));
        assertThat(r.getResponse().getStatus()).isEqualTo(412);
        assertThat(storedRow(id)).isEqualTo(row);
    }

    @Test
    void updateWhenIfMatchMissingThen428AndNothingChanged() throws Exception {
        String id = createTenant();
        String row = storedRow(id);
        ObjectNode changed = contractJson();
        changed.put("retentionDays", 30);

        MvcResult r = update(ADMIN, id, null, changed);

        assertThat(r.getResponse().getStatus()).isEqualTo(428);
        assertThat(body(r).get("type").asString()).isEqualTo("urn:custodia:problem:precondition-required");
        assertThat(storedRow(id)).isEqualTo(row);
    }

    @Test
    void updateWhenSecondWriterUsesStaleETagThen412AndFirstWriteKept() throws Exception {
        String id = createTenant();
        String etag = read(ADMIN, id).getResponse().getHeader("ETag");
        ObjectNode first = contractJson();
        first.put("retentionDays", 30);
        ObjectNode second = contractJson();
        second.put("retentionDays", 3650);

        MvcResult a = update(ADMIN, id, etag, first);
        MvcResult b = update(ADMIN, id, etag, second);

        assertThat(a.getResponse().getStatus()).isEqualTo(200);
        assertThat(a.getResponse().getHeader("ETag")).isEqualTo("\"2\"");
        assertThat(b.getResponse().getStatus()).isEqualTo(412);
        assertThat(body(b).get("type").asString()).isEqualTo("urn:custodia:problem:precondition-failed");
        assertThat(body(read(ADMIN, id)).get("contract").get("retentionDays").asInt()).isEqualTo(30);
        for (String bogus : List.of("W/\"2\"", "2", "\"2", "\"02\"")) {
            assertThat(update(ADMIN, id, bogus, second).getResponse().getStatus()).as(bogus).isEqualTo(412);
        }
        assertThat(update(ADMIN, id, "\"7\", \"2\"", second).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void updateWhenValidThenVersionBumpsAndLedgerNamesOnlyTheChangedFields() throws Exception {
        String id = createTenant();
        ObjectNode changed = contractJson();
        changed.put("breachNoticeHours", 48);
        ((ObjectNode) changed.get("contacts").get("dpo")).put("email", "new.dpo@valverde.example");

        MvcResult r = update(ADMIN, id, "\"1\"", changed);

        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r).get("version").asLong()).isEqualTo(2);
        assertThat(body(r).get("contract").get("contacts").get("dpo").get("email").asString())
                .isEqualTo("new.dpo@valverde.example");
        LedgerEvent event = ledger.events(new TenantId(id)).get(1);
        assertThat(event.action()).isEqualTo("tenant.contract-updated");
        assertThat(event.reason()).isEqualTo("changed: breachNoticeHours,contacts.dpo");
        assertThat(json.writeValueAsString(event)).doesNotContain("new.dpo@valverde.example");
    }

    @Test
    void updateWhenNothingChangedThenSameVersionAndNoLedgerEvent() throws Exception {
        String id = createTenant();
        MvcResult r = update(ADMIN, id, "\"1\"", contract());
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getHeader("ETag")).isEqualTo("\"1\"");
        assertThat(ledger.events(new TenantId(id))).hasSize(1);
    }

    @Test
    void updateWhenTenantTerminatedThen409AndContractKept() throws Exception {
        String id = createTenant();
        moveTo(id, "active", "terminated");
        String row = storedRow(id);
        ObjectNode changed = contractJson();
        changed.put("retentionDays", 0);

        MvcResult r = update(ADMIN, id, "*", changed);

        assertThat(r.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(r).get("type").asString()).isEqualTo("urn:custodia:problem:tenant-terminated");
        assertThat(storedRow(id)).isEqualTo(row);
    }

    @Test
    void updateWhenInvalidThenValidationProblemAndNothingChanged() throws Exception {
        String id = createTenant();
        String row = storedRow(id);
        ObjectNode bad = contractJson();
        bad.put("retentionDays", -1);
        bad.set("subProcessors", json.createArrayNode().add(json.createObjectNode().put("name", "X")));
        MvcResult r = update(ADMIN, id, "\"1\"", bad);
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        body(r).get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("retentionDays", "subProcessors[0].purpose", "subProcessors[0].country");
        assertThat(storedRow(id)).isEqualTo(row);
    }
}
