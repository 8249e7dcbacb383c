package eu.custodia.server.alerts.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.alerts.SecurityAlerts;
import eu.custodia.server.alerts.Severity;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.IssuedKey;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.RequestIds;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.testing.CustodiaTest;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Security alerts end to end, on both stores: the rules raise them from committed ledger events (a staff key
 * reading a tenant's log, a burst of denials, a staff role granted at night, a grant refused for segregation of
 * duties), each is ledgered in the platform log, security officers read and acknowledge them once, nobody
 * deletes them (not through the API, not in SQL), and tenant-side and support roles cannot read them.
 */
@CustodiaTest
@AutoConfigureMockMvc
@Import(MutableClock.Configuration.class)
@TestPropertySource(properties = "custodia.test.context=alerts")
class SecurityAlertsTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");

    @Autowired
    MockMvc mvc;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    MutableClock clock;
    @Autowired
    DecisionPoint decisions;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    TenantCommands tenants;
    @Autowired
    AlertStore store;
    @Autowired
    AlertWriter writer;
    @Autowired
    SecurityAlerts alerts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;

    String officer;
    String officerAccount;

    @BeforeEach
    void setUp() {
        TestAdministrators.Admin person = TestAdministrators.create(accounts, keys, clock);
        officerAccount = person.account();
        officer = holding(person, Roles.SECURITY_OFFICER).token();
    }

    /** {@code person}'s key with {@code role} instead of platform-admin, created right after a second factor. */
    private IssuedKey holding(TestAdministrators.Admin person, String role) {
        accounts.revokeRole(SYSTEM, person.account(), Roles.PLATFORM_ADMIN, null);
        accounts.grantRole(SYSTEM, person.account(), role, null);
        VerifiedFactor factor = accounts.verifySecondFactor(person.account(), person.otp()).orElseThrow();
        Caller self = new Caller(person.account(), "staff", Set.of(role), null, List.of(factor.kind()),
                person.account(), List.of(factor), true);
        return keys.create(self, Set.of(role), null, role);
    }

    private void flush() throws Exception {
        writer.flush(10_000);
    }

    private List<Alert> alerts(Predicate<Alert> which) {
        return store.page(AlertStore.State.ALL, Long.MAX_VALUE, 1000).stream().filter(which).toList();
    }

    /** Waits (the deny of a rolled-back request is written again on another thread) for an alert. */
    private Alert awaitAlert(Predicate<Alert> which) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            flush();
            List<Alert> found = alerts(which);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such alert was raised");
            }
            Thread.sleep(50);
        }
    }

    private MockHttpServletResponse call(MockHttpServletRequestBuilder request, String token) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + token)).andReturn().getResponse();
    }

    private static MockHttpServletRequestBuilder ack(String id, String body) {
        return post("/api/v1/alerts/" + id + "/acknowledgement").contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private String raiseOne(String subject) {
        return alerts.raise("test-probe", Severity.LOW, subject, null, "raised by the test");
    }

    @Test
    void staffKeyReadingATenantsLogRaisesOneAlertVisibleToSecurityOfficersAndInThePlatformLedger() throws Exception {
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        TenantId tenant = tenants.create(admin.caller(), contract()).id();
        IssuedKey staff = keys.create(SYSTEM, Set.of(Roles.PLATFORM_AUDITOR), null, "staff auditor");

        MockHttpServletResponse read = call(get("/logs/" + tenant + "/checkpoint"), staff.token());

        assertThat(read.getStatus()).isEqualTo(404);
        String requestId = read.getHeader(RequestIds.HEADER);
        assertThat(requestId).matches(RequestIds.FORMAT);
        Alert alert = awaitAlert(a -> a.kind().equals("staff-tenant-data-attempt") && a.subject().equals(staff.key().id()));
        flush();
        assertThat(alerts(a -> a.subject().equals(staff.key().id()) && a.kind().equals("staff-tenant-data-attempt")))
                .as("one alert").hasSize(1);
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.tenant()).isEqualTo(tenant);
        assertThat(alert.triggerAction()).isEqualTo("access.denied");
        assertThat(alert.triggerRequestId()).as("tied to the request").isEqualTo(requestId);
        assertThat(alert.detail()).contains("ledger:read", tenant.value(), "no-standing-staff-access");

        MockHttpServletResponse listed = call(get("/api/v1/alerts").param("state", "open"), officer);
        assertThat(listed.getStatus()).isEqualTo(200);
        assertThat(listed.getHeader("Cache-Control")).isEqualTo("no-store");
        List<String> ids = JsonPath.read(listed.getContentAsString(), "$.items[*].id");
        assertThat(ids).contains(alert.id());
        String one = call(get("/api/v1/alerts/" + alert.id()), officer).getContentAsString();
        assertThat((String) JsonPath.read(one, "$.kind")).isEqualTo("staff-tenant-data-attempt");
        assertThat((String) JsonPath.read(one, "$.state")).isEqualTo("open");
        assertThat((String) JsonPath.read(one, "$.tenant")).isEqualTo(tenant.value());
        assertThat((String) JsonPath.read(one, "$.trigger.requestId")).isEqualTo(requestId);

        assertThat(ledger.events()).filteredOn(e -> e.action().equals("alert.raised"))
                .filteredOn(e -> e.target().equals("alert/" + alert.id())).singleElement().satisfies(e -> {
                    assertThat(e.tenant()).as("the platform log").isNull();
                    assertThat(e.reason()).contains("staff-tenant-data-attempt", "high", staff.key().id());
                    assertThat(e.requestId()).isEqualTo(requestId);
                });
        assertThat(ledger.events()).as("the deny that raised it, once, in the tenant's log")
                .filteredOn(e -> e.action().equals("access.denied") && tenant.equals(e.tenant()))
                .filteredOn(e -> e.actor().id().equals(staff.key().id())).singleElement()
                .satisfies(e -> assertThat(e.requestId()).isEqualTo(requestId));
    }

    @Test
    void denialBurstWhenTenDeniesInTheWindowThenOneAlertAndNineThenNone() throws Exception {
        TenantId own = TenantId.random();
        TenantId other = TenantId.random();
        Caller nine = new Caller("key-burst-nine-" + System.nanoTime(), "api-key", Set.of(Roles.TENANT_ADMIN), own,
                List.of("api-key"));
        Caller ten = new Caller("key-burst-ten-" + System.nanoTime(), "api-key", Set.of(Roles.TENANT_ADMIN), own,
                List.of("api-key"));
        for (int i = 0; i < 9; i++) {
            assertThat(decisions.decide(nine, Permission.USERS_READ, other).allowed()).isFalse();
        }
        for (int i = 0; i < 15; i++) {
            assertThat(decisions.decide(ten, Permission.USERS_READ, other).allowed()).isFalse();
        }
        flush();

        assertThat(alerts(a -> a.subject().equals(nine.id()))).as("nine denies").isEmpty();
        assertThat(alerts(a -> a.subject().equals(ten.id()))).as("fifteen in one window: one alert").singleElement()
                .satisfies(a -> {
                    assertThat(a.kind()).isEqualTo("denial-burst");
                    assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
                    assertThat(a.triggerAction()).isEqualTo("access.denied");
                    assertThat(a.detail()).contains("users:read by rule tenant-scope");
                });
        // The window passes: the ninth caller's tenth deny is then alone in its window.
        clock.advance(Duration.ofSeconds(61));
        decisions.decide(nine, Permission.USERS_READ, other);
        flush();
        assertThat(alerts(a -> a.subject().equals(nine.id()))).isEmpty();
    }

    @Test
    void staffRoleGrantedAt23RomeTimeRaisesAnAlertAndAt10OnAWeekdayNone() throws Exception {
        String night = TestAdministrators.create(accounts, keys, clock).account();
        String day = TestAdministrators.create(accounts, keys, clock).account();
        advanceTo(LocalTime.of(23, 0), false);

        accounts.grantRole(SYSTEM, night, Roles.SUPPORT_ENGINEER, null);
        flush();
        assertThat(alerts(a -> a.detail().contains("account/" + night) && a.detail().contains("support-engineer")))
                .singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("staff-role-grant-off-hours");
            assertThat(a.subject()).isEqualTo("system");
            assertThat(a.detail()).contains("support-engineer", "23:00", "Europe/Rome");
            assertThat(a.triggerAction()).isEqualTo("account.role-granted");
        });

        advanceTo(LocalTime.of(10, 0), true);
        accounts.grantRole(SYSTEM, day, Roles.SUPPORT_ENGINEER, null);
        flush();
        assertThat(alerts(a -> a.detail().contains("account/" + day) && a.detail().contains("support-engineer")))
                .isEmpty();
    }

    /** Moves the clock forward to the next {@code time} in Rome (on a weekday if asked). */
    private void advanceTo(LocalTime time, boolean weekday) {
        ZonedDateTime now = clock.instant().atZone(ROME);
        ZonedDateTime next = now.with(time);
        while (!next.isAfter(now) || weekday && (next.getDayOfWeek() == DayOfWeek.SATURDAY
                || next.getDayOfWeek() == DayOfWeek.SUNDAY)) {
            next = next.plusDays(1).with(time);
        }
        clock.advance(Duration.between(now, next));
    }

    @Test
    void grantRefusedForSegregationOfDutiesRaisesAnAlert() throws Exception {
        TestAdministrators.Admin person = TestAdministrators.create(accounts, keys, clock);
        accounts.revokeRole(SYSTEM, person.account(), Roles.PLATFORM_ADMIN, null);
        accounts.grantRole(SYSTEM, person.account(), Roles.KEY_CUSTODIAN, null);

        assertThatThrownBy(() -> accounts.grantRole(SYSTEM, person.account(), Roles.PLATFORM_AUDITOR, null))
                .isInstanceOf(ProblemException.class);
        flush();

        assertThat(alerts(a -> a.kind().equals("sod-bypass-attempt") && a.detail().contains(person.account())))
                .singleElement().satisfies(a -> {
                    assertThat(a.severity()).isEqualTo(Severity.HIGH);
                    assertThat(a.detail()).contains("account.role-granted", "key-custodian+platform-auditor");
                });
    }

    @Test
    void acknowledgementWithANoteWorksOnceAndIsLedgeredWithTheNotesHashOnly() throws Exception {
        String id = raiseOne("key-acknowledged-" + System.nanoTime());
        String note = "Checked with the team: a scheduled export, ticket SEC-4711.";

        MockHttpServletResponse first = call(ack(id, "{\"note\": \"" + note + "\"}"), officer);

        assertThat(first.getStatus()).isEqualTo(200);
        assertThat((String) JsonPath.read(first.getContentAsString(), "$.state")).isEqualTo("acknowledged");
        assertThat((String) JsonPath.read(first.getContentAsString(), "$.note")).isEqualTo(note);
        Alert stored = store.find(id).orElseThrow();
        assertThat(stored.acknowledgedAt()).isNotNull();
        assertThat(stored.note()).isEqualTo(note);
        String hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(note.getBytes(StandardCharsets.UTF_8)));
        assertThat(ledger.events()).filteredOn(e -> e.target().equals("alert/" + id))
                .filteredOn(e -> e.action().equals("alert.acknowledged")).singleElement().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo("success");
                    assertThat(e.reason()).isEqualTo("note sha-256 " + hash).doesNotContain("SEC-4711");
                    assertThat(e.tenant()).isNull();
                });

        MockHttpServletResponse second = call(ack(id, "{\"note\": \"Overwrite the first note\"}"), officer);

        assertThat(second.getStatus()).isEqualTo(409);
        assertThat(second.getContentType()).isEqualTo("application/problem+json");
        assertThat((String) JsonPath.read(second.getContentAsString(), "$.type"))
                .isEqualTo("urn:custodia:problem:alert-already-acknowledged");
        assertThat((String) JsonPath.read(second.getContentAsString(), "$.messageIt")).isNotBlank();
        assertThat(store.find(id).orElseThrow().note()).as("unchanged").isEqualTo(note);
        assertThat(ledger.events()).filteredOn(e -> e.target().equals("alert/" + id))
                .filteredOn(e -> e.action().equals("alert.acknowledged") && e.outcome().equals("denied")).hasSize(1);

        List<String> open = JsonPath.read(call(get("/api/v1/alerts").param("state", "open"), officer)
                .getContentAsString(), "$.items[*].id");
        List<String> acknowledged = JsonPath.read(call(get("/api/v1/alerts").param("state", "acknowledged"), officer)
                .getContentAsString(), "$.items[*].id");
        assertThat(open).doesNotContain(id);
        assertThat(acknowledged).contains(id);
    }

    @Test
    void acknowledgementsAtOnceThenExactlyOneSucceeds() throws Exception {
        String id = raiseOne("key-race-" + System.nanoTime());
        List<Integer> statuses = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            threads.add(new Thread(() -> {
                try {
                    statuses.add(call(ack(id, "{\"note\": \"officer note " + n + "\"}"), officer).getStatus());
                } catch (Exception e) {
                    statuses.add(-1);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertThat(statuses).containsExactlyInAnyOrder(200, 409, 409, 409);
    }

    @Test
    void nobodyAcknowledgesAnAlertAboutThemselves() throws Exception {
        String id = raiseOne(officerAccount);

        MockHttpServletResponse own = call(ack(id, "{\"note\": \"nothing to see\"}"), officer);

        assertThat(own.getStatus()).isEqualTo(403);
        assertThat((String) JsonPath.read(own.getContentAsString(), "$.type"))
                .isEqualTo("urn:custodia:problem:alert-self-acknowledgement");
        assertThat(store.find(id).orElseThrow().acknowledged()).isFalse();
    }

    @Test
    void deleteIsRefusedByTheApiAndByTheDatabase() throws Exception {
        String id = raiseOne("key-deleted-" + System.nanoTime());

        for (String path : List.of("/api/v1/alerts/" + id, "/api/v1/alerts")) {
            MockHttpServletResponse refused = call(delete(path), officer);
            assertThat(refused.getStatus()).as(path).isEqualTo(405);
            assertThat(refused.getContentType()).isEqualTo("application/problem+json");
            assertThat((String) JsonPath.read(refused.getContentAsString(), "$.type"))
                    .isEqualTo("urn:custodia:problem:alert-not-deletable");
            assertThat((String) JsonPath.read(refused.getContentAsString(), "$.messageIt")).isNotBlank();
        }
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM security_alerts WHERE id = ?").param(id).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("never deleted");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM security_alerts").update())
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> jdbc.sql("DELETE FROM security_alerts WHERE id = ?")
                .param(id).update())).isInstanceOf(DataAccessException.class);
        if (eu.custodia.server.testing.TestDatabase.postgres()) {
            assertThatThrownBy(() -> jdbc.sql("TRUNCATE security_alerts").update())
                    .isInstanceOf(DataAccessException.class);
        }
        assertThat(store.find(id)).isPresent();
        // Nor is it rewritten: only the one change from open to acknowledged is possible, once.
        assertThatThrownBy(() -> jdbc.sql("UPDATE security_alerts SET detail = 'nothing happened' WHERE id = ?")
                .param(id).update()).isInstanceOf(DataAccessException.class);
        assertThat(call(ack(id, "{\"note\": \"seen\"}"), officer).getStatus()).isEqualTo(200);
        assertThatThrownBy(() -> jdbc.sql("UPDATE security_alerts SET note = 'rewritten' WHERE id = ?").param(id)
                .update()).isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> jdbc.sql("UPDATE security_alerts SET acknowledged_at = NULL, acknowledged_by = NULL,"
                + " note = NULL WHERE id = ?").param(id).update()).isInstanceOf(DataAccessException.class);
        assertThat(store.find(id).orElseThrow().note()).isEqualTo("seen");
    }

    @Test
    void tenantAdministratorsSupportEngineersAndTheAuditorCannotDoWhatTheyMayNot() throws Exception {
        String id = raiseOne("key-visible-" + System.nanoTime());
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        TenantId tenant = tenants.create(admin.caller(), contract()).id();
        String tenantAdmin = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant).token();
        String support = keys.create(SYSTEM, Set.of(Roles.SUPPORT_ENGINEER), null, "support").token();
        String auditor = keys.create(SYSTEM, Set.of(Roles.PLATFORM_AUDITOR), null, "auditor").token();

        for (String token : List.of(tenantAdmin, support)) {
            assertThat(call(get("/api/v1/alerts"), token).getStatus()).isEqualTo(403);
            assertThat(call(get("/api/v1/alerts/" + id), token).getStatus()).isEqualTo(403);
            assertThat(call(ack(id, "{\"note\": \"x\"}"), token).getStatus()).isEqualTo(403);
        }
        assertThat(call(get("/api/v1/alerts/" + id), auditor).getStatus()).as("the auditor reads").isEqualTo(200);
        MockHttpServletResponse auditorAck = call(ack(id, "{\"note\": \"x\"}"), auditor);
        assertThat(auditorAck.getStatus()).as("but does not acknowledge").isEqualTo(403);
        assertThat(auditorAck.getContentAsString()).contains("alerts:ack");
        assertThat(mvc.perform(get("/api/v1/alerts")).andReturn().getResponse().getStatus()).isEqualTo(401);
        assertThat(store.find(id).orElseThrow().acknowledged()).isFalse();
    }

    @Test
    void badInputGetsBilingualProblemsNeverA500() throws Exception {
        String id = raiseOne("key-bad-input-" + System.nanoTime());
        Map<MockHttpServletRequestBuilder, String> cases = new java.util.LinkedHashMap<>();
        cases.put(get("/api/v1/alerts").param("state", "closed"), "state");
        cases.put(get("/api/v1/alerts").param("limit", "0"), "limit");
        cases.put(get("/api/v1/alerts").param("limit", "101"), "limit");
        cases.put(get("/api/v1/alerts").param("limit", "ten"), "limit");
        cases.put(get("/api/v1/alerts").param("cursor", "not-a-cursor"), "cursor");
        cases.put(get("/api/v1/alerts").param("cursor", AlertController.encode(-5)), "cursor");
        cases.put(ack(id, ""), "note");
        cases.put(ack(id, "{}"), "note");
        cases.put(ack(id, "[]"), "note");
        cases.put(ack(id, "{\"note\": 5}"), "note");
        cases.put(ack(id, "{\"note\": \"   \"}"), "note");
        cases.put(ack(id, "{\"note\": \"" + "x".repeat(1001) + "\"}"), "note");
        cases.put(ack(id, "{\"note\": \"bell \\u0007\"}"), "note");
        cases.put(ack(id, "{\"note\": \"ok\", \"acknowledgedBy\": \"someone else\"}"), "acknowledgedBy");
        for (Map.Entry<MockHttpServletRequestBuilder, String> c : cases.entrySet()) {
            MockHttpServletResponse r = call(c.getKey(), officer);
            assertThat(r.getStatus()).as(c.getValue()).isEqualTo(400);
            assertThat(r.getContentType()).isEqualTo("application/problem+json");
            assertThat((String) JsonPath.read(r.getContentAsString(), "$.type"))
                    .isEqualTo("urn:custodia:problem:validation");
            assertThat((String) JsonPath.read(r.getContentAsString(), "$.field")).isEqualTo(c.getValue());
            assertThat((String) JsonPath.read(r.getContentAsString(), "$.messageIt")).isNotBlank();
        }
        MockHttpServletResponse malformed = call(ack(id, "{\"note\": "), officer);
        assertThat(malformed.getStatus()).isEqualTo(400);
        assertThat((String) JsonPath.read(malformed.getContentAsString(), "$.type"))
                .isEqualTo("urn:custodia:problem:malformed-request");
        assertThat((String) JsonPath.read(malformed.getContentAsString(), "$.messageIt")).isNotBlank();
        for (String unknown : List.of("alr-00000000000000000000", "not-an-id", "ALR-00000000000000000000")) {
            MockHttpServletResponse missing = call(get("/api/v1/alerts/" + unknown), officer);
            assertThat(missing.getStatus()).as(unknown).isEqualTo(404);
            assertThat((String) JsonPath.read(missing.getContentAsString(), "$.messageIt")).isNotBlank();
            assertThat(call(ack(unknown, "{\"note\": \"x\"}"), officer).getStatus()).isEqualTo(404);
        }
        assertThat(call(ack(id, "{\"note\": \"" + "é".repeat(1000) + "\"}"), officer).getStatus())
                .as("1000 characters").isEqualTo(200);
    }

    @Test
    void listIsNewestFirstInCursorPages() throws Exception {
        flush();
        List<String> raised = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            raised.add(raiseOne("key-page-" + i + "-" + System.nanoTime()));
        }
        List<String> seen = new java.util.ArrayList<>();
        String next = "/api/v1/alerts?limit=2";
        int pages = 0;
        while (next != null && pages < 1000) {
            MockHttpServletResponse page = call(get(next), officer);
            assertThat(page.getStatus()).isEqualTo(200);
            List<String> ids = JsonPath.read(page.getContentAsString(), "$.items[*].id");
            assertThat(ids.size()).isLessThanOrEqualTo(2);
            seen.addAll(ids);
            List<String> links = JsonPath.read(page.getContentAsString(), "$..next");
            next = links.isEmpty() ? null : links.get(0);
            pages++;
        }
        List<String> reversed = new java.util.ArrayList<>(raised);
        java.util.Collections.reverse(reversed);
        assertThat(seen.subList(0, 5)).isEqualTo(reversed);
        assertThat(seen).doesNotHaveDuplicates();
    }

    @Test
    void modulesRaiseAlertsDirectlyAndOneRaisedInARolledBackTransactionStands() throws Exception {
        String direct = raiseOne("key-direct-" + System.nanoTime());
        assertThat(store.find(direct)).as("written before raise returns").isPresent();
        assertThat(ledger.events()).filteredOn(e -> e.target().equals("alert/" + direct)).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo("alert.raised"));

        String[] inside = new String[1];
        tx.executeWithoutResult(status -> {
            inside[0] = alerts.raise("vault-isolation-breach", Severity.CRITICAL, "key-probe", TenantId.random(),
                    "isolation probe read another tenant's record");
            status.setRollbackOnly();
        });
        awaitAlert(a -> a.id().equals(inside[0]));
        assertThat(store.find(inside[0]).orElseThrow().severity()).isEqualTo(Severity.CRITICAL);

        assertThatThrownBy(() -> alerts.raise("Bad Kind", Severity.LOW, "key-x", null, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> alerts.raise("probe", Severity.LOW, "has spaces", null, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> alerts.raise("probe", Severity.LOW, "key-x", null, "line\nbreak"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> alerts.raise("probe", Severity.LOW, "key-x", null, "x".repeat(301)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventsOfTheAlertsModuleNeverRaiseAlerts() throws Exception {
        flush();
        int before = alerts(a -> true).size();
        String id = raiseOne("key-quiet-" + System.nanoTime());
        call(ack(id, "{\"note\": \"one\"}"), officer);
        for (int i = 0; i < 3; i++) {
            call(ack(id, "{\"note\": \"again\"}"), officer);
        }
        // Events that would match a rule: raise nothing under this module's actions, one alert otherwise.
        String quiet = "key-alert-action-" + System.nanoTime();
        String loud = "key-other-action-" + System.nanoTime();
        tx.executeWithoutResult(status -> {
            ledger.record(sodRefusal(quiet, "alert.acknowledged"));
            ledger.record(sodRefusal(loud, "approval.self-approval-refused"));
        });
        flush();
        assertThat(alerts(a -> a.subject().equals(quiet))).isEmpty();
        assertThat(alerts(a -> a.subject().equals(loud))).singleElement()
                .satisfies(a -> assertThat(a.kind()).isEqualTo("sod-bypass-attempt"));
        assertThat(alerts(a -> true)).as("the test's own two, nothing more").hasSize(before + 2);
    }

    @Test
    void aRolledBackEventRaisesNothing() throws Exception {
        String actor = "key-rolled-back-" + System.nanoTime();
        tx.executeWithoutResult(status -> {
            ledger.record(sodRefusal(actor, "account.role-granted"));
            status.setRollbackOnly();
        });
        flush();
        assertThat(alerts(a -> a.subject().equals(actor))).isEmpty();
    }

    private LedgerEvent sodRefusal(String actor, String action) {
        return new LedgerEvent(clock.instant(), null, new LedgerEvent.Actor(actor, "api-key", List.of(), List.of(),
                null), action, "account/acc-x", "denied", "role x refused: segregation of duties a+b", null);
    }

    private static TenantContract contract() {
        TenantContract.Contact contact = new TenantContract.Contact("Sara Conti", "sara@example.test", null);
        return new TenantContract("Alerts Test S.r.l.", "IT12345678901", "IT", "SaaS", List.of(),
                new TenantContract.Dpa("DPA-1", LocalDate.of(2026, 1, 1)), List.of(), "baseline", "eu-south-1", 90,
                24, 14, new TenantContract.Contacts(contact, contact, contact));
    }
}
