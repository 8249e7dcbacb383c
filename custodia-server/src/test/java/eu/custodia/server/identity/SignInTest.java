package eu.custodia.server.identity;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.identity.internal.totp.Totp;
import eu.custodia.server.testing.CustodiaTest;
import jakarta.servlet.Filter;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Sign-in with server-side sessions: a password alone carries no administrative authority, a second factor
 * does, a stale one is refused for sensitive operations; suspension ends sessions at once; unknown and known
 * usernames get the same answer in the same time; lockout with its notice; one's own sessions listed and
 * ended; CSRF on session requests; the absolute lifetime.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
@TestPropertySource(properties = "custodia.test.context=sign-in")
class SignInTest {

    private static final String COOKIE = "__Host-custodia-session";
    private static final AtomicInteger ADDRESS = new AtomicInteger(1);

    @Autowired
    WebApplicationContext context;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RecordingLedger ledger;

    MockMvc mvc;
    TestAdministrators.Admin admin;
    String adminName;

    @BeforeEach
    void setUp() {
        // As in the server: the session filter wraps the request before Spring Security sees it.
        SessionRepositoryFilter<?> sessions = context.getBean(SessionRepositoryFilter.class);
        Filter security = context.getBean("springSecurityFilterChain", Filter.class);
        mvc = MockMvcBuilders.webAppContextSetup(context).addFilters(sessions, security).build();
        admin = TestAdministrators.create(accounts, keys, clock);
        adminName = accounts.find(admin.account()).orElseThrow().username();
    }

    /** The result of a sign-in: the response, its session cookie and CSRF token. */
    private record Signed(MockHttpServletResponse response, Cookie cookie, String csrf) {
    }

    private static String address() {
        int n = ADDRESS.incrementAndGet();
        return "10.0." + (n / 250) + "." + (n % 250);
    }

