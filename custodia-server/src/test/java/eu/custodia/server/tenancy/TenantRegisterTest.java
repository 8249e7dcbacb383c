package eu.custodia.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.testing.CustodiaTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Creating, reading and listing tenants; validation, unknown fields and idempotent creation. */
@CustodiaTest
@AutoConfigureMockMvc
@Import(TenancyTestConfiguration.class)
class TenantRegisterTest extends TenancyApi {

    @Test
    void createWhenValidThen201WithLocationETagAndProvisioningState() throws Exception {
        MvcResult r = create(ADMIN, contract());

        assertThat(r.getResponse().getStatus()).isEqualTo(201);
        JsonNode body = body(r);
        String id = body.get("id").asString();
        assertThat(id).matches("t-[a-z2-7]{26}");
        assertThat(r.getResponse().getHeader("Location")).isEqualTo("/api/v1/tenants/" + id);
        assertThat(r.getResponse().getHeader("ETag")).isEqualTo("\"1\"");
        assertThat(body.get("state").asString()).isEqualTo("provisioning");
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(json.treeToValue(body.get("contract"), TenantContract.class)).isEqualTo(contract());
        assertThat(decisionPoint.asked()).contains(new TenancyTestConfiguration.RecordingDecisionPoint.Asked(
                ADMIN.id(), eu.custodia.server.access.Permission.TENANTS_WRITE, null));
    }

