package eu.custodia.server.elevation;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.testing.CustodiaTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The ticket system's webhook (Standard Webhooks): a correctly signed {@code closed} event revokes the active
 * grant under its ticket, ledgered with the ticket system as actor, and the next use is refused; a forged
 * signature, a wrong secret, a stale timestamp and a replayed delivery are refused (401) and revoke nothing;
 * an unknown ticket system, or one without a webhook secret, is 404. Signatures are computed here with the
 * JDK's HMAC, independently of the server's.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
@TestPropertySource(properties = {
        "custodia.elevation.ticket-systems.default.webhook-secret=" + TicketWebhookTest.SECRET,
        "custodia.elevation.ticket-systems.nohook.pattern=[0-9]+"})
class TicketWebhookTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw4kcfK2q5sJI=";
    private static final String OTHER_SECRET = "whsec_c2VjcmV0LW9mLWFub3RoZXItc3lzdGVtLTMyYnl0ZXM=";
    private static final String WEBHOOK = "/api/v1/elevation/ticket-events/default";
    private static final TenantContract.Contact CONTACT = new TenantContract.Contact("Sara Conti",
            "sara@example.test", null);
    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());
    private static final String SCHEMA = """
            {"fields": {"email": {"indexed": true, "personal": true}, "customerId": {"indexed": true,
             "personal": true}}, "subjectField": "customerId"}""";

    @Autowired
    WebApplicationContext context;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    MutableClock clock;
    @Autowired
    TenantCommands tenants;
    @Autowired
    RecordingLedger ledger;

    MockMvc mvc;
    TestAdministrators.Admin engineer;
    TestAdministrators.Admin officer;
    TenantId tenant;
    TestAdministrators.Admin customer;
    String record;
    /** A ticket of this test's own (the tests share one database). */
    String ticket;
    /** A closing event of that ticket, with a field the server ignores. */
    String closed;

    @BeforeEach
    void setUp() throws Exception {
        ticket = "SUP-" + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 1_000_000_000L);
        closed = "{\"ticket\": \"" + ticket + "\", \"event\": \"closed\", \"by\": \"agent-7\"}";
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        engineer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SUPPORT_ENGINEER);
        officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
        tenant = tenants.create(admin.caller(), new TenantContract("Webhook S.r.l.", "IT12345678901", "IT", "SaaS",
                List.of(), new TenantContract.Dpa("DPA-1", LocalDate.of(2026, 1, 1)), List.of(), "strict",
                "eu-south-1", 90, 24, 14, new TenantContract.Contacts(CONTACT, CONTACT, CONTACT))).id();
        customer = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant);
        String app = keys.create(SYSTEM, Set.of(Roles.TENANT_MEMBER), tenant, "saas application").token();
        String collection = "/api/v1/tenants/" + tenant + "/collections/customers";
        mvc.perform(put(collection).header("Authorization", "Bearer " + app)
                .contentType(MediaType.APPLICATION_JSON).content(SCHEMA)).andExpect(status().isOk());
        MvcResult created = mvc.perform(post(collection + "/records").header("Authorization", "Bearer " + app)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"alice@example.test\", \"customerId\": \"C-1\"}"))
                .andExpect(status().isCreated()).andReturn();
        record = collection + "/records/" + JsonPath.read(created.getResponse().getContentAsString(), "$.id");
    }

    private static MockHttpServletRequestBuilder stepUp(MockHttpServletRequestBuilder request,
            TestAdministrators.Admin who) {
        return request.header("Authorization", "Bearer " + who.token()).header("X-Custodia-OTP", who.otp());
    }

    /** Asked under this test's ticket, approved by the officer and the customer, activated. */
    private String activeGrant() throws Exception {
        MvcResult asked = mvc.perform(stepUp(post("/api/v1/access-requests"), engineer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tenant\": \"" + tenant + "\", \"ticket\": \"" + ticket + "\", \"reasonCode\":"
                                + " \"troubleshooting\", \"access\": \"read\", \"duration\": \"PT2H\"}"))
                .andExpect(status().isCreated()).andReturn();
        String id = JsonPath.read(asked.getResponse().getContentAsString(), "$.id");
        for (TestAdministrators.Admin approver : List.of(officer, customer)) {
            mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/approval"), approver)
                    .contentType(MediaType.APPLICATION_JSON).content("{\"decision\": \"approve\"}"))
                    .andExpect(status().isOk());
        }
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/activation"), engineer))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("active"));
        mvc.perform(get(record).header("Authorization", "Bearer " + engineer.token())).andExpect(status().isOk());
        return id;
    }

    private static String sign(String secret, String id, long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] tag = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(tag);
    }

    private MockHttpServletRequestBuilder delivery(String path, String id, long timestamp, String signature,
            String body) {
        return post(path).contentType(MediaType.APPLICATION_JSON).content(body).header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp)).header("webhook-signature", signature);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private String state(String id) throws Exception {
        MvcResult read = mvc.perform(get("/api/v1/access-requests/" + id)
                .header("Authorization", "Bearer " + engineer.token())).andExpect(status().isOk()).andReturn();
        return JsonPath.read(read.getResponse().getContentAsString(), "$.state");
    }

    @Test
    void closedWhenCorrectlySignedThenTheGrantIsRevokedLedgeredAndTheNextUseRefused() throws Exception {
        String id = activeGrant();
        String delivery = "msg_" + UUID.randomUUID();
        long t = now();
        // Several signatures, as during a secret rotation: one valid is enough.
        String signatures = "v1,Zm9yZ2VkIHNpZ25hdHVyZQ== " + sign(SECRET, delivery, t, closed);
        mvc.perform(delivery(WEBHOOK, delivery, t, signatures, closed))
                .andExpect(status().isOk()).andExpect(jsonPath("$.revoked").value(1))
                .andExpect(jsonPath("$.ticket").value(ticket));

        mvc.perform(get(record).header("Authorization", "Bearer " + engineer.token()))
                .andExpect(problem("forbidden", 403));
        assertThat(state(id)).isEqualTo("revoked");
        LedgerEvent revoked = ledger.events().stream().filter(e -> tenant.equals(e.tenant())
                && "elevation.revoked".equals(e.action())).findFirst().orElseThrow();
        assertThat(revoked.actor().id()).isEqualTo("ticket-system:default");
        assertThat(revoked.target()).isEqualTo("access-request/" + id);
        assertThat(revoked.reason()).contains("ticket-closed", ticket);
        assertThat(ledger.events()).noneMatch(e -> e.reason() != null && e.reason().contains(SECRET.substring(6)));

        // Another event on the same ticket is accepted and changes nothing.
        String other = "{\"ticket\": \"" + ticket + "\", \"event\": \"commented\"}";
        String second = "msg_" + UUID.randomUUID();
        mvc.perform(delivery(WEBHOOK, second, t, sign(SECRET, second, t, other), other))
                .andExpect(status().isOk()).andExpect(jsonPath("$.revoked").value(0));
    }

    @Test
    void deliveryWhenForgedWrongSecretStaleOrReplayedThenRefusedAndNothingRevoked() throws Exception {
        String id = activeGrant();
        long t = now();
        String forged = "msg_forged";
        mvc.perform(delivery(WEBHOOK, forged, t, "v1," + Base64.getEncoder().encodeToString(new byte[32]), closed))
                .andExpect(problem("webhook-signature-invalid", 401));
        mvc.perform(post(WEBHOOK).contentType(MediaType.APPLICATION_JSON).content(closed))
                .andExpect(problem("webhook-signature-invalid", 401));
        // Signed over another body: the signature does not carry over.
        mvc.perform(delivery(WEBHOOK, forged, t, sign(SECRET, forged, t, "{}"), closed))
                .andExpect(problem("webhook-signature-invalid", 401));
        String wrong = "msg_wrong_secret";
        mvc.perform(delivery(WEBHOOK, wrong, t, sign(OTHER_SECRET, wrong, t, closed), closed))
                .andExpect(problem("webhook-signature-invalid", 401));
        String stale = "msg_stale";
        long old = t - Duration.ofMinutes(6).toSeconds();
        mvc.perform(delivery(WEBHOOK, stale, old, sign(SECRET, stale, old, closed), closed))
                .andExpect(problem("webhook-signature-invalid", 401));
        long future = t + Duration.ofMinutes(6).toSeconds();
        mvc.perform(delivery(WEBHOOK, stale, future, sign(SECRET, stale, future, closed), closed))
                .andExpect(problem("webhook-signature-invalid", 401));
        assertThat(state(id)).isEqualTo("active");
        mvc.perform(get(record).header("Authorization", "Bearer " + engineer.token())).andExpect(status().isOk());

        // A delivery replayed as is, a minute later, is refused.
        String delivery = "msg_" + UUID.randomUUID();
        String commented = "{\"ticket\": \"" + ticket + "\", \"event\": \"commented\"}";
        String signature = sign(SECRET, delivery, t, commented);
        mvc.perform(delivery(WEBHOOK, delivery, t, signature, commented)).andExpect(status().isOk())
                .andExpect(jsonPath("$.revoked").value(0));
        clock.advance(Duration.ofMinutes(1));
        mvc.perform(delivery(WEBHOOK, delivery, t, signature, commented))
                .andExpect(problem("webhook-signature-invalid", 401));
        // And a closing delivery replayed after it revoked a grant does not revoke the next one.
        String closing = "msg_" + UUID.randomUUID();
        long t2 = now();
        String closeSignature = sign(SECRET, closing, t2, closed);
        mvc.perform(delivery(WEBHOOK, closing, t2, closeSignature, closed)).andExpect(status().isOk())
                .andExpect(jsonPath("$.revoked").value(1));
        String next = activeGrant();
        mvc.perform(delivery(WEBHOOK, closing, t2, closeSignature, closed))
                .andExpect(problem("webhook-signature-invalid", 401));
        assertThat(state(next)).isEqualTo("active");
        assertThat(ledger.events()).filteredOn(e -> tenant.equals(e.tenant())
                && "elevation.revoked".equals(e.action())).hasSize(1);
    }

    @Test
    void deliveryWhenTheTicketSystemIsUnknownOrHasNoWebhookThenNotFound() throws Exception {
        long t = now();
        mvc.perform(delivery("/api/v1/elevation/ticket-events/nosuch", "msg_1", t, sign(SECRET, "msg_1", t, closed),
                closed)).andExpect(problem("not-found", 404));
        mvc.perform(delivery("/api/v1/elevation/ticket-events/nohook", "msg_1", t, sign(SECRET, "msg_1", t, closed),
                closed)).andExpect(problem("not-found", 404));
    }
}