    private Signed signIn(String username, String password, String address) throws Exception {
        MockHttpServletResponse r = mvc.perform(post("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
                .with(req -> {
                    req.setRemoteAddr(address);
                    return req;
                })).andReturn().getResponse();
        Cookie cookie = r.getCookie(COOKIE);
        String csrf = r.getStatus() == 201 ? JsonPath.read(r.getContentAsString(), "$.csrfToken") : null;
        return new Signed(r, cookie, csrf);
    }

    private String staff(String role) {
        Caller system = new Caller("system", "system", Set.of(), null, List.of());
        Accounts.Invitation invitation = accounts.invite(system, Account.STAFF, null, "staff." + System.nanoTime());
        accounts.acceptInvitation(invitation.token(), "a quiet lighthouse at dawn");
        if (role != null) {
            eu.custodia.server.access.TestAgreements.register(accounts, invitation.account().id());
            accounts.grantRole(system, invitation.account().id(), role, null);
        }
        return invitation.account().username();
    }

    @Test
    void signInWhenPasswordOnlyThenNoAdministrativeAuthorityUntilASecondFactorAndStaleFactorRefused() throws Exception {
        Signed s = signIn(adminName, "correct horse battery staple " + admin.account(), address());
        assertThat(s.response().getStatus()).isEqualTo(201);
        assertThat(s.cookie()).isNotNull();
        assertThat(s.response().getHeader("Set-Cookie")).contains("Secure", "HttpOnly", "SameSite=Strict", "Path=/");
        assertThat(JsonPath.<Boolean>read(s.response().getContentAsString(), "$.secondFactorVerified")).isFalse();

        mvc.perform(get("/api/v1/tenants").cookie(s.cookie()))
                .andExpect(problem("step-up-required", 401)).andExpect(jsonPath("$.rule").value("mfa-required"));

        Totp totp = Totp.withDefaults(clock);
        String code = totp.code(admin.secret(), totp.currentStep() + 1);
        MockHttpServletResponse stepped = mvc.perform(post("/api/v1/sessions/current/second-factor").cookie(s.cookie())
                .header("X-CSRF-TOKEN", s.csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"code\":\"" + code + "\"}")).andExpect(status().isOk())
                .andExpect(jsonPath("$.secondFactorVerified").value(true)).andReturn().getResponse();
        Cookie cookie = stepped.getCookie(COOKIE) != null ? stepped.getCookie(COOKIE) : s.cookie();
        String csrf = JsonPath.read(stepped.getContentAsString(), "$.csrfToken");

        mvc.perform(get("/api/v1/tenants").cookie(cookie)).andExpect(status().isOk());
        String json = "{\"roles\":[\"platform-auditor\"],\"description\":\"from a session\"}";
        mvc.perform(post("/api/v1/keys").cookie(cookie).contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/keys").cookie(cookie).header("X-CSRF-TOKEN", csrf)
                .contentType(MediaType.APPLICATION_JSON).content(json)).andExpect(status().isCreated());

        clock.advance(Duration.ofMinutes(11));
        mvc.perform(post("/api/v1/keys").cookie(cookie).header("X-CSRF-TOKEN", csrf)
                .contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(problem("step-up-required", 401)).andExpect(jsonPath("$.rule").value("mfa-fresh"));
        // The same code cannot step up a second time.
        mvc.perform(post("/api/v1/sessions/current/second-factor").cookie(cookie).header("X-CSRF-TOKEN", csrf)
                .contentType(MediaType.APPLICATION_JSON).content("{\"code\":\"" + code + "\"}"))
                .andExpect(problem("signin-failed", 401));
    }

    @Test
    void suspendWhenSignedInThenTheSessionIsRefusedAtOnce() throws Exception {
        String username = staff(Roles.PLATFORM_AUDITOR);
        Signed s = signIn(username, "a quiet lighthouse at dawn", address());
        mvc.perform(get("/api/v1/tenants").cookie(s.cookie())).andExpect(status().isOk());
        String id = JsonPath.read(s.response().getContentAsString(), "$.account");

        mvc.perform(post("/api/v1/accounts/" + id + "/state").header("Authorization", "Bearer " + admin.token())
                .header("X-Custodia-OTP", admin.otp()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"state\":\"suspended\",\"reason\":\"security review\"}")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/tenants").cookie(s.cookie())).andExpect(problem("unauthenticated", 401));
        assertThat(jdbc.sql("SELECT count(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?").param(id)
                .query(Long.class).single()).isZero();
    }

    @Test
    void signInWhenUsernameUnknownOrPasswordWrongThenTheSameAnswerInTheSameTime() throws Exception {
        // Two known accounts (each stays within its free allowance), interleaved with unknown usernames.
        List<String> knownNames = List.of(staff(null), staff(null));
        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        String knownBody = null;
        String unknownBody = null;
        for (int i = 0; i < 8; i++) {
            long t0 = System.nanoTime();
            Signed k = signIn(knownNames.get(i % 2), "wrong password number " + i, address());
            known.add(System.nanoTime() - t0);
            t0 = System.nanoTime();
            Signed u = signIn("nobody." + System.nanoTime(), "wrong password number " + i, address());
            unknown.add(System.nanoTime() - t0);
            assertThat(k.response().getStatus()).isEqualTo(401).isEqualTo(u.response().getStatus());
            knownBody = k.response().getContentAsString();
            unknownBody = u.response().getContentAsString();
        }
        assertThat(JsonPath.<String>read(knownBody, "$.type")).isEqualTo("urn:custodia:problem:signin-failed");
        assertThat(knownBody).isEqualTo(unknownBody);
        long floor = Duration.ofMillis(150).toNanos();
        assertThat(known).allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(floor));
        assertThat(unknown).allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(floor));
        // Both paths do the same work (one Argon2id verification, padded to the floor): their medians agree
        // within 60 ms or a quarter of the slower one, whichever is larger (a loaded CI machine is noisy).
        long medianKnown = known.stream().sorted().toList().get(4);
        long medianUnknown = unknown.stream().sorted().toList().get(4);
        long tolerance = Math.max(Duration.ofMillis(60).toNanos(), Math.max(medianKnown, medianUnknown) / 4);
        assertThat(Math.abs(medianKnown - medianUnknown)).as("median difference, ns").isLessThan(tolerance);
    }

    @Test
    void signInWhenTooManyWrongPasswordsThenLockedWithNoticeEvenForTheRightOneUntilItExpires() throws Exception {
        String username = staff(null);
        String body = null;
        for (int i = 0; i < 40; i++) {
            Signed s = signIn(username, "wrong password number " + i, address());
            if (s.response().getStatus() == 429) {
                body = s.response().getContentAsString();
                if (JsonPath.<Boolean>read(body, "$.locked")) {
                    break;
                }
                clock.advance(Duration.ofSeconds(JsonPath.<Integer>read(body, "$.retryAfterSeconds") + 1));
            }
        }
        assertThat(body).isNotNull();
        assertThat(JsonPath.<Boolean>read(body, "$.locked")).isTrue();
        assertThat(JsonPath.<String>read(body, "$.detail")).contains("locked");
        assertThat(JsonPath.<String>read(body, "$.messageIt")).contains("bloccato");
        assertThat(signIn(username, "a quiet lighthouse at dawn", address()).response().getStatus()).isEqualTo(429);
        assertThat(ledger.events()).anySatisfy(e -> assertThat(e.action()).isEqualTo("account.locked-out"));

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(signIn(username, "a quiet lighthouse at dawn", address()).response().getStatus()).isEqualTo(201);
    }

    @Test
    void sessionsWhenListedThenOwnOnlyAndOneCanBeEndedAndSignOutEndsTheCurrent() throws Exception {
        String username = staff(Roles.PLATFORM_AUDITOR);
        Signed a = signIn(username, "a quiet lighthouse at dawn", address());
        Signed b = signIn(username, "a quiet lighthouse at dawn", address());
        String listed = mvc.perform(get("/api/v1/sessions").cookie(a.cookie())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        List<String> handles = JsonPath.read(listed, "$[*].handle");
        assertThat(handles).hasSize(2);
        List<String> others = JsonPath.read(listed, "$[?(@.current == false)].handle");
        assertThat(others).hasSize(1);
        assertThat(listed).doesNotContain(a.cookie().getValue()).doesNotContain(b.cookie().getValue());

        mvc.perform(delete("/api/v1/sessions/" + others.get(0)).cookie(a.cookie()))
                .andExpect(status().isForbidden());
        mvc.perform(delete("/api/v1/sessions/" + others.get(0)).cookie(a.cookie()).header("X-CSRF-TOKEN", a.csrf()))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/sessions/current").cookie(b.cookie())).andExpect(problem("unauthenticated", 401));

        mvc.perform(delete("/api/v1/sessions/current").cookie(a.cookie()).header("X-CSRF-TOKEN", a.csrf()))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/sessions/current").cookie(a.cookie())).andExpect(problem("unauthenticated", 401));
    }

    @Test
    void sessionWhenOlderThanItsAbsoluteLifetimeThenRefused() throws Exception {
        String username = staff(Roles.PLATFORM_AUDITOR);
        Signed s = signIn(username, "a quiet lighthouse at dawn", address());
        mvc.perform(get("/api/v1/sessions/current").cookie(s.cookie())).andExpect(status().isOk());
        clock.advance(Duration.ofHours(12).plusMinutes(1));
        mvc.perform(get("/api/v1/sessions/current").cookie(s.cookie())).andExpect(problem("unauthenticated", 401));
    }
}
