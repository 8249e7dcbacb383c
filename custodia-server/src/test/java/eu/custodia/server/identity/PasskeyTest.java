package eu.custodia.server.identity;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.identity.internal.totp.Totp;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.testing.CustodiaTest;
import jakarta.servlet.Filter;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.assertj.core.groups.Tuple;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Passkeys (WebAuthn) with an emulated authenticator (webauthn4j-test): registered by a signed-in account,
 * listed, renamed, used as the second factor of a sign-in (which then carries administrative authority),
 * revoked; replayed, misdirected and tampered assertions refused; an administrator's last factor kept; the
 * ledger names passkeys by id only.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
@TestPropertySource(properties = "custodia.test.context=sign-in")
class PasskeyTest {

    private static final String COOKIE = "__Host-custodia-session";
    private static final String PASSWORD = "a quiet lighthouse at dawn";
    private static final AtomicInteger ADDRESS = new AtomicInteger(1);
    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());
    private static final JsonMapper JSON = JsonMapper.builder().build();

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
    @Autowired
    SetupStatus setup;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        SessionRepositoryFilter<?> sessions = context.getBean(SessionRepositoryFilter.class);
        Filter security = context.getBean("springSecurityFilterChain", Filter.class);
        mvc = MockMvcBuilders.webAppContextSetup(context).addFilters(sessions, security).build();
        if (setup.required()) {
            // Until a platform administrator exists, every request is refused (setup-required).
            TestAdministrators.create(accounts, keys, clock);
        }
    }

    /** A session: its cookie and CSRF token (both change as the sign-in goes on). */
    private record Session(Cookie cookie, String csrf) {
    }

    private static String address() {
        int n = ADDRESS.incrementAndGet();
        return "10.9." + (n / 250) + "." + (n % 250);
    }

    private Session signIn(String username, String password) throws Exception {
        MockHttpServletResponse r = mvc.perform(post("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .content(JSON.writeValueAsString(Map.of("username", username, "password", password)))
                .with(req -> {
                    req.setRemoteAddr(address());
                    return req;
                })).andExpect(status().isCreated()).andReturn().getResponse();
        return new Session(r.getCookie(COOKIE), JsonPath.read(r.getContentAsString(), "$.csrfToken"));
    }

    private static Session next(Session s, MockHttpServletResponse r) throws Exception {
        Cookie cookie = r.getCookie(COOKIE) != null ? r.getCookie(COOKIE) : s.cookie();
        return new Session(cookie, JsonPath.read(r.getContentAsString(), "$.csrfToken"));
    }

    private String staff(String username) {
        Accounts.Invitation invitation = accounts.invite(SYSTEM, Account.STAFF, null, username);
        accounts.acceptInvitation(invitation.token(), PASSWORD);
        // Some are made administrators: a role that touches production needs a confidentiality agreement.
        eu.custodia.server.access.TestAgreements.register(accounts, invitation.account().id());
        return invitation.account().id();
    }

    /** POSTs JSON with the session's cookie and CSRF token. */
    private MockHttpServletResponse send(Session s, String path, Object body) throws Exception {
        return mvc.perform(post(path)
                .cookie(s.cookie()).header("X-CSRF-TOKEN", s.csrf()).contentType(MediaType.APPLICATION_JSON)
                .content(JSON.writeValueAsString(body)).with(req -> {
                    req.setRemoteAddr(address());
                    return req;
                })).andReturn().getResponse();
    }

    /** Registers a passkey of {@code authenticator} through the API; returns the answer. */
    private MockHttpServletResponse register(Session s, EmulatedAuthenticator authenticator, String label)
            throws Exception {
        MockHttpServletResponse options = send(s, "/api/v1/account/passkeys/options", Map.of());
        assertThat(options.getStatus()).as(options.getContentAsString()).isEqualTo(200);
        String ceremony = JsonPath.read(options.getContentAsString(), "$.ceremony");
        String credential = authenticator.create(publicKey(options));
        return send(s, "/api/v1/account/passkeys", Map.of("ceremony", ceremony, "label", label,
                "credential", JSON.readTree(credential)));
    }

    /** The sign-in ceremony: its id and options. */
    private record Ceremony(String id, String publicKey) {
    }

    private Ceremony signInOptions(Session s) throws Exception {
        MockHttpServletResponse options = send(s, "/api/v1/sessions/current/passkey/options", Map.of());
        assertThat(options.getStatus()).as(options.getContentAsString()).isEqualTo(200);
        return new Ceremony(JsonPath.read(options.getContentAsString(), "$.ceremony"), publicKey(options));
    }

    private MockHttpServletResponse answer(Session s, String ceremony, String assertion) throws Exception {
        return send(s, "/api/v1/sessions/current/passkey", Map.of("ceremony", ceremony,
                "credential", JSON.readTree(assertion)));
    }

    /** Signs in with the password, then the passkey; returns the stepped-up session. */
    private Session signInWithPasskey(String username, EmulatedAuthenticator authenticator) throws Exception {
        Session s = signIn(username, PASSWORD);
        Ceremony c = signInOptions(s);
        MockHttpServletResponse r = answer(s, c.id(), authenticator.get(c.publicKey()));
        assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(200);
        return next(s, r);
    }

    private static String publicKey(MockHttpServletResponse r) throws Exception {
        return JSON.writeValueAsString(JSON.readTree(r.getContentAsString()).get("publicKey"));
    }

    /** Options as a browser offering any passkey would take them: with no allow-list. */
    private static String anyPasskey(String requestOptions) {
        ObjectNode node = (ObjectNode) JSON.readTree(requestOptions);
        node.putArray("allowCredentials");
        return JSON.writeValueAsString(node);
    }

    private List<LedgerEvent> eventsOf(String accountId) {
        return ledger.events().stream().filter(e -> ("account/" + accountId).equals(e.target())).toList();
    }

    @Test
    void passkeyWhenRegisteredThenListedRenamedAndAsSecondFactorGivesAdministrativeAuthority() throws Exception {
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        String username = accounts.find(admin.account()).orElseThrow().username();
        // Registering needs a recent second factor, since the administrator already has TOTP.
        Session s = signIn(username, "correct horse battery staple " + admin.account());
        Totp totp = Totp.withDefaults(clock);
        MockHttpServletResponse stepped = send(s, "/api/v1/sessions/current/second-factor",
                Map.of("code", totp.code(admin.secret(), totp.currentStep() + 1)));
        assertThat(stepped.getStatus()).isEqualTo(200);
        s = next(s, stepped);

        EmulatedAuthenticator laptop = new EmulatedAuthenticator();
        MockHttpServletResponse registered = register(s, laptop, "laptop");
        assertThat(registered.getStatus()).as(registered.getContentAsString()).isEqualTo(201);
        String id = JsonPath.read(registered.getContentAsString(), "$.id");
        assertThat(id).matches("pk-[0-9a-f]{16}");
        assertThat(accounts.find(admin.account()).orElseThrow().secondFactors())
                .containsExactlyInAnyOrder(VerifiedFactor.TOTP, VerifiedFactor.WEBAUTHN);

        String listed = mvc.perform(get("/api/v1/account/passkeys").cookie(s.cookie())).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1)).andExpect(jsonPath("$[0].id").value(id))
                .andExpect(jsonPath("$[0].label").value("laptop")).andExpect(jsonPath("$[0].createdAt").isNotEmpty())
                .andExpect(jsonPath("$[0].lastUsedAt").isNotEmpty()).andReturn().getResponse().getContentAsString();
        assertThat(JSON.readTree(listed).get(0).propertyNames()).containsExactlyInAnyOrder("id", "label",
                "createdAt", "lastUsedAt");
        mvc.perform(patch("/api/v1/account/passkeys/" + id).cookie(s.cookie()).header("X-CSRF-TOKEN", s.csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"label\":\"work laptop\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.label").value("work laptop"));
        mvc.perform(patch("/api/v1/account/passkeys/" + id).cookie(s.cookie()).header("X-CSRF-TOKEN", s.csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"label\":\"\"}"))
                .andExpect(problem("validation", 400));
        mvc.perform(patch("/api/v1/account/passkeys/pk-0000000000000000").cookie(s.cookie())
                .header("X-CSRF-TOKEN", s.csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"label\":\"x\"}")).andExpect(problem("not-found", 404));

        // A new sign-in: the password alone carries no administrative authority, the passkey adds it.
        Session fresh = signIn(username, "correct horse battery staple " + admin.account());
        mvc.perform(get("/api/v1/tenants").cookie(fresh.cookie()))
                .andExpect(problem("step-up-required", 401)).andExpect(jsonPath("$.rule").value("mfa-required"));
        Ceremony c = signInOptions(fresh);
        assertThat(JsonPath.<List<String>>read(c.publicKey(), "$.allowCredentials[*].id")).hasSize(1);
        MockHttpServletResponse done = answer(fresh, c.id(), laptop.get(c.publicKey()));
        assertThat(done.getStatus()).as(done.getContentAsString()).isEqualTo(200);
        assertThat(JsonPath.<Boolean>read(done.getContentAsString(), "$.secondFactorVerified")).isTrue();
        assertThat(JsonPath.<List<String>>read(done.getContentAsString(), "$.factors[*].kind")).contains("webauthn");
        assertThat(done.getCookie(COOKIE)).as("the session id changes").isNotNull();
        assertThat(done.getCookie(COOKIE).getValue()).isNotEqualTo(fresh.cookie().getValue());
        Session passkeyed = next(fresh, done);
        mvc.perform(get("/api/v1/tenants").cookie(passkeyed.cookie())).andExpect(status().isOk());

        // TOTP can go (the passkey remains); then the passkey is the last factor and stays.
        accounts.removeTotp(SYSTEM, admin.account());
        mvc.perform(delete("/api/v1/account/passkeys/" + id).cookie(passkeyed.cookie())
                .header("X-CSRF-TOKEN", passkeyed.csrf())).andExpect(problem("conflict", 409));
        assertThat(eventsOf(admin.account())).extracting(LedgerEvent::action, LedgerEvent::outcome).contains(
                Tuple.tuple("account.passkey-registered", "success"),
                Tuple.tuple("account.passkey-renamed", "success"),
                Tuple.tuple("account.second-factor-verified", "success"),
                Tuple.tuple("account.passkey-revoked", "denied"));
        assertNoKeyMaterial(admin.account(), laptop, registered, "laptop", "work laptop");
    }

    @Test
    void registerWhenPasswordOnlyWhileAFactorIsEnrolledOrAnswerMalformedOrReusedThenRefused() throws Exception {
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        String username = accounts.find(admin.account()).orElseThrow().username();
        Session s = signIn(username, "correct horse battery staple " + admin.account());
        // A password alone cannot add a factor to an account that has one.
        MockHttpServletResponse refused = send(s, "/api/v1/account/passkeys/options", Map.of());
        assertThat(refused.getStatus()).isEqualTo(401);
        assertThat(JsonPath.<String>read(refused.getContentAsString(), "$.type"))
                .isEqualTo("urn:custodia:problem:step-up-required");
        // Without the CSRF token, refused before anything else.
        mvc.perform(post("/api/v1/account/passkeys/options").cookie(s.cookie())).andExpect(status().isForbidden());

        String id = staff("passkey.first." + System.nanoTime());
        String name = accounts.find(id).orElseThrow().username();
        Session user = signIn(name, PASSWORD);
        EmulatedAuthenticator key = new EmulatedAuthenticator();
        MockHttpServletResponse options = send(user, "/api/v1/account/passkeys/options", Map.of());
        String ceremony = JsonPath.read(options.getContentAsString(), "$.ceremony");
        String credential = key.create(publicKey(options));
        MockHttpServletResponse malformed = send(user, "/api/v1/account/passkeys", Map.of("ceremony", ceremony,
                "label", "phone", "credential", Map.of("id", "x", "response", "nothing")));
        assertThat(malformed.getStatus()).as(malformed.getContentAsString()).isEqualTo(400);
        assertThat(JsonPath.<String>read(malformed.getContentAsString(), "$.type"))
                .isEqualTo("urn:custodia:problem:validation");
        // The ceremony was answered (wrongly): the right answer to it is too late now.
        MockHttpServletResponse late = send(user, "/api/v1/account/passkeys", Map.of("ceremony", ceremony,
                "label", "phone", "credential", JSON.readTree(credential)));
        assertThat(late.getStatus()).isEqualTo(400);
        assertThat(JsonPath.<String>read(late.getContentAsString(), "$.detail")).contains("unknown, expired or"
                + " already answered");
        // An answer from another origin does not verify.
        EmulatedAuthenticator phishing = new EmulatedAuthenticator("https://custodia.example.net");
        options = send(user, "/api/v1/account/passkeys/options", Map.of());
        MockHttpServletResponse foreign = send(user, "/api/v1/account/passkeys", Map.of(
                "ceremony", JsonPath.read(options.getContentAsString(), "$.ceremony"), "label", "phone",
                "credential", JSON.readTree(phishing.create(publicKey(options)))));
        assertThat(foreign.getStatus()).isEqualTo(400);
        assertThat(JsonPath.<String>read(foreign.getContentAsString(), "$.detail")).contains("origin");
        // An expired ceremony is refused.
        options = send(user, "/api/v1/account/passkeys/options", Map.of());
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        MockHttpServletResponse expired = send(user, "/api/v1/account/passkeys", Map.of(
                "ceremony", JsonPath.read(options.getContentAsString(), "$.ceremony"), "label", "phone",
                "credential", JSON.readTree(key.create(publicKey(options)))));
        assertThat(expired.getStatus()).isEqualTo(400);
        assertThat(accounts.find(id).orElseThrow().secondFactors()).isEmpty();
        // The first factor needs no step-up; the second does (here it is the first one, just verified).
        assertThat(register(user, key, "phone").getStatus()).isEqualTo(201);
        MockHttpServletResponse second = send(user, "/api/v1/account/passkeys/options", Map.of());
        assertThat(second.getStatus()).isEqualTo(401);
        Session stepped = signInWithPasskey(name, key);
        assertThat(register(stepped, new EmulatedAuthenticator(), "tablet").getStatus()).isEqualTo(201);
        assertThat(eventsOf(id)).extracting(LedgerEvent::action, LedgerEvent::outcome)
                .contains(Tuple.tuple("account.passkey-registered", "failure"));
    }

    @Test
    void registerWhenWithTheOwnersApiKeyThenForTheOwnerAndOnlyWithAStepUp() throws Exception {
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        mvc.perform(post("/api/v1/account/passkeys/options").header("Authorization", "Bearer " + admin.token()))
                .andExpect(problem("step-up-required", 401));
        String options = mvc.perform(post("/api/v1/account/passkeys/options")
                .header("Authorization", "Bearer " + admin.token()).header("X-Custodia-OTP", admin.otp()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.publicKey.user.name").value(admin.account()))
                .andReturn().getResponse().getContentAsString();
        String credential = new EmulatedAuthenticator().create(JSON.writeValueAsString(JSON.readTree(options)
                .get("publicKey")));
        String body = JSON.writeValueAsString(Map.of("ceremony", JsonPath.read(options, "$.ceremony"), "label",
                "security key", "credential", JSON.readTree(credential)));
        mvc.perform(post("/api/v1/account/passkeys").header("Authorization", "Bearer " + admin.token())
                .header("X-Custodia-OTP", admin.otp()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated());
        mvc.perform(get("/api/v1/account/passkeys").header("Authorization", "Bearer " + admin.token()))
                .andExpect(jsonPath("$[0].label").value("security key"));
        assertThat(accounts.find(admin.account()).orElseThrow().secondFactors()).contains(VerifiedFactor.WEBAUTHN);
    }

    @Test
    void assertionWhenReplayedOrForAnotherAccountsChallengeOrAnotherAccountsPasskeyThenRefused() throws Exception {
        String a = staff("passkey.a." + System.nanoTime());
        String b = staff("passkey.b." + System.nanoTime());
        String nameA = accounts.find(a).orElseThrow().username();
        String nameB = accounts.find(b).orElseThrow().username();
        EmulatedAuthenticator keyA = new EmulatedAuthenticator();
        EmulatedAuthenticator keyB = new EmulatedAuthenticator();
        assertThat(register(signIn(nameA, PASSWORD), keyA, "a").getStatus()).isEqualTo(201);
        assertThat(register(signIn(nameB, PASSWORD), keyB, "b").getStatus()).isEqualTo(201);

        Session s = signIn(nameA, PASSWORD);
        Ceremony first = signInOptions(s);
        String assertion = keyA.get(first.publicKey());
        MockHttpServletResponse ok = answer(s, first.id(), assertion);
        assertThat(ok.getStatus()).as(ok.getContentAsString()).isEqualTo(200);
        s = next(s, ok);
        // Replayed: to the same ceremony (consumed), and to a new one (another challenge).
        assertThat(answer(s, first.id(), assertion).getStatus()).isEqualTo(401);
        Ceremony again = signInOptions(s);
        MockHttpServletResponse replayed = answer(s, again.id(), assertion);
        assertThat(replayed.getStatus()).isEqualTo(401);
        assertThat(JsonPath.<String>read(replayed.getContentAsString(), "$.type"))
                .isEqualTo("urn:custodia:problem:signin-failed");

        // B's ceremony, answered by A's passkey: refused in A's session (not A's ceremony) and as the answer to
        // A's own ceremony (another challenge).
        Session sb = signIn(nameB, PASSWORD);
        Ceremony ofB = signInOptions(sb);
        String aForB = keyA.get(anyPasskey(ofB.publicKey()));
        Session sa = signIn(nameA, PASSWORD);
        assertThat(answer(sa, ofB.id(), aForB).getStatus()).isEqualTo(401);
        Ceremony ofA = signInOptions(sa);
        assertThat(answer(sa, ofA.id(), aForB).getStatus()).isEqualTo(401);
        assertThat(answer(sb, ofB.id(), aForB).getStatus()).as("A's passkey in B's session").isEqualTo(401);
        // B's passkey, answering A's challenge: not one of A's.
        clock.advance(Duration.ofMinutes(1));
        Ceremony ofA2 = signInOptions(sa);
        MockHttpServletResponse foreign = answer(sa, ofA2.id(), keyB.get(anyPasskey(ofA2.publicKey())));
        assertThat(foreign.getStatus()).isEqualTo(401);
        mvc.perform(get("/api/v1/sessions/current").cookie(sa.cookie()))
                .andExpect(jsonPath("$.secondFactorVerified").value(false));
        assertThat(eventsOf(a)).filteredOn(e -> e.action().equals("account.second-factor-failed"))
                .extracting(LedgerEvent::reason).anySatisfy(r -> assertThat(r).contains("another challenge"))
                .anySatisfy(r -> assertThat(r).contains("not a passkey of this account"))
                .anySatisfy(r -> assertThat(r).contains("already answered"));
        assertNoKeyMaterial(a, keyA, null, "a");
    }

    @Test
    void assertionWhenSignatureByteFlippedThenRefusedAndTheRightOneStillWorks() throws Exception {
        String id = staff("passkey.flip." + System.nanoTime());
        String name = accounts.find(id).orElseThrow().username();
        EmulatedAuthenticator key = new EmulatedAuthenticator();
        assertThat(register(signIn(name, PASSWORD), key, "key").getStatus()).isEqualTo(201);
        Session s = signIn(name, PASSWORD);
        Ceremony c = signInOptions(s);
        MockHttpServletResponse tampered = answer(s, c.id(), key.get(c.publicKey(), true));
        assertThat(tampered.getStatus()).isEqualTo(401);
        assertThat(eventsOf(id)).filteredOn(e -> e.action().equals("account.second-factor-failed"))
                .extracting(LedgerEvent::reason).anySatisfy(r -> assertThat(r).contains("signature does not verify"));
        // Bodies that are not an assertion: a validation problem, never a 500.
        Ceremony retry = signInOptions(s);
        for (Object bad : List.of(Map.of("id", "x"), Map.of("rawId", "AAAA", "response", Map.of()),
                Map.of("rawId", "not base64url!", "type", "public-key"), "a string")) {
            MockHttpServletResponse r = send(s, "/api/v1/sessions/current/passkey",
                    Map.of("ceremony", retry.id(), "credential", bad));
            assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(400);
            assertThat(JsonPath.<String>read(r.getContentAsString(), "$.type"))
                    .isEqualTo("urn:custodia:problem:validation");
        }
        MockHttpServletResponse missing = send(s, "/api/v1/sessions/current/passkey", Map.of("ceremony", retry.id()));
        assertThat(missing.getStatus()).isEqualTo(400);
        // A malformed body does not use up the ceremony; the right answer still works.
        assertThat(answer(s, retry.id(), key.get(retry.publicKey())).getStatus()).isEqualTo(200);
    }

    @Test
    void revokeWhenLastFactorOfAnAdministratorThenConflictAndOtherwiseRevoked() throws Exception {
        String id = staff("passkey.admin." + System.nanoTime());
        String name = accounts.find(id).orElseThrow().username();
        EmulatedAuthenticator first = new EmulatedAuthenticator();
        MockHttpServletResponse registered = register(signIn(name, PASSWORD), first, "first");
        assertThat(registered.getStatus()).isEqualTo(201);
        String firstId = JsonPath.read(registered.getContentAsString(), "$.id");
        // A passkey is a second factor: an administrative role may be granted on it alone.
        accounts.grantRole(SYSTEM, id, Roles.PLATFORM_ADMIN, null);

        Session s = signInWithPasskey(name, first);
        mvc.perform(get("/api/v1/tenants").cookie(s.cookie())).andExpect(status().isOk());
        mvc.perform(delete("/api/v1/account/passkeys/" + firstId).cookie(s.cookie()).header("X-CSRF-TOKEN", s.csrf()))
                .andExpect(problem("conflict", 409));
        assertThat(eventsOf(id)).extracting(LedgerEvent::action, LedgerEvent::outcome)
                .contains(Tuple.tuple("account.passkey-revoked", "denied"));

        EmulatedAuthenticator second = new EmulatedAuthenticator();
        MockHttpServletResponse another = register(s, second, "second");
        assertThat(another.getStatus()).isEqualTo(201);
        String secondId = JsonPath.read(another.getContentAsString(), "$.id");
        mvc.perform(delete("/api/v1/account/passkeys/" + firstId).cookie(s.cookie()).header("X-CSRF-TOKEN", s.csrf()))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/account/passkeys").cookie(s.cookie())).andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].id").value(secondId));
        mvc.perform(delete("/api/v1/account/passkeys/" + secondId).cookie(s.cookie())
                .header("X-CSRF-TOKEN", s.csrf())).andExpect(problem("conflict", 409));
        // The revoked passkey no longer signs in.
        Session later = signIn(name, PASSWORD);
        Ceremony c = signInOptions(later);
        assertThat(answer(later, c.id(), first.get(anyPasskey(c.publicKey()))).getStatus()).isEqualTo(401);
        assertThat(eventsOf(id)).extracting(LedgerEvent::action, LedgerEvent::outcome)
                .contains(Tuple.tuple("account.passkey-revoked", "success"));
    }

    @Test
    void resetWhenAnAdministratorResetsAUsersPasskeysThenAllRevokedLedgeredAndAnAdminsOnlyFactorsKept()
            throws Exception {
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        String user = staff("passkey.lost." + System.nanoTime());
        String userName = accounts.find(user).orElseThrow().username();
        EmulatedAuthenticator phone = new EmulatedAuthenticator();
        EmulatedAuthenticator laptop = new EmulatedAuthenticator();
        Session s = signIn(userName, PASSWORD);
        assertThat(register(s, phone, "phone").getStatus()).isEqualTo(201);
        s = signInWithPasskey(userName, phone);
        assertThat(register(s, laptop, "laptop").getStatus()).isEqualTo(201);

        // Without a recent second factor the administrator is asked to step up; nothing is revoked.
        mvc.perform(delete("/api/v1/accounts/" + user + "/passkeys").header("Authorization", "Bearer " + admin.token()))
                .andExpect(problem("step-up-required", 401));
        assertThat(accounts.find(user).orElseThrow().secondFactors()).contains(VerifiedFactor.WEBAUTHN);

        mvc.perform(delete("/api/v1/accounts/" + user + "/passkeys").header("Authorization", "Bearer " + admin.token())
                .header("X-Custodia-OTP", admin.otp())).andExpect(status().isOk())
                .andExpect(jsonPath("$.account").value(user)).andExpect(jsonPath("$.revoked").value(2));
        assertThat(accounts.find(user).orElseThrow().secondFactors()).doesNotContain(VerifiedFactor.WEBAUTHN);
        assertThat(eventsOf(user)).filteredOn(e -> e.action().equals("account.passkeys-reset")).singleElement()
                .satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo("success");
                    assertThat(e.reason()).isEqualTo("2 passkeys revoked");
                    assertThat(e.actor().id()).isEqualTo(admin.key().key().id());
                });
        // Neither passkey signs in any more.
        Session later = signIn(userName, PASSWORD);
        MockHttpServletResponse none = send(later, "/api/v1/sessions/current/passkey/options", Map.of());
        assertThat(none.getStatus()).isEqualTo(409);

        // An administrator whose passkeys are its only factor keeps them.
        String other = staff("passkey.only.admin." + System.nanoTime());
        EmulatedAuthenticator key = new EmulatedAuthenticator();
        assertThat(register(signIn(accounts.find(other).orElseThrow().username(), PASSWORD), key, "key").getStatus())
                .isEqualTo(201);
        accounts.grantRole(SYSTEM, other, Roles.PLATFORM_ADMIN, null);
        mvc.perform(delete("/api/v1/accounts/" + other + "/passkeys").header("Authorization", "Bearer " + admin.token())
                .header("X-Custodia-OTP", admin.otp())).andExpect(problem("conflict", 409));
        assertThat(accounts.find(other).orElseThrow().secondFactors()).contains(VerifiedFactor.WEBAUTHN);
        assertThat(eventsOf(other)).extracting(LedgerEvent::action, LedgerEvent::outcome)
                .contains(Tuple.tuple("account.passkeys-reset", "denied"));

        // An unknown account: 404, after the decision on the platform.
        mvc.perform(delete("/api/v1/accounts/acct-unknown/passkeys").header("Authorization", "Bearer " + admin.token())
                .header("X-Custodia-OTP", admin.otp())).andExpect(problem("not-found", 404));
    }

    /** POSTs JSON with no session at all, as a browser on the sign-in page does. */
    private MockHttpServletResponse sendOpen(String path, Object body) throws Exception {
        return mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(body))
                .with(req -> {
                    req.setRemoteAddr(address());
                    return req;
                })).andReturn().getResponse();
    }

    /** Opens a passwordless ceremony; returns it. */
    private Ceremony passwordlessOptions() throws Exception {
        MockHttpServletResponse options = sendOpen("/api/v1/sessions/passkey/options", Map.of());
        assertThat(options.getStatus()).as(options.getContentAsString()).isEqualTo(200);
        return new Ceremony(JsonPath.read(options.getContentAsString(), "$.ceremony"), publicKey(options));
    }

    private MockHttpServletResponse passwordless(String ceremony, String assertion) throws Exception {
        return sendOpen("/api/v1/sessions/passkey", Map.of("ceremony", ceremony, "credential", JSON.readTree(assertion)));
    }

    @Test
    void passwordlessWhenPasskeyVerifiesItsUserThenSignedInWithTwoFactorsAndAdministrativeAuthority() throws Exception {
        String id = staff("passwordless.admin." + System.nanoTime());
        EmulatedAuthenticator phone = new EmulatedAuthenticator();
        assertThat(register(signIn(accounts.find(id).orElseThrow().username(), PASSWORD), phone, "phone").getStatus())
                .isEqualTo(201);
        accounts.grantRole(SYSTEM, id, Roles.PLATFORM_ADMIN, null);

        Ceremony c = passwordlessOptions();
        assertThat(JsonPath.<List<?>>read(c.publicKey(), "$.allowCredentials")).as("no account is named").isEmpty();
        assertThat(JsonPath.<String>read(c.publicKey(), "$.userVerification")).isEqualTo("required");
        MockHttpServletResponse signedIn = passwordless(c.id(), phone.get(c.publicKey()));

        assertThat(signedIn.getStatus()).as(signedIn.getContentAsString()).isEqualTo(201);
        assertThat(signedIn.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(JsonPath.<String>read(signedIn.getContentAsString(), "$.account")).isEqualTo(id);
        assertThat(JsonPath.<List<String>>read(signedIn.getContentAsString(), "$.factors[*].kind"))
                .containsExactly(VerifiedFactor.WEBAUTHN);
        assertThat(JsonPath.<Boolean>read(signedIn.getContentAsString(), "$.secondFactorVerified")).isTrue();
        Cookie cookie = signedIn.getCookie(COOKIE);
        assertThat(cookie).isNotNull();
        // The session carries the administrator's authority: no password was needed.
        mvc.perform(get("/api/v1/tenants").cookie(cookie)).andExpect(status().isOk());
        assertThat(eventsOf(id)).filteredOn(e -> e.action().equals("account.signed-in")).last()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("passkey with user verification (passwordless)"));
    }

    @Test
    void passwordlessWhenReplayedWithoutUserVerificationRevokedOrSuspendedThenRefusedAlike() throws Exception {
        String id = staff("passwordless.user." + System.nanoTime());
        EmulatedAuthenticator phone = new EmulatedAuthenticator();
        assertThat(register(signIn(accounts.find(id).orElseThrow().username(), PASSWORD), phone, "phone").getStatus())
                .isEqualTo(201);

        // A replayed answer: its ceremony was consumed by the first use.
        Ceremony first = passwordlessOptions();
        String answer = phone.get(first.publicKey());
        assertThat(passwordless(first.id(), answer).getStatus()).isEqualTo(201);
        MockHttpServletResponse replayed = passwordless(first.id(), answer);
        assertThat(replayed.getStatus()).isEqualTo(401);
        assertThat(JsonPath.<String>read(replayed.getContentAsString(), "$.type"))
                .isEqualTo("urn:custodia:problem:signin-failed");

        // An authenticator that did not verify its user: the passkey alone would be one factor only.
        Ceremony c = passwordlessOptions();
        ObjectNode lax = (ObjectNode) JSON.readTree(c.publicKey());
        lax.put("userVerification", "discouraged");
        assertThat(passwordless(c.id(), phone.get(JSON.writeValueAsString(lax))).getStatus()).isEqualTo(401);

        // A suspended account.
        accounts.changeState(SYSTEM, id, AccountState.SUSPENDED, "test");
        Ceremony s = passwordlessOptions();
        assertThat(passwordless(s.id(), phone.get(s.publicKey())).getStatus()).isEqualTo(401);
        assertThat(eventsOf(id)).filteredOn(e -> e.action().equals("account.sign-in-failed"))
                .extracting(LedgerEvent::reason).anySatisfy(r -> assertThat(r).contains("verification"))
                .anySatisfy(r -> assertThat(r).contains("account suspended"));

        // A passkey no longer registered here (an administrator reset it): the same answer as a wrong one.
        accounts.changeState(SYSTEM, id, AccountState.ACTIVE, "test");
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        mvc.perform(delete("/api/v1/accounts/" + id + "/passkeys").header("Authorization", "Bearer " + admin.token())
                .header("X-Custodia-OTP", admin.otp())).andExpect(status().isOk());
        Ceremony r = passwordlessOptions();
        MockHttpServletResponse unknown = passwordless(r.id(), phone.get(r.publicKey()));
        assertThat(unknown.getStatus()).isEqualTo(401);
        for (String field : List.of("$.type", "$.detail", "$.status")) {
            assertThat(JsonPath.<Object>read(unknown.getContentAsString(), field))
                    .isEqualTo(JsonPath.<Object>read(replayed.getContentAsString(), field));
        }
    }

    /** No ledger event about the account carries the credential id, the public key, the attestation or a label. */
    private void assertNoKeyMaterial(String accountId, EmulatedAuthenticator authenticator,
            MockHttpServletResponse registered, String... labels) {
        List<String> credentialIds = jdbc.sql("SELECT c.credential_id FROM user_credentials c JOIN user_entities u"
                + " ON u.id = c.user_entity_user_id WHERE u.name = ?").param(accountId).query(String.class).list();
        List<byte[]> publicKeys = jdbc.sql("SELECT c.public_key FROM user_credentials c JOIN user_entities u"
                + " ON u.id = c.user_entity_user_id WHERE u.name = ?").param(accountId)
                .query((rs, n) -> rs.getBytes(1)).list();
        assertThat(authenticator).isNotNull();
        assertThat(credentialIds).isNotEmpty();
        List<LedgerEvent> events = eventsOf(accountId);
        assertThat(events).isNotEmpty();
        for (LedgerEvent e : events) {
            String text = e.action() + " " + e.target() + " " + e.reason();
            for (String credentialId : credentialIds) {
                assertThat(text).doesNotContain(credentialId);
            }
            for (byte[] key : publicKeys) {
                assertThat(text).doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(key))
                        .doesNotContain(Base64.getEncoder().encodeToString(key));
            }
            for (String label : labels) {
                assertThat(String.valueOf(e.reason())).doesNotContain("\"" + label + "\"")
                        .doesNotContainIgnoringCase("label " + label);
            }
        }
        if (registered != null) {
            assertThat(events.stream().filter(e -> e.action().equals("account.passkey-registered"))
                    .map(LedgerEvent::reason)).allSatisfy(r -> assertThat(r).matches("passkey pk-[0-9a-f]{16}"));
        }
    }
}
