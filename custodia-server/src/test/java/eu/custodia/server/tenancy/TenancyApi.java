package eu.custodia.server.tenancy;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenancyTestConfiguration.RecordingDecisionPoint;
import eu.custodia.server.tenancy.TenancyTestConfiguration.RecordingLedger;
import eu.custodia.server.tenancy.TenantContract.Contact;
import eu.custodia.server.tenancy.TenantContract.Contacts;
import eu.custodia.server.tenancy.TenantContract.Dpa;
import eu.custodia.server.tenancy.TenantContract.Provider;
import eu.custodia.server.tenancy.TenantContract.SubProcessor;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Helpers shared by the tenancy API tests: callers, a contract fixture full of personal data that must
 * never reach the ledger, and requests made as a given caller.
 */
abstract class TenancyApi {

    static final Caller ADMIN = new Caller("key-platform-admin", "api-key", Set.of("platform-admin"), null,
            List.of("api-key"));

    static final String LEGAL_NAME = "Comune di Valverde Tributi S.p.A.";
    static final String TAX_ID = "IT01234567890";
    static final Contact SECURITY = new Contact("Giulia Rossi", "giulia.rossi@valverde.example", "+39 06 5550101");
    static final Contact DPO = new Contact("Marco Bianchi", "dpo@valverde.example", "+39 06 5550102");
    static final Contact ADMINISTRATIVE = new Contact("Anna Verdi", "amministrazione@valverde.example", null);

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    RecordingDecisionPoint decisionPoint;

    @AfterEach
    void recoverLedger() {
        ledger.recover();
    }

    static Caller tenantAdmin(String tenantId) {
        return new Caller("key-tenant-admin-" + tenantId, "api-key", Set.of("tenant-admin"), new TenantId(tenantId),
                List.of("api-key"));
    }

    static TenantContract contract() {
        return new TenantContract(LEGAL_NAME, TAX_ID, "IT", "SaaS",
                List.of(new Provider("Nuvola Infra S.r.l.", "IaaS", "IT"), new Provider("DataPlat GmbH", "PaaS", "DE")),
                new Dpa("DPA-2025-017", LocalDate.of(2025, 3, 1)),
                List.of(new SubProcessor("Posta Sicura S.p.A.", "transactional e-mail", "IT")),
                "strict", "eu-south-1", 90, 24, 14, new Contacts(SECURITY, DPO, ADMINISTRATIVE));
    }

    /** All the personal data (and the customer's identity) in the fixture: none may appear in a ledger event. */
    static List<String> personalData() {
        return List.of(LEGAL_NAME, TAX_ID, SECURITY.name(), SECURITY.email(), SECURITY.phone(), DPO.name(),
                DPO.email(), DPO.phone(), ADMINISTRATIVE.name(), ADMINISTRATIVE.email());
    }

    ObjectNode contractJson() {
        return (ObjectNode) json.valueToTree(contract());
    }

    MockHttpServletRequestBuilder as(Caller caller, MockHttpServletRequestBuilder request) {
        return request.with(authentication(new TestingAuthenticationToken(caller, null, "ROLE_API"))).with(csrf())
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
    }

    MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn();
    }

    MvcResult create(Caller caller, Object body) throws Exception {
        return perform(as(caller, post("/api/v1/tenants").contentType(MediaType.APPLICATION_JSON)
                .content(body instanceof String s ? s : json.writeValueAsString(body))));
    }

    /** Creates a tenant as the platform admin and returns its id. */
    String createTenant() throws Exception {
        MvcResult r = create(ADMIN, contract());
        if (r.getResponse().getStatus() != 201) {
            throw new AssertionError("create failed: " + r.getResponse().getContentAsString());
        }
        return body(r).get("id").asString();
    }

    MvcResult read(Caller caller, String id) throws Exception {
        return perform(as(caller, get("/api/v1/tenants/" + id)));
    }

    MvcResult update(Caller caller, String id, String ifMatch, Object body) throws Exception {
        MockHttpServletRequestBuilder request = put("/api/v1/tenants/" + id).contentType(MediaType.APPLICATION_JSON)
                .content(body instanceof String s ? s : json.writeValueAsString(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return perform(as(caller, request));
    }

    MvcResult transition(Caller caller, String id, String to, String reason) throws Exception {
        return perform(as(caller, post("/api/v1/tenants/" + id + "/state").contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(new java.util.LinkedHashMap<>(java.util.Map.of("to", to,
                        "reason", reason))))));
    }

    /** Moves a tenant along legal transitions; fails the test if one is refused. */
    void moveTo(String id, String... states) throws Exception {
        for (String s : states) {
            MvcResult r = transition(ADMIN, id, s, "test step to " + s);
            if (r.getResponse().getStatus() != 200) {
                throw new AssertionError("transition to " + s + " failed: " + r.getResponse().getContentAsString());
            }
        }
    }

    JsonNode body(MvcResult r) throws Exception {
        return json.readTree(r.getResponse().getContentAsString());
    }

    /** The tenant's row as stored: state, version and contract, to check that nothing changed. */
    String storedRow(String id) {
        return jdbc.sql("select state || '|' || version || '|' || contract from tenants where id = :id")
                .param("id", id).query(String.class).single();
    }

    int historySize(String id) {
        return jdbc.sql("select count(*) from tenant_transitions where tenant_id = :id").param("id", id)
                .query(Integer.class).single();
    }

    int tenantCount() {
        return jdbc.sql("select count(*) from tenants").query(Integer.class).single();
    }
}
