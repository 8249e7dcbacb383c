package eu.custodia.server.records;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TestTenants;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.server.vault.TenantKeysets;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The records API as a SaaS application uses it (a tenant-member API key): collections, versioned documents,
 * search through blind indexes, pagination; and the attacks: another tenant's key, staff, a stale version, a
 * flipped byte, a ciphertext moved to another row, tenant or version, a document too large.
 */
@CustodiaTest
class RecordsHttpTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());
    private static final String SCHEMA = """
            {"fields": {"email": {"indexed": true, "personal": true}, "customerId": {"indexed": true,
             "personal": true}, "plan": {"indexed": true, "personal": false}, "notes": {"indexed": false,
             "personal": true}}, "subjectField": "customerId"}""";

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
    TenantKeysets keysets;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    TenantRowScope scope;
    @Autowired
    JsonMapper json;

    MockMvc mvc;
    TestAdministrators.Admin admin;
    TenantId tenant;
    String app;

    @BeforeEach
    void setUp() throws Exception {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        admin = TestAdministrators.create(accounts, keys, clock);
        tenant = newTenant();
        app = appKey(tenant);
        mvc.perform(as(put(collection(tenant, "customers")).contentType(MediaType.APPLICATION_JSON).content(SCHEMA), app))
                .andExpect(status().isOk()).andExpect(jsonPath("$.schema.subjectField").value("customerId"));
    }

    private TenantId newTenant() {
        return TestTenants.create(tenants, admin.caller(), "Records S.r.l.", "baseline");
    }

    private String appKey(TenantId t) {
        return keys.create(SYSTEM, Set.of(Roles.TENANT_MEMBER), t, "saas application").token();
    }

    private static String collection(TenantId t, String name) {
        return "/api/v1/tenants/" + t + "/collections/" + name;
    }

    private static String records(TenantId t) {
        return collection(t, "customers") + "/records";
    }

    private static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, String token) {
        return request.header("Authorization", "Bearer " + token);
    }

    private String create(String document) throws Exception {
        MvcResult result = mvc.perform(as(post(records(tenant)).contentType(MediaType.APPLICATION_JSON).content(document),
                app)).andExpect(status().isCreated()).andExpect(header().string("ETag", "\"1\"")).andReturn();
        return json.readTree(result.getResponse().getContentAsString()).get("id").stringValue();
    }

    @Test
    void writeReadReplaceDeleteWhenVersionsMatchThenEachStepAnsweredAndLedgeredWithoutContent() throws Exception {
        MvcResult created = mvc.perform(as(post(records(tenant)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\": \"alice@example.test\", \"customerId\": \"C-1\", \"plan\": \"pro\"}"), app))
                .andExpect(status().isCreated()).andExpect(header().string("ETag", "\"1\""))
                .andExpect(jsonPath("$.version").value(1)).andReturn();
        String id = json.readTree(created.getResponse().getContentAsString()).get("id").stringValue();
        assertThat(created.getResponse().getHeader("Location")).endsWith(records(tenant) + "/" + id);

        mvc.perform(as(get(records(tenant) + "/" + id), app)).andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"1\"")).andExpect(jsonPath("$.email").value("alice@example.test"));
        // Replacing needs the version read; a stale one is refused and changes nothing.
        String v2 = "{\"email\": \"alice@example.test\", \"customerId\": \"C-1\", \"plan\": \"enterprise\"}";
        mvc.perform(as(put(records(tenant) + "/" + id).contentType(MediaType.APPLICATION_JSON).content(v2), app))
                .andExpect(problem("precondition-required", 428));
        mvc.perform(as(put(records(tenant) + "/" + id).contentType(MediaType.APPLICATION_JSON).content(v2)
                .header("If-None-Match", "*"), app)).andExpect(problem("precondition-failed", 412));
        mvc.perform(as(put(records(tenant) + "/" + id).contentType(MediaType.APPLICATION_JSON).content(v2)
                .header("If-Match", "\"1\""), app)).andExpect(status().isOk()).andExpect(header().string("ETag", "\"2\""));
        mvc.perform(as(put(records(tenant) + "/" + id).contentType(MediaType.APPLICATION_JSON).content("{}")
                .header("If-Match", "\"1\""), app)).andExpect(problem("precondition-failed", 412))
                .andExpect(jsonPath("$.currentVersion").value(2));
        mvc.perform(as(get(records(tenant) + "/" + id), app)).andExpect(jsonPath("$.plan").value("enterprise"))
                .andExpect(header().string("ETag", "\"2\""));
        // PUT to a new id creates it; If-None-Match: * makes that explicit.
        mvc.perform(as(put(records(tenant) + "/cust-2").contentType(MediaType.APPLICATION_JSON).content("{\"plan\": \"free\"}")
                .header("If-None-Match", "*"), app)).andExpect(status().isCreated());

        mvc.perform(as(delete(records(tenant) + "/" + id), app)).andExpect(problem("precondition-required", 428));
        mvc.perform(as(delete(records(tenant) + "/" + id).header("If-Match", "\"1\""), app))
                .andExpect(problem("precondition-failed", 412));
        mvc.perform(as(delete(records(tenant) + "/" + id).header("If-Match", "\"2\""), app)).andExpect(status().isNoContent());
        mvc.perform(as(get(records(tenant) + "/" + id), app)).andExpect(problem("not-found", 404));

        List<LedgerEvent> events = ledger.events().stream().filter(e -> tenant.equals(e.tenant()))
                .filter(e -> e.target().endsWith("/records/" + id)).toList();
        assertThat(events).extracting(LedgerEvent::action).containsSubsequence("record.created", "record.read",
                "record.updated", "record.read", "record.deleted");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.toString()).doesNotContain("alice").doesNotContain("C-1").doesNotContain("enterprise");
            assertThat(e.target()).isEqualTo("tenant/" + tenant + "/collections/customers/records/" + id);
        });
        // The subject key is in the ledger only as a blind token's prefix.
        assertThat(events.get(0).reason()).matches("version 1; key \\d+; subject [0-9a-f]{16}");
    }

    @Test
    void storedRowWhenReadFromTheDatabaseThenHoldsNoPlaintext() throws Exception {
        String id = create("{\"email\": \"bob@example.test\", \"customerId\": \"C-77\", \"notes\": \"VIP since 2019\"}");
        byte[] stored = inScope(tenant, () -> jdbc.sql("SELECT ciphertext FROM records WHERE tenant_id = ? AND record_id = ?")
                .params(tenant.value(), id).query(byte[].class).single());
        String text = new String(stored, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("bob@example.test").doesNotContain("VIP").doesNotContain("C-77");
        List<byte[]> tokens = inScope(tenant, () -> jdbc.sql("SELECT token FROM record_index WHERE tenant_id = ? AND record_id = ?")
                .params(tenant.value(), id).query(byte[].class).list());
        assertThat(tokens).hasSize(2).allSatisfy(t -> assertThat(t).hasSize(32));
    }

    @Test
    void searchWhenFilteringOnIndexedFieldsThenExactMatchesOnlyAndPagesFollowTheCursor() throws Exception {
        for (int i = 0; i < 5; i++) {
            create("{\"email\": \"user" + i + "@example.test\", \"plan\": \"" + (i % 2 == 0 ? "pro" : "free")
                    + "\", \"customerId\": " + (100 + i) + "}");
        }
        mvc.perform(as(get(records(tenant)).param("filter.email", "user3@example.test"), app)).andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(1)).andExpect(jsonPath("$.items[0].document.plan").value("free"));
        mvc.perform(as(get(records(tenant)).param("filter.email", "USER3@example.test"), app))
                .andExpect(jsonPath("$.items.length()").value(0));
        mvc.perform(as(get(records(tenant)).param("filter.plan", "pro"), app)).andExpect(jsonPath("$.items.length()").value(3));
        // A number is indexed in canonical form: 102.0 finds 102.
        mvc.perform(as(get(records(tenant)).param("filter.customerId", "102.0"), app))
                .andExpect(jsonPath("$.items.length()").value(1));
        mvc.perform(as(get(records(tenant)).param("filter.plan", "pro").param("filter.email", "user1@example.test"), app))
                .andExpect(jsonPath("$.items.length()").value(0));
        mvc.perform(as(get(records(tenant)).param("filter.notes", "x"), app)).andExpect(problem("field-not-indexed", 400));
        mvc.perform(as(get(records(tenant)).param("email", "x"), app)).andExpect(problem("validation", 400));

        // Pagination: 5 records, 2 per page, in id order, no record twice.
        List<String> seen = new java.util.ArrayList<>();
        String next = records(tenant) + "?limit=2";
        int pages = 0;
        while (next != null) {
            JsonNode page = json.readTree(mvc.perform(as(get(next), app)).andExpect(status().isOk()).andReturn()
                    .getResponse().getContentAsString());
            page.get("items").forEach(item -> seen.add(item.get("id").stringValue()));
            next = page.get("next") == null || page.get("next").isNull() ? null : page.get("next").stringValue();
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates().isSorted();
        mvc.perform(as(get(records(tenant)).param("cursor", "bm9wZQ"), app)).andExpect(problem("invalid-cursor", 400));
        mvc.perform(as(get(records(tenant)).param("limit", "0"), app)).andExpect(problem("validation", 400));
    }

    @Test
    void accessWhenAnotherTenantsKeyOrStaffOrAnUnknownTenantThenRefused() throws Exception {
        String id = create("{\"plan\": \"pro\"}");
        TenantId other = newTenant();
        String otherApp = appKey(other);
        mvc.perform(as(get(records(tenant) + "/" + id), otherApp)).andExpect(problem("forbidden", 403))
                .andExpect(jsonPath("$.rule").value("tenant-scope"));
        mvc.perform(as(get(records(tenant)), otherApp)).andExpect(problem("forbidden", 403));
        mvc.perform(as(put(records(tenant) + "/" + id).contentType(MediaType.APPLICATION_JSON).content("{}")
                .header("If-Match", "*"), otherApp)).andExpect(problem("forbidden", 403));
        // No standing staff access: a platform administrator cannot read tenant data.
        mvc.perform(as(get(records(tenant) + "/" + id), admin.token()).header("X-Custodia-OTP", admin.otp()))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.rule").value("no-standing-staff-access"));
        mvc.perform(as(get(records(other) + "/" + id), otherApp)).andExpect(problem("not-found", 404));
        mvc.perform(as(get(records(TenantId.random()) + "/x"), otherApp)).andExpect(problem("forbidden", 403));
        // A tenant auditor reads but does not write.
        String auditor = keys.create(SYSTEM, Set.of(Roles.TENANT_AUDITOR), tenant, "auditor").token();
        mvc.perform(as(get(records(tenant) + "/" + id), auditor)).andExpect(status().isOk());
        mvc.perform(as(post(records(tenant)).contentType(MediaType.APPLICATION_JSON).content("{}"), auditor))
                .andExpect(problem("forbidden", 403));
    }

    @Test
    void writeWhenTheInputIsBadThenAClearProblemAndNothingStored() throws Exception {
        mvc.perform(as(post(records(tenant)).contentType(MediaType.APPLICATION_JSON).content("{\"a\": "), app))
                .andExpect(problem("invalid-document", 400)).andExpect(jsonPath("$.messageIt").isNotEmpty());
        mvc.perform(as(post(records(tenant)).contentType(MediaType.APPLICATION_JSON).content("[1, 2]"), app))
                .andExpect(problem("invalid-document", 400));
        mvc.perform(as(post(records(tenant)).contentType(MediaType.APPLICATION_JSON).content("{\"plan\": {\"a\": 1}}"), app))
                .andExpect(problem("invalid-document", 400)).andExpect(jsonPath("$.field").value("plan"));
        byte[] big = ("{\"notes\": \"" + "x".repeat(Records.MAX_DOCUMENT_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        mvc.perform(as(post(records(tenant)).contentType(MediaType.APPLICATION_JSON).content(big), app))
                .andExpect(problem("document-too-large", 413));
        mvc.perform(as(put(records(tenant) + "/bad|id").contentType(MediaType.APPLICATION_JSON).content("{}"), app))
                .andExpect(problem("invalid-name", 400));
        mvc.perform(as(post(collection(tenant, "nope") + "/records").contentType(MediaType.APPLICATION_JSON).content("{}"), app))
                .andExpect(problem("not-found", 404));
        mvc.perform(as(put(collection(tenant, "Bad Name")).contentType(MediaType.APPLICATION_JSON).content("{}"), app))
                .andExpect(problem("invalid-name", 400));
        mvc.perform(as(put(collection(tenant, "c2")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"fields\": {\"k\": {\"indexed\": true, \"personal\": false}}, \"subjectField\": \"k\"}"), app))
                .andExpect(problem("invalid-schema", 400));
        long stored = inScope(tenant, () -> jdbc.sql("SELECT COUNT(*) FROM records WHERE tenant_id = ?")
                .param(tenant.value()).query(Long.class).single());
        assertThat(stored).isZero();
    }

    @Test
    void schemaWhenTheCollectionHoldsDocumentsThenIndexedFieldsAreFixedButPersonalMarksMayChange() throws Exception {
        create("{\"plan\": \"pro\"}");
        mvc.perform(as(put(collection(tenant, "customers")).contentType(MediaType.APPLICATION_JSON)
                .content(SCHEMA.replace("\"notes\": {\"indexed\": false", "\"notes\": {\"indexed\": true")), app))
                .andExpect(problem("schema-change-refused", 409));
        mvc.perform(as(put(collection(tenant, "customers")).contentType(MediaType.APPLICATION_JSON)
                .content(SCHEMA.replace("\"plan\": {\"indexed\": true, \"personal\": false}",
                        "\"plan\": {\"indexed\": true, \"personal\": true}")), app))
                .andExpect(status().isOk()).andExpect(jsonPath("$.schema.fields.plan.personal").value(true));
        mvc.perform(as(get(collection(tenant, "customers").replace("/customers", "")), app)).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].name").value("customers"));
    }

    @Test
    void readWhenTheCiphertextWasFlippedOrMovedToAnotherRowTenantOrVersionThenIntegrityFailureAndLedgered()
            throws Exception {
        String a = create("{\"plan\": \"pro\", \"customerId\": \"A\"}");
        String b = create("{\"plan\": \"free\", \"customerId\": \"B\"}");
        byte[] sealedA = ciphertext(tenant, a);

        // A flipped byte.
        byte[] flipped = sealedA.clone();
        flipped[flipped.length - 3] ^= 0x01;
        setCiphertext(tenant, b, flipped, null);
        mvc.perform(as(get(records(tenant) + "/" + b), app)).andExpect(problem("integrity-failure", 500))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Exception"))));
        // A's ciphertext copied into B's row.
        setCiphertext(tenant, b, sealedA, null);
        mvc.perform(as(get(records(tenant) + "/" + b), app)).andExpect(problem("integrity-failure", 500));
        // A's ciphertext with its version bumped (a replay of an old version under a new number).
        setCiphertext(tenant, a, sealedA, 5L);
        mvc.perform(as(get(records(tenant) + "/" + a), app)).andExpect(problem("integrity-failure", 500));
        // A listing meets the same wall.
        mvc.perform(as(get(records(tenant)), app)).andExpect(problem("integrity-failure", 500));

        // Another tenant's ciphertext moved into this tenant's row, same collection and id.
        TenantId other = newTenant();
        String otherApp = appKey(other);
        mvc.perform(as(put(collection(other, "customers")).contentType(MediaType.APPLICATION_JSON).content(SCHEMA), otherApp))
                .andExpect(status().isOk());
        mvc.perform(as(put(records(other) + "/shared").contentType(MediaType.APPLICATION_JSON)
                .content("{\"plan\": \"theirs\"}"), otherApp)).andExpect(status().isCreated());
        mvc.perform(as(put(records(tenant) + "/shared").contentType(MediaType.APPLICATION_JSON)
                .content("{\"plan\": \"ours\"}"), app)).andExpect(status().isCreated());
        setCiphertext(tenant, "shared", ciphertext(other, "shared"), null);
        mvc.perform(as(get(records(tenant) + "/shared"), app)).andExpect(problem("integrity-failure", 500));

        assertThat(ledger.events()).filteredOn(e -> tenant.equals(e.tenant()))
                .filteredOn(e -> e.action().equals("record.integrity-failed")).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(e -> assertThat(e.outcome()).isEqualTo("failure"));
    }

    @Test
    void readWhenTheKeysetsWereRotatedThenOldDocumentsStillOpenAndAreStillFoundNewOnesUseTheNewKey() throws Exception {
        String old = create("{\"email\": \"old@example.test\", \"plan\": \"pro\"}");
        long oldKey = keyId(tenant, old);
        keysets.rotate(SYSTEM, tenant);
        String fresh = create("{\"email\": \"new@example.test\", \"plan\": \"pro\"}");

        assertThat(keyId(tenant, fresh)).isNotEqualTo(oldKey);
        mvc.perform(as(get(records(tenant) + "/" + old), app)).andExpect(jsonPath("$.email").value("old@example.test"));
        mvc.perform(as(get(records(tenant)).param("filter.email", "old@example.test"), app))
                .andExpect(jsonPath("$.items.length()").value(1));
        mvc.perform(as(get(records(tenant)).param("filter.plan", "pro"), app)).andExpect(jsonPath("$.items.length()").value(2));
    }

    private <T> T inScope(TenantId t, java.util.function.Supplier<T> work) {
        return tx.execute(status -> {
            scope.enter(t);
            return work.get();
        });
    }

    private byte[] ciphertext(TenantId t, String id) {
        return inScope(t, () -> jdbc.sql("SELECT ciphertext FROM records WHERE tenant_id = ? AND record_id = ?")
                .params(t.value(), id).query(byte[].class).single());
    }

    private long keyId(TenantId t, String id) {
        return inScope(t, () -> jdbc.sql("SELECT key_id FROM records WHERE tenant_id = ? AND record_id = ?")
                .params(t.value(), id).query(Long.class).single());
    }

    private void setCiphertext(TenantId t, String id, byte[] ciphertext, Long version) {
        inScope(t, () -> jdbc.sql("UPDATE records SET ciphertext = ?, version = COALESCE(?, version) WHERE tenant_id = ?"
                + " AND record_id = ?").params(ciphertext, version, t.value(), id).update());
    }
}
