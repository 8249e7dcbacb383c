package eu.custodia.server.identity.internal;

import eu.custodia.server.identity.internal.totp.Totp;
import eu.custodia.server.identity.internal.totp.TotpSecret;
import org.springframework.http.MediaType;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static eu.custodia.server.identity.SecurityAssertions.securityHeaders;
import static eu.custodia.server.identity.SecurityAssertions.unauthenticated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

/**
 * The first administrator's bootstrap, on a store without one. Methods run in order: the last one
 * completes setup.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SetupTest {

    @Autowired
    WebApplicationContext context;
    @Autowired
    SetupTokens tokens;
    @Autowired
    MutableClock clock;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    JdbcClient jdbc;

    MockMvc mvc;

    @BeforeEach
    void mockMvc() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    /** What a restart does before setup: a fresh token, the previous one invalidated. */
    private String restart() {
        return tokens.issueIfNoAdministrator().orElseThrow().token();
    }

    @Test
    @Order(1)
    void requestWhenSetupPendingThenServiceUnavailableProblemSayingWhatToDo() throws Exception {
        for (String path : List.of("/api/v1/keys", "/api/v1/access/explain", "/no/such/path")) {
            mvc.perform(get(path)).andExpect(problem("setup-required", 503)).andExpect(securityHeaders())
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("POST /api/v1/setup")));
        }
        mvc.perform(get("/api/docs")).andExpect(problem("setup-required", 503))
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'")));
        mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer cus_key-aaaaaaaaaaaaaaaa_x"))
                .andExpect(problem("setup-required", 503));
        mvc.perform(post("/actuator/health")).andExpect(status().isServiceUnavailable());
        mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(securityHeaders());
    }

    @Test
    @Order(2)
    void setupWhenTokenExpiredThenUnauthorized() throws Exception {
        String token = restart();
        clock.advance(SetupTokens.VALIDITY.plus(Duration.ofSeconds(1)));
        mvc.perform(post("/api/v1/setup").header("Authorization", "Bearer " + token))
                .andExpect(unauthenticated()).andExpect(securityHeaders());
        assertThat(jdbc.sql("SELECT count(*) FROM api_keys").query(Integer.class).single()).isZero();
    }

    @Test
    @Order(3)
    void setupWhenRestartedThenOldTokenRefused() throws Exception {
        String old = restart();
        String fresh = restart();
        assertThat(fresh).isNotEqualTo(old);
        mvc.perform(post("/api/v1/setup").header("Authorization", "Bearer " + old)).andExpect(unauthenticated());
        assertThat(jdbc.sql("SELECT count(*) FROM setup_tokens").query(Integer.class).single()).isOne();
    }

    @Test
    @Order(4)
    void setupWhenTokenTamperedOrMissingThenUnauthorized() throws Exception {
        String token = restart();
        char last = token.charAt(token.length() - 1);
        String flipped = token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a');
        for (String auth : List.of("Bearer " + flipped, "Bearer " + token.substring(1), "Basic " + token,
                "Bearer " + token + "a", "Bearer ")) {
            mvc.perform(post("/api/v1/setup").header("Authorization", auth)).andExpect(unauthenticated());
        }
        mvc.perform(post("/api/v1/setup")).andExpect(unauthenticated());
        assertThat(jdbc.sql("SELECT count(*) FROM api_keys").query(Integer.class).single()).isZero();
    }

    @Test
    @Order(5)
    void bootstrapWhenPrintedThenInstructionsInEnglishAndItalianWithToken() {
        SetupTokens.Issued issued = tokens.issueIfNoAdministrator().orElseThrow();
        String text = SetupBootstrap.instructions(issued);
        assertThat(text).contains(issued.token(), "POST /api/v1/setup", "Authorization: Bearer",
                "create the first platform administrator", "create il primo amministratore");
        assertThat(issued.toString()).doesNotContain(issued.token());
        String stored = jdbc.sql("SELECT token_hash FROM setup_tokens").query(String.class).single();
        assertThat(stored).isEqualTo(Secrets.sha256(issued.token())).doesNotContain(issued.token());
    }

    @Test
    @Order(6)
    @SuppressWarnings("unchecked")
    void setupWhenRacedWithOneTokenThenExactlyOneAdministratorShownOnceAndReplayRefused() throws Exception {
        String token = restart();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<MockHttpServletResponse> responses = new ArrayList<>();
        try {
            Callable<MockHttpServletResponse> attempt = () -> mvc.perform(post("/api/v1/setup")
                    .header("Authorization", "Bearer " + token)).andReturn().getResponse();
            for (Future<MockHttpServletResponse> f : pool.invokeAll(List.of(attempt, attempt, attempt, attempt))) {
                responses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(responses).extracting(MockHttpServletResponse::getStatus).containsOnlyOnce(201)
                .filteredOn(s -> s != 201).containsOnly(401);
        MockHttpServletResponse created = responses.stream().filter(r -> r.getStatus() == 201).findFirst()
                .orElseThrow();
        assertThat(created.getHeader("Cache-Control")).isEqualTo("no-store");
        String body = created.getContentAsString();
        String adminToken = JsonPath.read(body, "$.token");
        assertThat(adminToken).matches("cst_key-[a-z2-7]{16}_[a-z2-7]{52}");
        assertThat((List<String>) JsonPath.read(body, "$.key.roles")).containsExactly("platform-admin");
        assertThat(jdbc.sql("SELECT count(*) FROM api_keys").query(Integer.class).single()).isOne();

        // Until the administrator confirms the TOTP enrolment, its account holds no administrative role, so
        // neither does the key.
        mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer " + adminToken))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.rule").value("default-deny"));
        assertThat(jdbc.sql("SELECT count(*) FROM account_roles").query(Integer.class).single()).isZero();
        Totp totp = Totp.withDefaults(clock);
        TotpSecret secret0 = TotpSecret.fromBase32(JsonPath.read(body, "$.totp.secret"));
        assertThat((String) JsonPath.read(body, "$.totp.uri")).startsWith("otpauth://totp/");
        mvc.perform(post("/api/v1/account/totp/confirm").header("Authorization", "Bearer " + adminToken)
                .contentType(MediaType.APPLICATION_JSON).content("{\"code\":\"000000x\"}"))
                .andExpect(status().isBadRequest());
        String codes = mvc.perform(post("/api/v1/account/totp/confirm").header("Authorization", "Bearer " + adminToken)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"code\":\"" + totp.code(secret0, totp.currentStep()) + "\"}"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat((List<String>) JsonPath.read(codes, "$.recoveryCodes")).hasSize(10);
        assertThat(jdbc.sql("SELECT role || '/' || granted_by FROM account_roles").query(String.class).list())
                .as("the enrolment made the account an administrator").containsExactly("platform-admin/setup");

        // The key works, is never shown again, and the setup token cannot be replayed.
        String listed = mvc.perform(get("/api/v1/keys").header("Authorization", "Bearer " + adminToken))
                .andExpect(status().isOk()).andExpect(securityHeaders()).andReturn().getResponse()
                .getContentAsString();
        String secret = adminToken.substring(adminToken.lastIndexOf('_') + 1);
        assertThat(listed).doesNotContain(secret).doesNotContain(Secrets.sha256(secret))
                .doesNotContain("secret").doesNotContain("token");
        mvc.perform(post("/api/v1/setup").header("Authorization", "Bearer " + token)).andExpect(unauthenticated());
    }

    @Test
    @Order(7)
    void setupWhenTokenValidThenAdministratorKeyShownOnceAndReplayRefused() throws Exception {
        // The race above completed setup; a restart now issues nothing and clears leftovers.
        assertThat(tokens.issueIfNoAdministrator()).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM setup_tokens").query(Integer.class).single()).isZero();
        List<String> actions = ledger.events().stream().map(LedgerEvent::action).toList();
        assertThat(actions).contains("platform.setup-token-issued", "platform.setup-completed", "api-key.created");
        assertThat(ledger.events()).filteredOn(e -> e.action().equals("platform.setup-completed"))
                .singleElement().satisfies(e -> {
                    assertThat(e.tenant()).isNull();
                    assertThat(e.actor().id()).isEqualTo("setup");
                });
        mvc.perform(get("/api/v1/keys")).andExpect(unauthenticated()).andExpect(securityHeaders());
    }
}