    @Test
    void getWhenCreatedThenSameContractAndETag() throws Exception {
        String id = createTenant();

        MvcResult r = read(ADMIN, id);

        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getHeader("ETag")).isEqualTo("\"1\"");
        assertThat(json.treeToValue(body(r).get("contract"), TenantContract.class)).isEqualTo(contract());
        assertThat(decisionPoint.asked()).contains(new TenancyTestConfiguration.RecordingDecisionPoint.Asked(
                ADMIN.id(), eu.custodia.server.access.Permission.TENANTS_READ,
                new eu.custodia.server.platform.TenantId(id)));
    }

    @Test
    void getWhenUnknownOrNotATenantIdThen404Problem() throws Exception {
        for (String id : List.of("t-aaaaaaaaaaaaaaaaaaaaaaaaaa", "not-a-tenant", "t-AAAAAAAAAAAAAAAAAAAAAAAAAA",
                "t-aaaaaaaaaaaaaaaaaaaaaaaaaa'--", "t-aaaaaaaaaaaaaaaaaaaaaaaaaaa")) {
            MvcResult r = read(ADMIN, id);
            assertThat(r.getResponse().getStatus()).as(id).isEqualTo(404);
            assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        }
        // an encoded path traversal never reaches a handler
        assertThat(read(ADMIN, "..%2f..%2fetc").getResponse().getStatus()).isIn(400, 404);
    }

    @Test
    void listWhenMoreThanOnePageThenCursorWalksAllInCreationOrderWithoutDuplicates() throws Exception {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createTenant());
        }
        List<String> seen = new ArrayList<>();
        String url = "/api/v1/tenants?limit=2";
        int pages = 0;
        while (url != null) {
            MvcResult r = perform(as(ADMIN, get(url)));
            assertThat(r.getResponse().getStatus()).isEqualTo(200);
            JsonNode page = body(r);
            assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
            page.get("items").forEach(t -> seen.add(t.get("id").asString()));
            JsonNode next = page.get("next");
            url = next == null || next.isNull() ? null : next.asString();
            if (url != null) {
                assertThat(r.getResponse().getHeader("Link")).isEqualTo("<" + url + ">; rel=\"next\"");
            }
            pages++;
            assertThat(pages).isLessThan(1000);
        }
        assertThat(seen).doesNotHaveDuplicates().hasSize(tenantCount());
        assertThat(seen.subList(seen.size() - 5, seen.size())).containsExactlyElementsOf(created);
    }

    @Test
    void listWhenCursorForgedOrTamperedThenInvalidCursorProblem() throws Exception {
        for (String cursor : List.of("garbage!", "dDE6LTE", "eDE6NQ", "A".repeat(100), "dDE6OTk5OTk5OTk5OTk5OTk5OTk5OTk5")) {
            MvcResult r = perform(as(ADMIN, get("/api/v1/tenants").param("cursor", cursor)));
            assertThat(r.getResponse().getStatus()).as(cursor).isEqualTo(400);
            assertThat(body(r).get("type").asString()).isEqualTo("urn:custodia:problem:invalid-cursor");
        }
    }

    @Test
    void listWhenLimitOutOfRangeThenValidationProblemNamesLimit() throws Exception {
        for (String limit : List.of("0", "201", "-5")) {
            MvcResult r = perform(as(ADMIN, get("/api/v1/tenants").param("limit", limit)));
            assertThat(r.getResponse().getStatus()).isEqualTo(400);
            assertThat(body(r).get("type").asString()).isEqualTo("urn:custodia:problem:validation");
            assertThat(body(r).get("errors").get(0).get("field").asString()).isEqualTo("limit");
        }
    }

    @Test
    void createWhenFieldsInvalidThenValidationProblemNamesEachFieldAndNothingStored() throws Exception {
        int before = tenantCount();
        ObjectNode c = contractJson();
        c.put("legalName", " ");
        c.put("country", "XX");
        c.put("policyProfile", "lax");
        c.put("retentionDays", 3651);
        c.put("breachNoticeHours", 0);
        c.put("changeNoticeDays", 91);
        c.put("serviceModel", "IaaS");
        ((ObjectNode) c.get("providers").get(0)).put("role", "SaaS");
        ((ObjectNode) c.get("contacts").get("dpo")).put("email", "not-an-email");
        ((ObjectNode) c.get("contacts").get("security")).put("phone", "call me");
        c.remove("dpa");

        MvcResult r = create(ADMIN, json.writeValueAsString(c));

        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        JsonNode problem = body(r);
        assertThat(problem.get("type").asString()).isEqualTo("urn:custodia:problem:validation");
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("legalName", "country", "policyProfile", "retentionDays", "breachNoticeHours",
                "changeNoticeDays", "serviceModel", "providers[0].role", "contacts.dpo.email",
                "contacts.security.phone", "dpa");
        assertThat(r.getResponse().getContentAsString()).doesNotContain("not-an-email");
        assertThat(tenantCount()).isEqualTo(before);
    }

    @Test
    void createWhenUnknownFieldAtAnyDepthThen400UnknownFieldAndNothingStored() throws Exception {
        int before = tenantCount();
        ObjectNode top = contractJson();
        top.put("retentionDay", 5);
        ObjectNode nested = contractJson();
        ((ObjectNode) nested.get("contacts").get("dpo")).put("isAdmin", true);
        ObjectNode inList = contractJson();
        ((ObjectNode) inList.get("subProcessors").get(0)).put("secretNote", "x");

        for (var c : List.of(top, nested, inList)) {
            MvcResult r = create(ADMIN, json.writeValueAsString(c));
            assertThat(r.getResponse().getStatus()).isEqualTo(400);
            assertThat(body(r).get("type").asString()).isEqualTo("urn:custodia:problem:unknown-field");
        }
        assertThat(body(create(ADMIN, json.writeValueAsString(top))).get("field").asString()).isEqualTo("retentionDay");
        assertThat(body(create(ADMIN, json.writeValueAsString(nested))).get("field").asString())
                .isEqualTo("contacts.dpo.isAdmin");
        assertThat(tenantCount()).isEqualTo(before);
    }

    @Test
    void transitionWhenUnknownFieldThen400() throws Exception {
        String id = createTenant();
        MvcResult r = perform(as(ADMIN, post("/api/v1/tenants/" + id + "/state").contentType(MediaType.APPLICATION_JSON)
                .content("{\"to\":\"active\",\"reason\":\"go live\",\"force\":true}")));
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(r).get("type").asString()).isEqualTo("urn:custodia:problem:unknown-field");
        assertThat(storedRow(id)).startsWith("provisioning|1|");
    }

    @Test
    void unknownFieldsOutsideTenancyWhenReadThenStillIgnoredAsBefore() {
        CustodiaProperties.Db db = json.readValue("{\"url\":\"jdbc:x\",\"maxPoolSize\":4,\"extra\":1}", CustodiaProperties.Db.class);
        assertThat(db.url()).isEqualTo("jdbc:x");
    }

    @Test
    void createWhenMalformedJsonOrWrongTypeThen400NamingTheField() throws Exception {
        ObjectNode c = contractJson();
        ((ObjectNode) c.get("dpa")).put("date", "2025-13-45");
        MvcResult r = create(ADMIN, json.writeValueAsString(c));
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(r).get("type").asString()).isEqualTo("urn:custodia:problem:malformed-request");
        assertThat(body(r).get("field").asString()).isEqualTo("dpa.date");

        MvcResult broken = create(ADMIN, "{\"legalName\": ");
        assertThat(broken.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(broken).get("type").asString()).isEqualTo("urn:custodia:problem:malformed-request");
    }

    @Test
    void createWhenSameIdempotencyKeyAndBodyThenSameResponseAndOneTenant() throws Exception {
        int before = tenantCount();
        MvcResult first = perform(as(ADMIN, post("/api/v1/tenants").header("Idempotency-Key", "order-4711")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(contract()))));
        // same document, different formatting and field order
        ObjectNode reordered = json.createObjectNode();
        List<String> names = new ArrayList<>(contractJson().propertyNames());
        java.util.Collections.reverse(names);
        names.forEach(n -> reordered.set(n, contractJson().get(n)));
        MvcResult second = perform(as(ADMIN, post("/api/v1/tenants").header("Idempotency-Key", "order-4711")
                .contentType(MediaType.APPLICATION_JSON).content(json.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(reordered))));

        assertThat(first.getResponse().getStatus()).isEqualTo(201);
        assertThat(second.getResponse().getStatus()).isEqualTo(201);
        assertThat(body(second)).isEqualTo(body(first));
        assertThat(second.getResponse().getHeader("Location")).isEqualTo(first.getResponse().getHeader("Location"));
        assertThat(second.getResponse().getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(tenantCount()).isEqualTo(before + 1);
        assertThat(ledger.events(new eu.custodia.server.platform.TenantId(body(first).get("id").asString())))
                .hasSize(1);
    }

    @Test
    void createWhenSameIdempotencyKeyWithDifferentBodyThen422AndNothingCreated() throws Exception {
        perform(as(ADMIN, post("/api/v1/tenants").header("Idempotency-Key", "order-4712")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(contract()))));
        int before = tenantCount();
        ObjectNode changed = contractJson();
        changed.put("retentionDays", 30);

        MvcResult r = perform(as(ADMIN, post("/api/v1/tenants").header("Idempotency-Key", "order-4712")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(changed))));

        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(r).get("type").asString()).isEqualTo("urn:custodia:problem:idempotency-key-reused");
        assertThat(r.getResponse().getContentAsString()).doesNotContain("t-");
        assertThat(tenantCount()).isEqualTo(before);
    }

    @Test
    void createWhenAnotherCallerReusesTheKeyThenItGetsItsOwnTenantNotTheFirstResponse() throws Exception {
        var otherAdmin = new eu.custodia.server.identity.Caller("key-other-admin", "api-key",
                java.util.Set.of("platform-admin"), null, List.of("api-key"));
        MvcResult first = perform(as(ADMIN, post("/api/v1/tenants").header("Idempotency-Key", "shared-key")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(contract()))));
        MvcResult other = perform(as(otherAdmin, post("/api/v1/tenants").header("Idempotency-Key", "shared-key")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(contract()))));

        assertThat(other.getResponse().getStatus()).isEqualTo(201);
        assertThat(other.getResponse().getHeader("Idempotent-Replayed")).isNull();
        assertThat(body(other).get("id")).isNotEqualTo(body(first).get("id"));
    }

    @Test
    void createWhenIdempotencyKeyMalformedThenValidationProblem() throws Exception {
        MvcResult r = perform(as(ADMIN, post("/api/v1/tenants").header("Idempotency-Key", "x".repeat(300))
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(contract()))));
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(r).get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
    }

    @Test
    void openApiWhenFetchedThenDocumentsTheTenantEndpoints() throws Exception {
        MvcResult r = perform(as(ADMIN, get("/api/openapi.json")));
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        JsonNode paths = body(r).get("paths");
        assertThat(paths.has("/api/v1/tenants")).isTrue();
        assertThat(paths.has("/api/v1/tenants/{id}")).isTrue();
        assertThat(paths.has("/api/v1/tenants/{id}/state")).isTrue();
        assertThat(paths.has("/api/v1/tenants/{id}/history")).isTrue();
        assertThat(paths.get("/api/v1/tenants/{id}").get("put").get("responses").has("428")).isTrue();
        assertThat(body(r).get("components").get("schemas").has("TenantContract")).isTrue();
    }
}
