package eu.custodia.server.identity;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static eu.custodia.server.identity.SecurityAssertions.unauthenticated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.access.Decision;
import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.Tenant;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TenantState;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Service accounts over HTTP: created by an administrator of their tenant (or the platform), with no
 * username, password or second factor and never an administrative role; keys issued on their behalf work
 * while the account is active and only with roles it holds, and stop at once when it or its tenant is
 * suspended. Ledgers name the account by id and never hold a key's secret.
 */
@CustodiaTest
class ServiceAccountsTest {

    @Autowired
    WebApplicationContext context;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    SignIns signIns;
    @Autowired
    TenantCommands tenants;
    @Autowired
    DecisionPoint decisions;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    Clock clock;

    MockMvc mvc;
    TestAdministrators.Admin admin;
    /** Every token this test saw: none may appear in any ledger event. */
    final List<String> tokens = new ArrayList<>();

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        admin = TestAdministrators.create(accounts, keys, clock);
    }

    private static MockHttpServletRequestBuilder as(TestAdministrators.Admin who, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + who.token()).header("X-Custodia-OTP", who.otp());
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    /** Creates a service account over HTTP as {@code who} and returns its id. */
    private String createServiceAccount(TestAdministrators.Admin who, TenantId tenant, String name, String roles)
            throws Exception {
        String body = mvc.perform(json(as(who, post("/api/v1/accounts")), "{\"kind\":\"service\","
                + (tenant == null ? "" : "\"tenant\":\"" + tenant + "\",") + "\"name\":\"" + name
                + "\",\"description\":\"Nightly export to the billing system\",\"roles\":" + roles + "}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return JsonPath.read(body, "$.account.id");
    }

    /** Issues a key for a service account over HTTP as {@code who} and returns its token. */
    private String issueKey(TestAdministrators.Admin who, String account, String roles) throws Exception {
        String body = mvc.perform(json(as(who, post("/api/v1/accounts/" + account + "/keys")),
                "{\"roles\":" + roles + ",\"description\":\"billing export key\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.key.owner").value(account))
                .andReturn().getResponse().getContentAsString();
        String token = JsonPath.read(body, "$.token");
        tokens.add(token);
        return token;
    }

    private Tenant activeTenant() {
        Tenant tenant = tenants.create(admin.caller(), AccountsTest.contract());
        tenants.transition(admin.caller(), tenant.id(), TenantState.ACTIVE, "signed");
        return tenant;
    }

    private void assertNoSecretInLedger() {
        assertThat(tokens).isNotEmpty();
        for (String token : tokens) {
            String secret = token.substring(token.lastIndexOf('_') + 1);
            assertThat(ledger.events()).allSatisfy(e -> assertThat(e.toString()).doesNotContain(secret));
        }
    }

    @Test
    void createWhenPlatformServiceAccountThenActiveWithoutUsernamePasswordOrFactorAndLedgeredById() throws Exception {
        String body = mvc.perform(json(as(admin, post("/api/v1/accounts")), "{\"kind\":\"service\","
                + "\"name\":\"Billing-Sync\",\"description\":\"Nightly export to the billing system\","
                + "\"roles\":[\"platform-auditor\"]}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.account.kind").value("service"))
                .andExpect(jsonPath("$.account.state").value("active"))
                .andExpect(jsonPath("$.account.name").value("billing-sync"))
                .andExpect(jsonPath("$.account.description").value("Nightly export to the billing system"))
                .andExpect(jsonPath("$.account.username").doesNotExist())
                .andExpect(jsonPath("$.account.tenant").doesNotExist())
                .andExpect(jsonPath("$.account.secondFactors").isEmpty())
                .andExpect(jsonPath("$.account.roles[0].role").value("platform-auditor"))
                .andExpect(jsonPath("$.invitationToken").doesNotExist())
                .andReturn().getResponse().getContentAsString();
        String id = JsonPath.read(body, "$.account.id");

        // Listed with the platform's accounts, and alone with kind=service.
        String listed = mvc.perform(get("/api/v1/accounts").param("kind", "service")
                .header("Authorization", "Bearer " + admin.token())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(listed, "$[*].id")).contains(id);
        assertThat(JsonPath.<List<String>>read(listed, "$[*].kind")).containsOnly("service");
        // The same name again on the platform: a conflict.
        mvc.perform(json(as(admin, post("/api/v1/accounts")), "{\"kind\":\"service\",\"name\":\"billing-sync\","
                + "\"description\":\"again\"}")).andExpect(problem("conflict", 409))
                .andExpect(jsonPath("$.messageIt").isNotEmpty());

        assertThat(ledger.events()).filteredOn(e -> e.target().equals("account/" + id))
                .extracting(LedgerEvent::action, LedgerEvent::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("account.created", "success"),
                        org.assertj.core.groups.Tuple.tuple("account.role-granted", "success"));
        assertThat(ledger.events()).filteredOn(e -> e.target().equals("account/" + id)).allSatisfy(e -> {
            assertThat(e.tenant()).isNull();
            assertThat(e.actor().id()).isEqualTo(admin.key().key().id());
            assertThat(e.reason()).doesNotContain("billing", "Nightly");
        });

        // No sign-in (no username, no password), no second factor: it acts only through keys.
        for (String name : List.of("billing-sync", id)) {
            assertThatThrownBy(() -> signIns.password(name, "", "192.0.2.1"))
                    .isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.type().slug()).isEqualTo("signin-failed"));
        }
        String token = issueKey(admin, id, "[\"platform-auditor\"]");
        mvc.perform(post("/api/v1/account/totp").header("Authorization", "Bearer " + token))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.messageIt").isNotEmpty());
        mvc.perform(post("/api/v1/account/passkeys/options").header("Authorization", "Bearer " + token))
                .andExpect(problem("forbidden", 403));
        assertThat(accounts.find(id).orElseThrow().secondFactors()).isEmpty();
        assertNoSecretInLedger();
    }

    @Test
    void adminRoleWhenForAServiceAccountThenRefusedLedgeredAndNothingCreated() throws Exception {
        int before = accounts.list(null).size();
        mvc.perform(json(as(admin, post("/api/v1/accounts")), "{\"kind\":\"service\",\"name\":\"root-bot\","
                + "\"description\":\"wants everything\",\"roles\":[\"platform-auditor\",\"platform-admin\"]}"))
                .andExpect(problem("service-account-admin-role", 409)).andExpect(jsonPath("$.role").value("platform-admin"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("never hold an administrative role")))
                .andExpect(jsonPath("$.messageIt").value(Matchers.containsString("ruolo amministrativo")));
        assertThat(accounts.list(null)).hasSize(before);
        assertThat(ledger.events()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("account.created");
            assertThat(e.outcome()).isEqualTo("denied");
            assertThat(e.target()).isEqualTo("platform");
            assertThat(e.reason()).contains("kind service", "platform-admin refused");
        });

        String id = createServiceAccount(admin, null, "auditor-bot", "[]");
        mvc.perform(json(as(admin, post("/api/v1/accounts/" + id + "/roles")), "{\"role\":\"platform-admin\"}"))
                .andExpect(problem("service-account-admin-role", 409));
        assertThat(ledger.events()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("account.role-granted");
            assertThat(e.outcome()).isEqualTo("denied");
            assertThat(e.target()).isEqualTo("account/" + id);
            assertThat(e.reason()).contains("platform-admin refused: service accounts never hold");
        });
        // A tenant's service account cannot be its tenant's administrator either.
        Tenant tenant = activeTenant();
        String tenantBot = createServiceAccount(admin, tenant.id(), "tenant-bot", "[]");
        mvc.perform(json(as(admin, post("/api/v1/accounts/" + tenantBot + "/roles")),
                "{\"role\":\"tenant-admin\",\"tenant\":\"" + tenant.id() + "\"}"))
                .andExpect(problem("service-account-admin-role", 409));
        assertThat(accounts.find(id).orElseThrow().roles()).isEmpty();
        assertThat(accounts.find(tenantBot).orElseThrow().roles()).isEmpty();
        // Nor, therefore, can a key of one carry such a role.
        mvc.perform(json(as(admin, post("/api/v1/accounts/" + id + "/keys")),
                "{\"roles\":[\"platform-admin\"],\"description\":\"admin key\"}"))
                .andExpect(problem("validation", 400)).andExpect(jsonPath("$.errors[0].field").value("roles"));
        assertThat(keys.listOwnedBy(id)).isEmpty();
    }

    @Test
    void keyWhenServiceAccountSuspendedThenRefusedWithinOneSecondAndStaysRevoked() throws Exception {
        String id = createServiceAccount(admin, null, "report-bot", "[\"platform-auditor\"]");
        // A tenant of one's choosing: refused, nothing created.
        mvc.perform(json(as(admin, post("/api/v1/accounts/" + id + "/keys")),
                "{\"roles\":[\"tenant-ledger-reader\"],\"tenant\":\"" + TenantId.random() + "\",\"description\":\"x\"}"))
                .andExpect(problem("validation", 400)).andExpect(jsonPath("$.errors[0].field").value("tenant"));
        assertThat(keys.listOwnedBy(id)).isEmpty();

        String token = issueKey(admin, id, "[\"platform-auditor\"]");
        ApiKey key = keys.listOwnedBy(id).get(0);
        assertThat(key.owner()).isEqualTo(id);
        assertThat(key.createdBy()).isEqualTo(admin.key().key().id());
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/accounts/" + id + "/keys").header("Authorization", "Bearer " + admin.token()))
                .andExpect(jsonPath("$[0].id").value(key.id())).andExpect(jsonPath("$[0].token").doesNotExist());
        assertThat(ledger.events()).filteredOn(e -> e.target().equals("api-key/" + key.id())).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("owner " + id + " (service account)")
                        .doesNotContain("billing export key"));

        long start = System.nanoTime();
        mvc.perform(json(as(admin, post("/api/v1/accounts/" + id + "/state")),
                "{\"state\":\"suspended\",\"reason\":\"integration retired\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("suspended"));
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + token)).andExpect(unauthenticated());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(keys.authenticate(token)).isEmpty();
        assertThat(keys.find(key.id()).orElseThrow().revoked()).isTrue();
        assertThat(ledger.events()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("account.suspended");
            assertThat(e.target()).isEqualTo("account/" + id);
            assertThat(e.reason()).contains("integration retired", "1 API keys revoked");
        });
        // A suspended service account gets no keys; reactivated, its old key stays revoked.
        mvc.perform(json(as(admin, post("/api/v1/accounts/" + id + "/keys")),
                "{\"roles\":[\"platform-auditor\"],\"description\":\"x\"}")).andExpect(problem("conflict", 409));
        mvc.perform(json(as(admin, post("/api/v1/accounts/" + id + "/state")),
                "{\"state\":\"active\",\"reason\":\"integration back\"}")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + token)).andExpect(unauthenticated());

        // Deprovisioning stops a new key just as fast.
        String second = issueKey(admin, id, "[\"platform-auditor\"]");
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + second)).andExpect(status().isOk());
        start = System.nanoTime();
        mvc.perform(json(as(admin, post("/api/v1/accounts/" + id + "/state")),
                "{\"state\":\"deprovisioned\",\"reason\":\"integration removed\"}")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + second)).andExpect(unauthenticated());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertNoSecretInLedger();
    }

    @Test
    void keyWhenRoleRevokedFromTheServiceAccountThenTheKeyLosesItAtOnce() throws Exception {
        String id = createServiceAccount(admin, null, "register-bot", "[\"platform-auditor\"]");
        String token = issueKey(admin, id, "[\"platform-auditor\"]");
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
        mvc.perform(as(admin, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .delete("/api/v1/accounts/" + id + "/roles/platform-auditor"))).andExpect(status().isOk());
        assertThat(keys.authenticate(token).orElseThrow().roles()).isEmpty();
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + token))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.rule").value("default-deny"));
    }

    @Test
    void tenantWhenSuspendedThenItsServiceAccountsAndTheirKeysStopAtOnce() throws Exception {
        Tenant tenant = activeTenant();
        // The tenant's own administrator issues its machine credentials (staff cannot: no standing access).
        TestAdministrators.Admin tenantAdmin = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant.id());
        String id = createServiceAccount(tenantAdmin, tenant.id(), "ledger-shipper", "[\"tenant-ledger-reader\"]");
        String token = issueKey(tenantAdmin, id, "[\"tenant-ledger-reader\"]");
        Caller caller = keys.authenticate(token).orElseThrow();
        assertThat(caller.tenant()).isEqualTo(tenant.id());
        // The tenant is strict, but a service account is not a user: no second factor is asked of it.
        assertThat(caller.mfaRequired()).isFalse();
        Decision read = decisions.decide(caller, Permission.LEDGER_READ, tenant.id());
        assertThat(read.allowed()).as(read.reason()).isTrue();
        assertThat(ledger.events()).filteredOn(e -> e.target().equals("account/" + id))
                .allSatisfy(e -> assertThat(e.tenant()).isEqualTo(tenant.id()));

        long start = System.nanoTime();
        tenants.transition(admin.caller(), tenant.id(), TenantState.SUSPENDED, "contract ended");
        mvc.perform(get("/test/tenants/" + tenant.id() + "/log").header("Authorization", "Bearer " + token))
                .andExpect(unauthenticated());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(accounts.find(id).orElseThrow().state()).isEqualTo(AccountState.SUSPENDED);
        assertThat(keys.listOwnedBy(id)).allSatisfy(k -> assertThat(k.revoked()).isTrue());
        assertThat(ledger.events()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("tenant.access-ended");
            assertThat(e.tenant()).isEqualTo(tenant.id());
            // the tenant administrator and the service account, and their keys
            assertThat(e.reason()).contains("2 accounts suspended (1 of them service accounts)", "2 API keys revoked");
        });
        // Reactivating the tenant reactivates neither the account nor its key.
        tenants.transition(admin.caller(), tenant.id(), TenantState.ACTIVE, "renewed");
        assertThat(accounts.find(id).orElseThrow().state()).isEqualTo(AccountState.SUSPENDED);
        assertThat(keys.authenticate(token)).isEmpty();
        assertNoSecretInLedger();
    }

    @Test
    void tenantAdminWhenAnotherTenantThenNeitherServiceAccountNorKeyThereButOnItsOwn() throws Exception {
        Tenant own = activeTenant();
        Tenant other = activeTenant();
        TestAdministrators.Admin tenantAdmin = TestAdministrators.createTenantAdmin(accounts, keys, clock, own.id());
        int otherAccounts = accounts.list(other.id()).size();
        int platformAccounts = accounts.list(null).size();

        // Another tenant, or the platform: denied by the decision point, nothing created, the deny ledgered.
        mvc.perform(json(as(tenantAdmin, post("/api/v1/accounts")), "{\"kind\":\"service\",\"tenant\":\""
                + other.id() + "\",\"name\":\"intruder\",\"description\":\"x\"}"))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.rule").value("tenant-scope"));
        mvc.perform(json(as(tenantAdmin, post("/api/v1/accounts")), "{\"kind\":\"service\","
                + "\"name\":\"intruder\",\"description\":\"x\"}"))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.rule").value("tenant-scope"));
        assertThat(accounts.list(other.id())).hasSize(otherAccounts);
        assertThat(accounts.list(null)).hasSize(platformAccounts);
        String othersBot = createServiceAccount(admin, other.id(), "others-bot", "[\"tenant-ledger-reader\"]");
        mvc.perform(json(as(tenantAdmin, post("/api/v1/accounts/" + othersBot + "/keys")),
                "{\"roles\":[\"tenant-ledger-reader\"],\"description\":\"x\"}"))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.rule").value("tenant-scope"));
        mvc.perform(get("/api/v1/accounts/" + othersBot + "/keys").header("Authorization", "Bearer "
                + tenantAdmin.token())).andExpect(problem("forbidden", 403));
        assertThat(keys.listOwnedBy(othersBot)).isEmpty();
        assertThat(ledger.events()).filteredOn(e -> e.actor().id().equals(tenantAdmin.key().key().id())
                && e.action().equals("access.denied")).hasSizeGreaterThanOrEqualTo(3)
                .anySatisfy(e -> assertThat(e.tenant()).isEqualTo(other.id()));

        // Its own tenant: allowed, and the key is bound to it.
        String ownBot = createServiceAccount(tenantAdmin, own.id(), "own-bot", "[\"tenant-ledger-reader\"]");
        String token = issueKey(tenantAdmin, ownBot, "[\"tenant-ledger-reader\"]");
        mvc.perform(get("/test/tenants/" + own.id() + "/log").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk());
        mvc.perform(get("/test/tenants/" + other.id() + "/log").header("Authorization", "Bearer " + token))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.rule").value("tenant-scope"));
        String listed = mvc.perform(get("/api/v1/accounts").param("tenant", own.id().value()).param("kind", "service")
                .header("Authorization", "Bearer " + tenantAdmin.token())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(listed, "$[*].id")).containsExactly(ownBot);
        // Its revocation by the tenant's administrator goes to the tenant's log, like the key's creation.
        String keyId = token.substring(4, token.lastIndexOf('_'));
        mvc.perform(as(tenantAdmin, post("/api/v1/accounts/" + othersBot + "/keys/" + keyId + "/revoke")))
                .andExpect(problem("forbidden", 403));
        mvc.perform(as(tenantAdmin, post("/api/v1/accounts/" + ownBot + "/keys/" + keyId + "/revoke")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.revokedAt").isNotEmpty());
        assertThat(keys.authenticate(token)).isEmpty();
        assertThat(ledger.events()).filteredOn(e -> e.target().equals("api-key/" + keyId))
                .extracting(LedgerEvent::action).containsExactly("api-key.created", "api-key.revoked");
        assertThat(ledger.events()).filteredOn(e -> e.target().equals("api-key/" + keyId))
                .allSatisfy(e -> assertThat(e.tenant()).isEqualTo(own.id()));
        assertNoSecretInLedger();
    }

    @Test
    void createWhenInputInvalidThenBilingualValidationAndNothingCreated() throws Exception {
        int before = accounts.list(null).size();
        for (String body : List.of(
                "{\"kind\":\"service\",\"name\":\"x\",\"description\":\"too short a name\"}",
                "{\"kind\":\"service\",\"name\":\"mario.rossi@example.com\",\"description\":\"not a machine name\"}",
                "{\"kind\":\"service\",\"name\":\"no-description\"}",
                "{\"kind\":\"service\",\"name\":\"with-username\",\"username\":\"bot\",\"description\":\"x\"}",
                "{\"kind\":\"service\",\"name\":\"bad-role\",\"description\":\"x\",\"roles\":[\"root\"]}",
                "{\"kind\":\"service\",\"name\":\"tenant-role\",\"description\":\"x\",\"roles\":[\"tenant-ledger-reader\"]}",
                "{\"kind\":\"staff\",\"username\":\"someone\",\"name\":\"someone\"}")) {
            mvc.perform(json(as(admin, post("/api/v1/accounts")), body)).andExpect(problem("validation", 400));
        }
        assertThat(accounts.list(null)).hasSize(before);
        // A person creates its own keys: none are issued on its behalf.
        int owned = keys.listOwnedBy(admin.account()).size();
        mvc.perform(json(as(admin, post("/api/v1/accounts/" + admin.account() + "/keys")),
                "{\"roles\":[\"platform-auditor\"],\"description\":\"x\"}")).andExpect(problem("conflict", 409))
                .andExpect(jsonPath("$.messageIt").isNotEmpty());
        assertThat(keys.listOwnedBy(admin.account())).hasSize(owned);
        mvc.perform(get("/api/v1/accounts").param("kind", "robot").header("Authorization", "Bearer " + admin.token()))
                .andExpect(problem("validation", 400)).andExpect(jsonPath("$.messageIt").isNotEmpty());
    }
}
