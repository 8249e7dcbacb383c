package eu.custodia.server.access;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.KeySpec;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Key scopes: a scope narrows what a key's roles allow, in the decision point (rule {@code key-scope}), with
 * every deny ledgered; bad scopes are refused at creation, naming the scope, and create nothing.
 */
@CustodiaTest
class KeyScopesTest {

    static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

    @Autowired
    WebApplicationContext context;
    @Autowired
    ApiKeys keys;
    @Autowired
    Accounts accounts;
    @Autowired
    DecisionPoint decisions;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    Clock clock;

    MockMvc mvc;
    TestAdministrators.Admin admin;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        admin = TestAdministrators.create(accounts, keys, clock);
        // The administrator's auditor keys carry the role only while it holds it (a person's key never carries a
        // production role its owner does not hold).
        accounts.grantRole(SYSTEM, admin.account(), Roles.PLATFORM_AUDITOR, null);
    }

    private String create(String json) throws Exception {
        return mvc.perform(post("/api/v1/keys").header("Authorization", "Bearer " + admin.token())
                .header("X-Custodia-OTP", admin.otp()).contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
    }

    private List<LedgerEvent> eventsOf(String actor) {
        return ledger.events().stream().filter(e -> e.actor().id().equals(actor)).toList();
    }

    @Test
    void auditorKeyWhenScopedToLedgerReadThenReadsLogsButNotTheRegisterAndTheDenyIsLedgered() throws Exception {
        String body = create("{\"roles\":[\"platform-auditor\"],\"description\":\"log shipper\","
                + "\"scopes\":[\"ledger:read\"]}");
        String token = JsonPath.read(body, "$.token");
        String id = JsonPath.read(body, "$.key.id");
        assertThat(JsonPath.<List<String>>read(body, "$.key.scopes")).containsExactly("ledger:read");
        TenantId tenant = TenantId.random();

        // Within the scope, the role and the other rules still decide: an auditor reads the platform's log, and
        // no tenant's (no standing staff access).
        assertThat(decisions.decide(keys.authenticate(token).orElseThrow(), Permission.LEDGER_READ, null).allowed())
                .isTrue();
        mvc.perform(get("/test/tenants/" + tenant + "/log").header("Authorization", "Bearer " + token))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.rule").value("no-standing-staff-access"));
        // Outside it, the role's other permissions are gone: the register is refused by the scope rule.
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + token))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.rule").value("key-scope"))
                .andExpect(jsonPath("$.permission").value("tenants:read"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("scoped to ledger:read")));
        assertThat(eventsOf(id)).filteredOn(e -> e.tenant() == null).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("access.denied");
            assertThat(e.outcome()).isEqualTo("denied");
            assertThat(e.reason()).contains("tenants:read", "by rule key-scope", "scoped to ledger:read");
        });

        // The same role without scopes reads the register.
        String unscoped = JsonPath.read(create("{\"roles\":[\"platform-auditor\"],\"description\":\"auditor\"}"),
                "$.token");
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + unscoped)).andExpect(status().isOk());

        // Shown when listing and reading keys (absent for an unscoped key), and in the creation event.
        mvc.perform(get("/api/v1/keys/" + id).header("Authorization", "Bearer " + admin.token()))
                .andExpect(jsonPath("$.scopes[0]").value("ledger:read")).andExpect(jsonPath("$.token").doesNotExist());
        String listed = mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer " + admin.token()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<List<String>>>read(listed, "$[?(@.id == '" + id + "')].scopes"))
                .containsExactly(List.of("ledger:read"));
        String unscopedId = unscoped.substring(4, unscoped.lastIndexOf('_'));
        assertThat(JsonPath.<List<Object>>read(listed, "$[?(@.id == '" + unscopedId + "')].scopes")).isEmpty();
        assertThat(ledger.events()).filteredOn(e -> e.target().equals("api-key/" + id)).singleElement()
                .satisfies(e -> {
                    assertThat(e.action()).isEqualTo("api-key.created");
                    assertThat(e.reason()).contains("roles platform-auditor", "scopes ledger:read")
                            .doesNotContain("log shipper");
                });
        assertNoSecretInLedger(token);
        assertNoSecretInLedger(unscoped);
    }

    @Test
    void explainWhenScopedKeyThenScopesAndTheScopeRuleShown() throws Exception {
        String id = JsonPath.read(create("{\"roles\":[\"platform-auditor\"],\"description\":\"explained\","
                + "\"scopes\":[\"ledger:read\"]}"), "$.key.id");
        mvc.perform(get("/api/v1/access/explain").header("Authorization", "Bearer " + admin.token())
                .param("caller", id).param("permission", "tenants:read"))
                .andExpect(jsonPath("$.allowed").value(false)).andExpect(jsonPath("$.rule").value("key-scope"))
                .andExpect(jsonPath("$.scopes[0]").value("ledger:read"))
                .andExpect(jsonPath("$.steps[3].rule").value("key-scope"));
        mvc.perform(get("/api/v1/access/explain").header("Authorization", "Bearer " + admin.token())
                .param("caller", id).param("permission", "ledger:read"))
                .andExpect(jsonPath("$.allowed").value(true)).andExpect(jsonPath("$.rule").value("role-permission"));
    }

    @Test
    void decideWhenAdministratorKeyScopedThenOnlyItsScopesAndTheOtherRulesStillApply() {
        // An administrator's key made after a step-up, narrowed to reading the register and the keys.
        Caller caller = keys.authenticate(keys.create(admin.caller(), new KeySpec(Set.of(Roles.PLATFORM_ADMIN), null,
                "read-only automation", null, Set.of("tenants:read", "keys:read"))).token()).orElseThrow();
        assertThat(caller.scopes()).containsExactlyInAnyOrder("tenants:read", "keys:read");
        TenantId tenant = TenantId.random();
        assertThat(decisions.decide(caller, Permission.TENANTS_READ, tenant).allowed()).isTrue();
        assertThat(decisions.decide(caller, Permission.KEYS_READ, null).allowed()).isTrue();
        Decision write = decisions.decide(caller, Permission.TENANTS_WRITE, tenant);
        assertThat(write.allowed()).isFalse();
        assertThat(write.rule()).isEqualTo("key-scope");
        assertThat(decisions.decide(caller, Permission.KEYS_ADMIN, null).rule()).isEqualTo("key-scope");
        // A scope never widens: a tenant reader scoped to its own permission stays on its own tenant.
        TenantId own = TenantId.random();
        Caller reader = keys.authenticate(keys.create(SYSTEM, new KeySpec(Set.of(Roles.TENANT_LEDGER_READER), own,
                "reader", null, Set.of("ledger:read"))).token()).orElseThrow();
        assertThat(decisions.decide(reader, Permission.LEDGER_READ, own).allowed()).isTrue();
        assertThat(decisions.decide(reader, Permission.LEDGER_READ, tenant).rule()).isEqualTo("tenant-scope");
        assertThat(ledger.events()).filteredOn(e -> e.actor().id().equals(caller.id())
                && e.action().equals("access.denied")).hasSize(2)
                .allSatisfy(e -> assertThat(e.reason()).contains("key-scope"));
    }

    @Test
    void createWhenScopesInvalidThen400NamingTheScopeAndNothingCreated() throws Exception {
        int before = keys.list().size();
        long created = ledger.events().stream().filter(e -> e.action().equals("api-key.created")).count();
        record Case(String json, String type, String scope, String says) {
        }
        for (Case c : List.of(
                new Case("{\"roles\":[\"platform-auditor\"],\"description\":\"x\",\"scopes\":[\"records:read\"]}",
                        "invalid-scope", "records:read",
                        "No role of the key (platform-auditor) carries scope records:read"),
                new Case("{\"roles\":[\"platform-auditor\"],\"description\":\"x\",\"scopes\":[\"ledger:everything\"]}",
                        "invalid-scope", "ledger:everything", "Unknown scope ledger:everything"),
                new Case("{\"roles\":[\"platform-auditor\"],\"description\":\"x\","
                        + "\"scopes\":[\"ledger:read\",\"keys:admin\"]}",
                        "invalid-scope", "keys:admin", "No role of the key (platform-auditor) carries scope keys:admin"),
                new Case("{\"roles\":[\"platform-admin\"],\"description\":\"x\",\"scopes\":[\"account:self\"]}",
                        "invalid-scope", "account:self", "Unknown scope account:self"),
                new Case("{\"roles\":[\"platform-auditor\"],\"description\":\"x\",\"scopes\":[null]}",
                        "invalid-scope", "(not a permission code)", "Unknown scope"),
                new Case("{\"roles\":[\"platform-auditor\"],\"description\":\"x\",\"scopes\":[]}",
                        "validation", null, "leave scopes out"))) {
            var result = mvc.perform(post("/api/v1/keys").header("Authorization", "Bearer " + admin.token())
                    .header("X-Custodia-OTP", admin.otp()).contentType(MediaType.APPLICATION_JSON).content(c.json()))
                    .andExpect(problem(c.type(), 400)).andExpect(jsonPath("$.errors[0].field").value("scopes"))
                    .andExpect(jsonPath("$.detail").value(Matchers.containsString(c.says())))
                    .andExpect(jsonPath("$.messageIt").isNotEmpty());
            if (c.scope() != null) {
                result.andExpect(jsonPath("$.scope").value(c.scope()));
            }
        }
        assertThat(keys.list()).hasSize(before);
        assertThat(ledger.events().stream().filter(e -> e.action().equals("api-key.created")).count())
                .isEqualTo(created);
        // The same rules hold whoever creates a key.
        assertThatThrownBy(() -> keys.create(SYSTEM, new KeySpec(Set.of(Roles.TENANT_LEDGER_READER),
                TenantId.random(), "x", null, Set.of("tenants:read"))))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type().slug()).isEqualTo("invalid-scope");
                    assertThat(e.properties()).containsEntry("scope", "tenants:read");
                });
        assertThat(keys.list()).hasSize(before);
    }

    private void assertNoSecretInLedger(String token) {
        String secret = token.substring(token.lastIndexOf('_') + 1);
        assertThat(ledger.events()).allSatisfy(e -> assertThat(e.toString()).doesNotContain(secret)
                .doesNotContain(token));
    }
}
