package eu.custodia.server.notices.internal;

import eu.custodia.server.platform.StandardWebhooks;
import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpServer;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TestTenants;
import eu.custodia.server.testing.CustodiaTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

/**
 * The tenant's security contact is told about staff access: a walked access request leaves a notice at each step
 * (in-app, bilingual) and a Standard Webhooks delivery per endpoint that the receiver verifies with the secret it
 * got once; a failing endpoint is retried with backoff and then marked failed; a rolled-back change leaves no
 * notice and sends nothing; another tenant's administrator can neither read the notices nor add endpoints; the
 * secret never appears in a listing or the ledger. The scheduled worker is kept out of the way (an hour's
 * interval): the test runs the deliveries itself, against the mutable clock.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
@TestPropertySource(properties = "custodia.notices.delivery-interval=PT1H")
class NoticesHttpTest {

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
    @Autowired
    Ledger realLedger;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    NoticeDelivery delivery;
    @Autowired
    NoticeRetention retention;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    eu.custodia.server.platform.CustodiaProperties properties;
    @Autowired
    eu.custodia.server.platform.TenantRowScope rowScope;

    MockMvc mvc;
    TestAdministrators.Admin admin;
    TestAdministrators.Admin engineer;
    TestAdministrators.Admin officer;
    TenantId tenant;
    TestAdministrators.Admin customer;
    Receiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        admin = TestAdministrators.create(accounts, keys, clock);
        engineer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SUPPORT_ENGINEER);
        officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
        tenant = TestTenants.create(tenants, admin.caller(), "Notices S.r.l.", "strict");
        customer = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant);
        receiver = new Receiver();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    /** A local webhook receiver: keeps every delivery and answers with {@link #status}. */
    static final class Receiver implements AutoCloseable {

        record Received(String id, String timestamp, String signature, byte[] body) {
        }

        final List<Received> received = new CopyOnWriteArrayList<>();
        final AtomicInteger status = new AtomicInteger(204);
        private final HttpServer server;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/hook", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                            exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                            exchange.getRequestHeaders().getFirst("webhook-signature"), in.readAllBytes()));
                }
                exchange.sendResponseHeaders(status.get(), -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, TestAdministrators.Admin who) {
        return request.header("Authorization", "Bearer " + who.token());
    }

    private static MockHttpServletRequestBuilder stepUp(MockHttpServletRequestBuilder request,
            TestAdministrators.Admin who) {
        return as(request, who).header("X-Custodia-OTP", who.otp());
    }

    private String endpoints(TenantId t) {
        return "/api/v1/tenants/" + t + "/webhook-endpoints";
    }

    /** Adds the receiver as an endpoint of the tenant; returns {id, secret}. */
    private String[] addEndpoint() throws Exception {
        MvcResult created = mvc.perform(stepUp(post(endpoints(tenant)), customer).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\": \"" + receiver.url() + "\"}"))
                .andExpect(status().isCreated()).andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(jsonPath("$.url").value(receiver.url())).andReturn();
        String body = created.getResponse().getContentAsString();
        return new String[] {JsonPath.read(body, "$.id"), JsonPath.read(body, "$.secret")};
    }

    private String ask() throws Exception {
        MvcResult result = mvc.perform(stepUp(post("/api/v1/access-requests"), engineer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tenant\": \"" + tenant + "\", \"ticket\": \"SUP-4711\", \"reasonCode\":"
                                + " \"troubleshooting\", \"reasonText\": \"customer called\", \"access\": \"read\","
                                + " \"duration\": \"PT1H\"}"))
                .andExpect(status().isCreated()).andReturn();
        return JsonPath.read(result.getResponse().getContentAsString(), "$.id");
    }

    private void approve(String id, TestAdministrators.Admin who) throws Exception {
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/approval"), who)
                .contentType(MediaType.APPLICATION_JSON).content("{\"decision\": \"approve\"}"))
                .andExpect(status().isOk());
    }

    /** Ledgers an elevation event for the tenant directly, as the elevation module would, in a transaction. */
    private void recordElevationEvent(String action, String requestId) {
        tx.executeWithoutResult(s -> ledger.record(new LedgerEvent(clock.instant(), tenant, LedgerEvent.Actor.SYSTEM,
                action, "access-request/" + requestId, "success", "ticket default/SUP-1", null)));
    }

    private String deliveriesJson(String endpointId) throws Exception {
        return mvc.perform(as(get(endpoints(tenant) + "/" + endpointId + "/deliveries"), customer))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void requestWhenWalkedToRevocationThenANoticeAtEachStepInAppAndAsVerifiableSignedWebhooks() throws Exception {
        String[] endpoint = addEndpoint();
        String secret = endpoint[1];
        assertThat(secret).startsWith("whsec_");
        assertThat(StandardWebhooks.key(secret)).hasSize(32);

        String id = ask();
        approve(id, officer);
        approve(id, customer);
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/activation"), engineer))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("active"));
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/revocation"), officer)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"no-longer-needed\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("revoked"));

        // In-app, newest first, in English by default and in Italian when asked.
        String notices = mvc.perform(as(get("/api/v1/tenants/" + tenant + "/notices"), customer))
                .andExpect(status().isOk()).andExpect(header().string("Content-Language", "en"))
                .andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(notices, "$[*].kind")).containsExactly("revoked", "activated",
                "customer-approved", "staff-approved", "requested");
        assertThat(JsonPath.<List<String>>read(notices, "$[*].requestId")).containsOnly(id);
        assertThat(JsonPath.<List<String>>read(notices, "$[*].type")).startsWith("access.request.revoked");
        assertThat(JsonPath.<String>read(notices, "$[1].title")).isEqualTo("Staff access active");
        assertThat(JsonPath.<String>read(notices, "$[4].reason")).contains("SUP-4711", "troubleshooting")
                .doesNotContain("customer called");
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/notices"), customer).header("Accept-Language", "it-IT,it"))
                .andExpect(status().isOk()).andExpect(header().string("Content-Language", "it"))
                .andExpect(jsonPath("$[0].title").value("Accesso del personale revocato"))
                .andExpect(jsonPath("$[0].summary").value("L'accesso della richiesta " + id + " è stato revocato."));
        // Security officers read them too.
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/notices"), officer)).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(5));

        // Read and unread.
        String first = JsonPath.read(notices, "$[0].id");
        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/notices/" + first + "/read"), customer))
                .andExpect(status().isOk()).andExpect(jsonPath("$.read").value(true));
        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/notices/" + first + "/read"), customer))
                .andExpect(status().isOk()).andExpect(jsonPath("$.read").value(true));
        // Marking read is a change: ledgered once, in the tenant's log.
        assertThat(ledger.events()).filteredOn(e -> e.action().equals("notices.read")
                && e.target().equals("notice/" + first)).singleElement()
                .satisfies(e -> assertThat(e.tenant()).isEqualTo(tenant));
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/notices?unread=true"), customer))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(4))
                .andExpect(jsonPath("$[0].kind").value("activated"));
        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/notices/ntc_000000000000000000000000/read"), customer))
                .andExpect(problem("not-found", 404));

        // By webhook: one delivery per notice, signed with the secret given at creation.
        assertThat(delivery.deliverDue()).isEqualTo(5);
        assertThat(receiver.received).hasSize(5);
        byte[] key = StandardWebhooks.key(secret);
        for (Receiver.Received r : receiver.received) {
            assertThat(r.id()).startsWith("msg_");
            assertThat(r.timestamp()).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
            assertThat(StandardWebhooks.valid(key, r.id(), r.timestamp(), r.body(), r.signature())).isTrue();
            byte[] tampered = new String(r.body(), StandardCharsets.UTF_8).replace(id, "someone-else")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(StandardWebhooks.valid(key, r.id(), r.timestamp(), tampered, r.signature())).isFalse();
            String body = new String(r.body(), StandardCharsets.UTF_8);
            assertThat(JsonPath.<String>read(body, "$.data.requestId")).isEqualTo(id);
            assertThat(JsonPath.<String>read(body, "$.data.tenant")).isEqualTo(tenant.value());
            assertThat(JsonPath.<String>read(body, "$.timestamp")).isNotBlank();
        }
        assertThat(receiver.received.stream().map(r -> JsonPath.<String>read(new String(r.body(),
                StandardCharsets.UTF_8), "$.type")).toList()).containsExactlyInAnyOrder("access.request.requested",
                "access.request.staff-approved", "access.request.customer-approved", "access.request.activated",
                "access.request.revoked");
        assertThat(delivery.deliverDue()).as("delivered once").isZero();
        String deliveries = deliveriesJson(endpoint[0]);
        assertThat(JsonPath.<List<String>>read(deliveries, "$[*].state")).hasSize(5).containsOnly("delivered");
        assertThat(JsonPath.<List<Integer>>read(deliveries, "$[*].history[0].status")).containsOnly(204);

        // The secret is never shown again, nor ledgered.
        String listing = mvc.perform(as(get(endpoints(tenant)), customer)).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(endpoint[0])).andExpect(jsonPath("$[0].secret").doesNotExist())
                .andReturn().getResponse().getContentAsString();
        String raw = secret.substring("whsec_".length());
        assertThat(listing + deliveries + notices).doesNotContain(raw);
        assertThat(ledger.events()).noneMatch(e -> String.valueOf(e).contains(raw));
        assertThat(ledger.events()).filteredOn(e -> e.action().equals("notices.endpoint-added")).singleElement()
                .satisfies(e -> {
                    assertThat(e.tenant()).isEqualTo(tenant);
                    assertThat(e.target()).isEqualTo("webhook-endpoint/" + endpoint[0]);
                    assertThat(e.reason()).isEqualTo("host 127.0.0.1");
                });
        // and it is stored sealed: the raw key is not in the row
        byte[] stored = tx.execute(s -> jdbc.sql("SELECT secret FROM notice_webhook_endpoints WHERE id = ?")
                .param(endpoint[0]).query(byte[].class).optional().orElse(new byte[0]));
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(new String(key,
                StandardCharsets.ISO_8859_1));

        // Removing it is ledgered; the deliveries that follow go nowhere.
        mvc.perform(stepUp(delete(endpoints(tenant) + "/" + endpoint[0]), customer)).andExpect(status().isNoContent());
        assertThat(ledger.events()).anyMatch(e -> e.action().equals("notices.endpoint-removed")
                && e.target().equals("webhook-endpoint/" + endpoint[0]));
        mvc.perform(as(get(endpoints(tenant)), customer)).andExpect(jsonPath("$.length()").value(0));
        recordElevationEvent("elevation.expired", "after-removal");
        assertThat(delivery.deliverDue()).isZero();
        assertThat(receiver.received).hasSize(5);
    }

    @Test
    void endpointWhenItFailsThenRetriedWithBackoffThenFailedAndALaterSuccessIsDeliveredOnce() throws Exception {
        String endpointId = addEndpoint()[0];
        receiver.status.set(500);
        recordElevationEvent("elevation.requested", "failing-1");
        assertThat(delivery.deliverDue()).isEqualTo(1);
        assertThat(delivery.deliverDue()).as("not due again before its backoff").isZero();
        List<Duration> waits = List.of(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10),
                Duration.ofHours(1), Duration.ofHours(6));
        for (Duration wait : waits) {
            clock.advance(wait.minusSeconds(1));
            assertThat(delivery.deliverDue()).as("not before " + wait).isZero();
            clock.advance(Duration.ofSeconds(1));
            assertThat(delivery.deliverDue()).as("again after " + wait).isEqualTo(1);
        }
        clock.advance(Duration.ofDays(1));
        assertThat(delivery.deliverDue()).as("failed: no seventh attempt").isZero();
        assertThat(receiver.received).hasSize(6).extracting(Receiver.Received::id).containsOnly(receiver.received
                .get(0).id());
        String failed = deliveriesJson(endpointId);
        assertThat(JsonPath.<String>read(failed, "$[0].state")).isEqualTo("failed");
        assertThat(JsonPath.<Integer>read(failed, "$[0].attempts")).isEqualTo(6);
        assertThat(JsonPath.<List<String>>read(failed, "$[0].history[*].outcome")).hasSize(6).containsOnly("http-500");

        // A later one fails once, then the endpoint recovers: delivered once, never again.
        recordElevationEvent("elevation.requested", "recovering-1");
        assertThat(delivery.deliverDue()).isEqualTo(1);
        receiver.status.set(200);
        clock.advance(Duration.ofSeconds(30));
        assertThat(delivery.deliverDue()).isEqualTo(1);
        clock.advance(Duration.ofDays(1));
        assertThat(delivery.deliverDue()).isZero();
        assertThat(receiver.received).hasSize(8);
        assertThat(receiver.received.get(6).id()).isEqualTo(receiver.received.get(7).id());
        String recovered = deliveriesJson(endpointId);
        assertThat(JsonPath.<String>read(recovered, "$[0].state")).isEqualTo("delivered");
        assertThat(JsonPath.<List<String>>read(recovered, "$[0].history[*].outcome")).containsExactly("http-500",
                "delivered");
        assertThat(JsonPath.<String>read(recovered, "$[0].deliveredAt")).isNotNull();
    }

    @Test
    void changeWhenRolledBackThenNoNoticeAndNothingToSend() throws Exception {
        String endpointId = addEndpoint()[0];
        tx.executeWithoutResult(s -> {
            realLedger.record(new LedgerEvent(clock.instant(), tenant, LedgerEvent.Actor.SYSTEM,
                    "elevation.activated", "access-request/rolled-back", "success", "ticket default/SUP-1", null));
            s.setRollbackOnly();
        });
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/notices"), customer)).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(0));
        assertThat(deliveriesJson(endpointId)).isEqualTo("[]");
        assertThat(delivery.deliverDue()).isZero();
        assertThat(receiver.received).isEmpty();

        // the same event committed is told
        recordElevationEvent("elevation.activated", "committed");
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/notices"), customer))
                .andExpect(jsonPath("$.length()").value(1)).andExpect(jsonPath("$[0].requestId").value("committed"));
        assertThat(delivery.deliverDue()).isEqualTo(1);
    }

    @Test
    void otherTenantsAdministratorWhenReadingNoticesOrAddingEndpointsThenForbidden() throws Exception {
        recordElevationEvent("elevation.requested", "theirs");
        TenantId other = TestTenants.create(tenants, admin.caller(), "Other S.r.l.", "strict");
        TestAdministrators.Admin stranger = TestAdministrators.createTenantAdmin(accounts, keys, clock, other);

        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/notices"), stranger)).andExpect(problem("forbidden", 403));
        mvc.perform(stepUp(post(endpoints(tenant)), stranger).contentType(MediaType.APPLICATION_JSON)
                .content("{\"url\": \"" + receiver.url() + "\"}")).andExpect(problem("forbidden", 403));
        mvc.perform(as(get(endpoints(tenant)), stranger)).andExpect(problem("forbidden", 403));
        // nor do provider staff without a role for it
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/notices"), engineer)).andExpect(problem("forbidden", 403));
        mvc.perform(stepUp(post(endpoints(tenant)), officer).contentType(MediaType.APPLICATION_JSON)
                .content("{\"url\": \"" + receiver.url() + "\"}")).andExpect(problem("forbidden", 403));
        // their own tenant's notices hold nothing of this one
        mvc.perform(as(get("/api/v1/tenants/" + other + "/notices"), stranger)).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void endpointWhenTheAddressIsRefusedOrTheRequestMalformedThenProblems() throws Exception {
        mvc.perform(stepUp(post(endpoints(tenant)), customer).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\": \"http://hooks.example.com/custodia\"}"))
                .andExpect(problem("webhook-url-refused", 400)).andExpect(jsonPath("$.field").value("url"))
                .andExpect(jsonPath("$.messageIt").isNotEmpty());
        mvc.perform(stepUp(post(endpoints(tenant)), customer).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(problem("webhook-url-refused", 400));
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/notices?limit=0"), customer))
                .andExpect(problem("validation", 400));
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/notices?unread=maybe"), customer))
                .andExpect(problem("validation", 400));
        mvc.perform(as(get(endpoints(tenant) + "/whe_000000000000000000000000/deliveries"), customer))
                .andExpect(problem("not-found", 404));
        mvc.perform(stepUp(delete(endpoints(tenant) + "/nonsense"), customer)).andExpect(problem("not-found", 404));
        assertThat(ledger.events()).noneMatch(e -> e.action().startsWith("notices.") && tenant.equals(e.tenant()));
    }

    @Test
    void requestWhenDeniedConcludedOrLeftToExpireThenToldToo() throws Exception {
        String denied = ask();
        approve(denied, officer);
        mvc.perform(stepUp(post("/api/v1/access-requests/" + denied + "/approval"), customer)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"decision\": \"deny\", \"reason\": \"not now\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("denied"));
        String concluded = ask();
        approve(concluded, officer);
        approve(concluded, customer);
        mvc.perform(stepUp(post("/api/v1/access-requests/" + concluded + "/activation"), engineer))
                .andExpect(status().isOk());
        mvc.perform(as(post("/api/v1/access-requests/" + concluded + "/conclusion"), engineer))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("concluded"));
        String expired = ask();
        clock.advance(Duration.ofHours(13));
        mvc.perform(as(get("/api/v1/access-requests/" + expired), engineer)).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("expired"));

        String notices = mvc.perform(as(get("/api/v1/tenants/" + tenant + "/notices"), customer))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(notices, "$[?(@.requestId == '" + denied + "')].kind"))
                .containsExactly("denied", "staff-approved", "requested");
        assertThat(JsonPath.<List<String>>read(notices, "$[?(@.requestId == '" + concluded + "')].kind"))
                .containsExactly("concluded", "activated", "customer-approved", "staff-approved", "requested");
        assertThat(JsonPath.<List<String>>read(notices, "$[?(@.requestId == '" + expired + "')].kind"))
                .containsExactly("expired", "requested");
        assertThat(JsonPath.<List<String>>read(notices, "$[?(@.kind == 'expired')].actor")).containsExactly("system");
        assertThat(notices).doesNotContain("not now");
    }

    @Test
    void deliveriesWhenTwoWorkersRunAtOnceThenEachIsSentOnce() throws Exception {
        addEndpoint();
        for (int i = 0; i < 6; i++) {
            recordElevationEvent("elevation.requested", "parallel-" + i);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<Integer> a = pool.submit(delivery::deliverDue);
            java.util.concurrent.Future<Integer> b = pool.submit(delivery::deliverDue);
            assertThat(a.get() + b.get()).isEqualTo(6);
        } finally {
            pool.shutdownNow();
        }
        assertThat(receiver.received).hasSize(6);
        assertThat(receiver.received.stream().map(Receiver.Received::id).distinct()).hasSize(6);
    }

    @Test
    void claimWhenItsNodeStoppedMidSendThenTakenOverAfterTheLease() throws Exception {
        String endpointId = addEndpoint()[0];
        recordElevationEvent("elevation.revoked", "orphaned");
        // another node claimed it and stopped before recording the attempt
        Object lease = new eu.custodia.server.platform.SqlInstants(properties).bind(clock.instant().plusSeconds(80));
        assertThat(jdbc.sql("UPDATE notice_deliveries SET state = 'sending', claimed_until = ? WHERE endpoint_id = ?")
                .params(lease, endpointId).update()).isEqualTo(1);
        assertThat(delivery.deliverDue()).isZero();
        clock.advance(Duration.ofSeconds(80));
        assertThat(delivery.deliverDue()).isEqualTo(1);
        assertThat(receiver.received).hasSize(1);
        assertThat(JsonPath.<String>read(deliveriesJson(endpointId), "$[0].state")).isEqualTo("delivered");
    }

    @Test
    void noticeWhenWrittenInsideAnotherTenantsScopeThenThatScopeIsRestoredAndEachTenantSeesOnlyItsOwn()
            throws Exception {
        TenantId other = TestTenants.create(tenants, admin.caller(), "Scoped S.r.l.", "strict");
        eu.custodia.server.platform.SqlInstants instants = new eu.custodia.server.platform.SqlInstants(properties);
        String after = tx.execute(s -> {
            rowScope.enter(other);
            ledger.record(new LedgerEvent(clock.instant(), tenant, LedgerEvent.Actor.SYSTEM, "elevation.requested",
                    "access-request/scoped", "success", "ticket default/SUP-1", null));
            return instants.postgres() ? jdbc.sql("SELECT current_setting('custodia.tenant_id', true)")
                    .query(String.class).single() : other.value();
        });
        assertThat(after).as("the transaction's own scope, back after the notice was written").isEqualTo(other.value());
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/notices"), customer))
                .andExpect(jsonPath("$.length()").value(1)).andExpect(jsonPath("$[0].requestId").value("scoped"));
        if (instants.postgres()) {
            // the second wall: scoped to the other tenant, a query without a tenant filter finds none of them
            Integer seen = tx.execute(s -> {
                rowScope.enter(other);
                return jdbc.sql("SELECT COUNT(*) FROM notices").query(Integer.class).single();
            });
            assertThat(seen).isZero();
        }
    }

    @Test
    void retentionWhenNoticesPassItThenDeletedWithTheirDeliveriesAndLedgeredButOnesStillBeingDeliveredKept()
            throws Exception {
        String endpointId = addEndpoint()[0];
        recordElevationEvent("elevation.requested", "old-delivered");
        assertThat(delivery.deliverDue()).isEqualTo(1);
        receiver.status.set(500);
        recordElevationEvent("elevation.denied", "old-retrying");
        assertThat(delivery.deliverDue()).isEqualTo(1);
        List<String> delivered = JsonPath.read(deliveriesJson(endpointId), "$[?(@.state == 'delivered')].id");
        assertThat(delivered).hasSize(1);

        // The purge is run as of 400 days and 30 minutes from now, with one notice written an hour from now (the
        // shared clock is not moved that far: the test accounts' keys would expire).
        Instant later = clock.instant().plus(Duration.ofDays(400).plusMinutes(30));
        clock.advance(Duration.ofHours(1));
        recordElevationEvent("elevation.requested", "recent");
        assertThat(retention.purge(tenant, later)).as("only the delivered old notice").isEqualTo(1);

        String left = mvc.perform(as(get("/api/v1/tenants/" + tenant + "/notices"), customer))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(left, "$[*].requestId")).containsExactly("recent", "old-retrying");
        String gone = delivered.get(0);
        assertThat(JsonPath.<List<String>>read(deliveriesJson(endpointId), "$[*].id")).doesNotContain(gone);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notice_delivery_attempts WHERE delivery_id = ?").param(gone)
                .query(Integer.class).single()).isZero();
        assertThat(ledger.events()).filteredOn(e -> e.action().equals("notices.purged") && e.tenant().equals(tenant))
                .singleElement().satisfies(e -> {
                    assertThat(e.target()).isEqualTo("tenant/" + tenant + "/notices");
                    assertThat(e.reason()).startsWith("1 notices created before ").contains("(retention 400 days)");
                    assertThat(e.actor().kind()).isEqualTo("system");
                });

        assertThat(retention.purge(tenant, later)).as("nothing left to delete, nothing ledgered")
                .isZero();
        assertThat(ledger.events()).filteredOn(e -> e.action().equals("notices.purged") && e.tenant().equals(tenant))
                .hasSize(1);

        // Once its delivery ends (here: delivered on the retry), the older notice goes too; the recent one stays.
        receiver.status.set(204);
        delivery.deliverDue();
        assertThat(retention.purge(tenant, later)).isEqualTo(1);
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/notices"), customer))
                .andExpect(jsonPath("$.length()").value(1)).andExpect(jsonPath("$[0].requestId").value("recent"));
    }
}
