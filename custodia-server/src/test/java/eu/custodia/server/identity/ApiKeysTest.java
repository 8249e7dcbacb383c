package eu.custodia.server.identity;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static eu.custodia.server.identity.SecurityAssertions.securityHeaders;
import static eu.custodia.server.identity.SecurityAssertions.unauthenticated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.testing.CustodiaTest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** Bearer API keys over HTTP: shown once, working at once, refused at once when revoked or altered. */
@CustodiaTest
class ApiKeysTest {

    static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

    @Autowired
    WebApplicationContext context;
    @Autowired
    ApiKeys keys;
    @Autowired
    RecordingLedger ledger;

    @Autowired
    Accounts accounts;
    @Autowired
    java.time.Clock clock;

    MockMvc mvc;
    TestAdministrators.Admin administrator;
    String admin;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        administrator = TestAdministrators.create(accounts, keys, clock);
        admin = administrator.token();
    }

    private String createOverHttp(String json) throws Exception {
        String body = mvc.perform(post("/api/v1/keys").header("Authorization", "Bearer " + admin)
                .header("X-Custodia-OTP", administrator.otp())
                .contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isCreated()).andExpect(securityHeaders()).andReturn().getResponse()
                .getContentAsString();
        return JsonPath.read(body, "$.token");
    }

    @Test
    void keyWhenItsOwnerLosesTheAdministrativeRoleThenTheKeyLosesItAtOnce() throws Exception {
        TestAdministrators.Admin other = TestAdministrators.create(accounts, keys, clock);
        mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer " + other.token())).andExpect(status().isOk());

        accounts.revokeRole(SYSTEM, other.account(), Roles.PLATFORM_ADMIN, null);

        mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer " + other.token()))
                .andExpect(status().isForbidden());
        assertThat(keys.authenticate(other.token()).orElseThrow().roles()).doesNotContain(Roles.PLATFORM_ADMIN);
        // Granted again (the account still has its factor), the same key is an administrator's key again.
        accounts.grantRole(SYSTEM, other.account(), Roles.PLATFORM_ADMIN, null);
        mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer " + other.token())).andExpect(status().isOk());
    }

    @Test
    void keyWhenItsOwnerLosesATenantRoleThenTheKeyLosesItAtOnceButKeepsAMachineRole() {
        TestAdministrators.Admin platform = TestAdministrators.create(accounts, keys, clock);
        TenantId tenant = TenantId.random();
        TestAdministrators.Admin admin = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant);
        accounts.grantRole(SYSTEM, admin.account(), Roles.TENANT_MEMBER, tenant);
        Caller self = new Caller(admin.account(), Account.TENANT_USER, Set.of(Roles.TENANT_ADMIN, Roles.TENANT_MEMBER),
                tenant, admin.caller().authMethods(), admin.account(), admin.caller().factors(), true);
        String token = keys.create(self, Set.of(Roles.TENANT_MEMBER, Roles.TENANT_LEDGER_READER), tenant,
                "member's key").token();
        assertThat(keys.authenticate(token).orElseThrow().roles())
                .containsExactlyInAnyOrder(Roles.TENANT_MEMBER, Roles.TENANT_LEDGER_READER);

        // An access review, or an administrator, takes the role from the person: the person's key loses it too.
        accounts.revokeRole(platform.caller(), admin.account(), Roles.TENANT_MEMBER, tenant);

        assertThat(keys.authenticate(token).orElseThrow().roles()).containsExactly(Roles.TENANT_LEDGER_READER);
    }

    @Test
    void createWhenAdminThenTokenShownOnceWorksAndIsLedgered() throws Exception {
        String token = createOverHttp("{\"roles\":[\"platform-admin\"],\"description\":\"ops automation\"}");
        String id = token.substring(4, token.lastIndexOf('_'));
        String secret = token.substring(token.lastIndexOf('_') + 1);

        String listed = mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andExpect(securityHeaders()).andReturn().getResponse()
                .getContentAsString();
        assertThat(listed).contains(id).doesNotContain(secret).doesNotContain("secret").doesNotContain("token");
        mvc.perform(get("/api/v1/keys/" + id).header("Authorization", "Bearer " + admin))
                .andExpect(status().isOk()).andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.token").doesNotExist()).andExpect(jsonPath("$.lastUsedAt").isNotEmpty());
        assertThat(ledger.events()).filteredOn(e -> e.action().equals("api-key.created")
                && e.target().equals("api-key/" + id)).singleElement().satisfies(e -> {
                    assertThat(e.tenant()).isNull();
                    assertThat(e.outcome()).isEqualTo("success");
                    assertThat(e.reason()).doesNotContain("ops automation");
                });
    }

    @Test
    void revokeWhenKeyRevokedThenUnauthorizedAtOnceAndLedgered() throws Exception {
        String token = createOverHttp("{\"roles\":[\"platform-admin\"],\"description\":\"to revoke\"}");
        String id = token.substring(4, token.lastIndexOf('_'));
        mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer " + token)).andExpect(status().isOk());

        mvc.perform(post("/api/v1/keys/" + id + "/revoke").header("Authorization", "Bearer " + admin).header("X-Custodia-OTP", administrator.otp()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.revokedAt").isNotEmpty());

        mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer " + token))
                .andExpect(unauthenticated()).andExpect(securityHeaders());
        assertThat(keys.authenticate(token)).isEmpty();
        assertThat(ledger.events()).extracting(LedgerEvent::action, LedgerEvent::target)
                .contains(org.assertj.core.groups.Tuple.tuple("api-key.revoked", "api-key/" + id));
    }

    @Test
    void authenticateWhenTokenTamperedMalformedOrUnknownThenSameUnauthorized() throws Exception {
        String token = createOverHttp("{\"roles\":[\"platform-admin\"],\"description\":\"victim\"}");
        List<String> attacks = List.of(
                flip(token, token.length() - 1),            // a flipped secret character
                flip(token, 10),                             // a flipped key id character
                token.substring(0, token.length() - 1),      // truncated
                token + "a",                                 // extended
                token.replace("cst_", "cux_"),               // wrong prefix
                "cst_key-aaaaaaaaaaaaaaaa_" + token.substring(token.lastIndexOf('_') + 1), // secret under another id
                "", "null", "x".repeat(10_000));
        String expected = null;
        for (String attack : attacks) {
            String body = mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer " + attack))
                    .andExpect(unauthenticated()).andExpect(securityHeaders()).andReturn().getResponse()
                    .getContentAsString();
            String detail = JsonPath.read(body, "$.detail");
            assertThat(expected == null || expected.equals(detail)).as("same detail for %s", attack).isTrue();
            expected = detail;
        }
        mvc.perform(get("/api/v1/keys").header("Authorization", "Basic " + token)).andExpect(unauthenticated());
        mvc.perform(get("/api/v1/keys")).andExpect(unauthenticated()).andExpect(securityHeaders());
        mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
    }

    @Test
    void createWhenInputInvalidThenValidationProblemAndNoKey() throws Exception {
        int before = keys.list().size();
        for (String json : List.of(
                "{\"roles\":[\"root\"],\"description\":\"x\"}",
                "{\"roles\":[],\"description\":\"x\"}",
                "{\"description\":\"x\"}",
                "{\"roles\":[\"tenant-ledger-reader\"],\"description\":\"needs a tenant\"}",
                "{\"roles\":[\"platform-admin\"],\"tenant\":\"" + TenantId.random() + "\",\"description\":\"x\"}",
                "{\"roles\":[\"tenant-ledger-reader\"],\"tenant\":\"acme\",\"description\":\"x\"}",
                "{\"roles\":[\"platform-admin\"]}",
                "{\"roles\":[\"platform-admin\"],\"description\":\"line\\nbreak\"}")) {
            mvc.perform(post("/api/v1/keys").header("Authorization", "Bearer " + admin).header("X-Custodia-OTP", administrator.otp())
                    .contentType(MediaType.APPLICATION_JSON).content(json))
                    .andExpect(problem("validation", 400)).andExpect(jsonPath("$.errors[0].field").isNotEmpty());
        }
        mvc.perform(post("/api/v1/keys").header("Authorization", "Bearer " + admin).header("X-Custodia-OTP", administrator.otp())
                .contentType(MediaType.APPLICATION_JSON).content("{not json")).andExpect(status().isBadRequest());
        assertThat(keys.list()).hasSize(before);
    }

    @Test
    void revokeWhenLastLiveAdministratorThenConflictAndKeyStillWorks() throws Exception {
        for (ApiKey key : keys.list()) {
            if (!key.revoked() && !admin.contains(key.id())) {
                keys.revoke(SYSTEM, key.id());
            }
        }
        String id = admin.substring(4, admin.lastIndexOf('_'));
        mvc.perform(post("/api/v1/keys/" + id + "/revoke").header("Authorization", "Bearer " + admin).header("X-Custodia-OTP", administrator.otp()))
                .andExpect(problem("conflict", 409));
        mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer " + admin)).andExpect(status().isOk());
        mvc.perform(post("/api/v1/keys/key-aaaaaaaaaaaaaaaa/revoke").header("Authorization", "Bearer " + admin).header("X-Custodia-OTP", administrator.otp()))
                .andExpect(problem("not-found", 404));
    }

    @Test
    void revokeWhenTheLastTwoAdministratorKeysAreRevokedAtOnceThenOneAlwaysStays() throws Exception {
        for (int round = 0; round < 8; round++) {
            IssuedKey first = keys.create(SYSTEM, Set.of(Roles.PLATFORM_ADMIN), null, "race a " + round);
            IssuedKey second = keys.create(SYSTEM, Set.of(Roles.PLATFORM_ADMIN), null, "race b " + round);
            for (ApiKey key : keys.list()) {
                if (!key.revoked() && !key.id().equals(first.key().id()) && !key.id().equals(second.key().id())) {
                    keys.revoke(SYSTEM, key.id());
                }
            }
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
                for (IssuedKey key : List.of(first, second)) {
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            keys.revoke(SYSTEM, key.key().id());
                            return true;
                        } catch (eu.custodia.server.platform.ProblemException e) {
                            return false;
                        } catch (org.springframework.dao.DataAccessException e) {
                            return false; // SQLite: the second writer may be told to retry; nothing changed
                        }
                    }));
                }
                int revoked = 0;
                for (java.util.concurrent.Future<Boolean> f : results) {
                    revoked += f.get() ? 1 : 0;
                }
                assertThat(revoked).as("round %d", round).isLessThanOrEqualTo(1);
                assertThat(keys.list().stream().filter(k -> !k.revoked() && k.roles().contains(Roles.PLATFORM_ADMIN)))
                        .as("a live administrator key remains").isNotEmpty();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static String flip(String token, int index) {
        char c = token.charAt(index);
        return token.substring(0, index) + (c == 'a' ? 'b' : 'a') + token.substring(index + 1);
    }
}
