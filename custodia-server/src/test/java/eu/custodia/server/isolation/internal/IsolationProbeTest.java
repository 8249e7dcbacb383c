package eu.custodia.server.isolation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.prf.PrfSet;
import eu.custodia.server.access.Decision;
import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKey;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.isolation.CheckResult;
import eu.custodia.server.isolation.CheckStatus;
import eu.custodia.server.isolation.IsolationProbe;
import eu.custodia.server.isolation.ProbeRun;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.server.testing.TestDatabase;
import eu.custodia.server.vault.TenantKeysets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The isolation probe on both stores: a run on a fresh store passes (the SQL check not applicable on SQLite,
 * and on PostgreSQL passed or failed as row-level security really behaves), canaries are reused and their keys
 * revoked; simulated breaches (one keyset for every tenant, a decision point that allows everything) fail their
 * checks and raise a critical alert; the schedule follows the clock; the HTTP API is for platform staff only.
 */
@CustodiaTest
@AutoConfigureMockMvc
@Import({MutableClock.Configuration.class, IsolationProbeTest.Breaches.class})
@TestPropertySource(properties = {"custodia.test.context=isolation", "custodia.isolation.probe-interval=PT1H",
        "custodia.isolation.probe-tick=PT1H"})
class IsolationProbeTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());
    private static final List<String> CHECKS = List.of("api-other-tenant-key", "decrypt-other-keyset",
            "moved-ciphertext", "blind-index-other-tenant", "sql-without-tenant-filter");

    @Autowired
    IsolationProbe probe;
    @Autowired
    ProbeSchedule schedule;
    @Autowired
    BreachableKeysets keysets;
    @Autowired
    BreachableDecisionPoint decisions;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    TenantRowScope scope;
    @Autowired
    ApiKeys keys;
    @Autowired
    Accounts accounts;
    @Autowired
    MutableClock clock;
    @Autowired
    MockMvc mvc;

    @AfterEach
    void heal() {
        keysets.everyTenantGets(null);
        decisions.allowEverything(false);
    }

    @Test
    void runWhenStoreIsFreshThenEveryPathIsClosedAndTheRunIsKeptAndLedgered() {
        ProbeRun run = probe.run(SYSTEM);

        assertThat(run.checks()).extracting(CheckResult::id).containsExactlyElementsOf(CHECKS);
        assertThat(run.checks().subList(0, 4)).allSatisfy(c -> assertThat(c.status()).as(c.reason())
                .isEqualTo(CheckStatus.PASSED));
        CheckResult sql = run.checks().get(4);
        if (TestDatabase.postgres()) {
            // Row-level security is the other branch's work: until it is on (and the test's database role is not
            // a superuser, which bypasses it), the check honestly fails and names why.
            boolean visible = canaryAVisibleFromB();
            assertThat(sql.status()).as(sql.reason()).isEqualTo(visible ? CheckStatus.FAILED : CheckStatus.PASSED);
            if (visible) {
                assertThat(sql.reason()).contains("tenant A's canary rows visible in records", "row-level security");
            }
            assertThat(run.passed()).isEqualTo(!visible);
        } else {
            assertThat(sql.status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
            assertThat(sql.reason()).contains("SQLite");
            assertThat(run.passed()).isTrue();
            assertThat(run.summary()).isEqualTo("5 checks: 4 passed, 1 not applicable");
        }
        assertThat(probe.find(run.id())).contains(run);
        assertThat(probe.latest(5)).first().isEqualTo(run);
        LedgerEvent event = ledger.events().stream().filter(e -> e.action().equals(IsolationProbe.LEDGER_ACTION))
                .filter(e -> e.target().equals("isolation/runs/" + run.id())).findFirst().orElseThrow();
        assertThat(event.tenant()).isNull();
        assertThat(event.outcome()).isEqualTo(run.passed() ? "success" : "failure");
        assertThat(event.reason()).isEqualTo(run.summary());

        // A second run reuses the canary tenants; every canary key is revoked, none ever left usable.
        probe.run(SYSTEM);
        assertThat(jdbc.sql("SELECT count(*) FROM isolation_canaries").query(Integer.class).single()).isEqualTo(2);
        List<ApiKey> canaryKeys = keys.list().stream().filter(k -> k.description().equals(ProbeKeys.DESCRIPTION))
                .toList();
        assertThat(canaryKeys).hasSizeGreaterThanOrEqualTo(4).allMatch(ApiKey::revoked);
    }

    @Test
    void runWhenEveryTenantGetsTheSameKeysetThenKeysetAndBlindIndexChecksFailAndACriticalAlertIsRaised()
            throws Exception {
        probe.run(SYSTEM);
        TenantId a = canary("a");
        keysets.everyTenantGets(a);

        ProbeRun run = probe.run(SYSTEM);

        assertThat(run.passed()).isFalse();
        assertThat(statusOf(run, "decrypt-other-keyset")).isEqualTo(CheckStatus.FAILED);
        assertThat(reason(run, "decrypt-other-keyset")).contains("tenant B's records keyset opened");
        assertThat(statusOf(run, "blind-index-other-tenant")).isEqualTo(CheckStatus.FAILED);
        // The associated data still binds the place: a moved ciphertext stays shut, and the API still refuses B.
        assertThat(statusOf(run, "moved-ciphertext")).isEqualTo(CheckStatus.PASSED);
        assertThat(statusOf(run, "api-other-tenant-key")).isEqualTo(CheckStatus.PASSED);
        assertThat(ledger.events()).filteredOn(e -> e.target().equals("isolation/runs/" + run.id()))
                .singleElement().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo("failure");
                    assertThat(e.reason()).contains("decrypt-other-keyset", "blind-index-other-tenant");
                });
        Map<String, Object> alert = awaitAlert("isolation/runs/" + run.id());
        assertThat(alert).containsEntry("kind", "isolation-probe-failure").containsEntry("severity", "critical");
        assertThat((String) alert.get("detail")).contains("decrypt-other-keyset");
    }

    @Test
    void runWhenTheDecisionPointAllowsEverythingThenTheApiCheckFails() throws Exception {
        probe.run(SYSTEM);
        decisions.allowEverything(true);

        ProbeRun run = probe.run(SYSTEM);

        assertThat(run.passed()).isFalse();
        assertThat(statusOf(run, "api-other-tenant-key")).isEqualTo(CheckStatus.FAILED);
        assertThat(reason(run, "api-other-tenant-key")).contains("read answered", "list answered");
        assertThat(statusOf(run, "decrypt-other-keyset")).isEqualTo(CheckStatus.PASSED);
        assertThat(awaitAlert("isolation/runs/" + run.id())).containsEntry("kind", "isolation-probe-failure");
    }

    @Test
    void runWhenTheCanaryRecordIsGoneThenThePositiveControlsFailRatherThanPass() {
        probe.run(SYSTEM);
        TenantId a = canary("a");
        Map<String, Object> row = tx.execute(s -> {
            scope.enter(a);
            return jdbc.sql("SELECT * FROM records WHERE tenant_id = ? AND collection = ?")
                    .params(a.value(), ProbeContext.COLLECTION).query().singleRow();
        });
        List<Map<String, Object>> index = tx.execute(s -> {
            scope.enter(a);
            List<Map<String, Object>> kept = jdbc.sql("SELECT * FROM record_index WHERE tenant_id = ?")
                    .param(a.value()).query().listOfRows();
            jdbc.sql("DELETE FROM records WHERE tenant_id = ? AND collection = ?").params(a.value(),
                    ProbeContext.COLLECTION).update();
            return kept;
        });

        ProbeRun run = probe.run(SYSTEM);

        assertThat(run.passed()).isFalse();
        assertThat(run.checks().subList(0, 4)).allSatisfy(c -> assertThat(c.status()).isEqualTo(CheckStatus.FAILED));
        assertThat(reason(run, "api-other-tenant-key")).contains("positive control");
        // Put it back, with its index entry, for the other tests of this context.
        tx.executeWithoutResult(s -> {
            scope.enter(a);
            insert("records", row);
            index.forEach(entry -> insert("record_index", entry));
        });
    }

    private void insert(String table, Map<String, Object> row) {
        List<String> columns = List.copyOf(row.keySet());
        jdbc.sql("INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")")
                .params(columns.stream().map(row::get).toList()).update();
    }

    @Test
    void scheduleWhenAnIntervalHasPassedByTheClockThenRunsOnce() {
        assertThat(schedule.runIfDue()).isFalse();
        clock.advance(Duration.ofMinutes(61));
        assertThat(schedule.runIfDue()).isTrue();
        assertThat(schedule.runIfDue()).isFalse();
        assertThat(probe.latest(1)).singleElement().satisfies(r -> assertThat(r.triggeredBy()).isEqualTo("system"));
        clock.advance(Duration.ofMinutes(61));
        assertThat(schedule.runIfDue()).isTrue();
    }

    @Test
    void httpWhenPlatformStaffThenListsReadsAndRunsAndATenantKeyIsRefused() throws Exception {
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        String created = mvc.perform(as(post(IsolationController.BASE), admin.token()))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.checks.length()").value(5))
                .andExpect(jsonPath("$.checks[0].id").value("api-other-tenant-key"))
                .andExpect(jsonPath("$.triggeredBy").value(admin.key().key().id()))
                .andReturn().getResponse().getHeader("Location");
        assertThat(created).startsWith(IsolationController.BASE + "/iso-");
        String id = created.substring(created.lastIndexOf('/') + 1);
        mvc.perform(as(get(created), admin.token())).andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id)).andExpect(jsonPath("$.summary").exists());
        mvc.perform(as(get(IsolationController.BASE).param("limit", "5"), admin.token())).andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value(id));
        mvc.perform(as(get(IsolationController.BASE + "/iso-00000000000000000000"), admin.token()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.messageIt").exists());
        mvc.perform(as(get(IsolationController.BASE).param("limit", "0"), admin.token()))
                .andExpect(status().isBadRequest());

        int runs = probe.latest(100).size();
        TenantId tenant = canary("b");
        String tenantKey = keys.create(SYSTEM, Set.of(Roles.TENANT_ADMIN), tenant, "tenant administrator").token();
        mvc.perform(as(get(IsolationController.BASE), tenantKey)).andExpect(status().isForbidden());
        mvc.perform(as(get(created), tenantKey)).andExpect(status().isForbidden());
        mvc.perform(as(post(IsolationController.BASE), tenantKey)).andExpect(status().isForbidden());
        mvc.perform(get(IsolationController.BASE)).andExpect(status().isUnauthorized())
                .andExpect(header().exists("WWW-Authenticate"));
        assertThat(probe.latest(100)).hasSize(runs);
    }

    private static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, String token) {
        return request.header("Authorization", "Bearer " + token);
    }

    private TenantId canary(String slot) {
        return new TenantId(jdbc.sql("SELECT tenant_id FROM isolation_canaries WHERE slot = ?").param(slot)
                .query(String.class).single());
    }

    /** Independently of the probe: does a transaction scoped to canary B see canary A's records? */
    private boolean canaryAVisibleFromB() {
        TenantId a = canary("a");
        TenantId b = canary("b");
        Boolean visible = tx.execute(s -> {
            scope.enter(b);
            return jdbc.sql("SELECT count(*) FROM records WHERE tenant_id = ?").param(a.value())
                    .query(Integer.class).single() > 0;
        });
        return Boolean.TRUE.equals(visible);
    }

    private static CheckStatus statusOf(ProbeRun run, String check) {
        return run.checks().stream().filter(c -> c.id().equals(check)).findFirst().orElseThrow().status();
    }

    private static String reason(ProbeRun run, String check) {
        return run.checks().stream().filter(c -> c.id().equals(check)).findFirst().orElseThrow().reason();
    }

    /** Waits (alerts are written off the committing thread) for the alert about {@code subject}. */
    private Map<String, Object> awaitAlert(String subject) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            List<Map<String, Object>> found = jdbc.sql("SELECT kind, severity, detail FROM security_alerts"
                    + " WHERE subject = ?").param(subject).query().listOfRows();
            if (!found.isEmpty()) {
                return found.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no alert was raised about " + subject);
            }
            Thread.sleep(50);
        }
    }

    /** Keysets that, when told to, give every tenant one tenant's keysets (a simulated key-isolation breach). */
    static final class BreachableKeysets implements TenantKeysets {

        private final TenantKeysets real;
        private volatile TenantId everyone;

        BreachableKeysets(TenantKeysets real) {
            this.real = real;
        }

        void everyTenantGets(TenantId tenant) {
            this.everyone = tenant;
        }

        private TenantId map(TenantId tenant) {
            TenantId shared = everyone;
            return shared == null ? tenant : shared;
        }

        @Override
        public Aead recordsAead(TenantId tenant) {
            return real.recordsAead(map(tenant));
        }

        @Override
        public PrfSet blindIndexPrf(TenantId tenant) {
            return real.blindIndexPrf(map(tenant));
        }

        @Override
        public StreamingAead streamingAead(TenantId tenant) {
            return real.streamingAead(map(tenant));
        }

        @Override
        public void provision(Caller actor, TenantId tenant) {
            real.provision(actor, tenant);
        }

        @Override
        public void rotate(Caller actor, TenantId tenant) {
            real.rotate(actor, tenant);
        }

        @Override
        public void rewrap(Caller actor, TenantId tenant) {
            real.rewrap(actor, tenant);
        }

        @Override
        public int kekVersion(TenantId tenant) {
            return real.kekVersion(tenant);
        }

        @Override
        public boolean cryptoShred(Caller actor, TenantId tenant) {
            return real.cryptoShred(actor, tenant);
        }

        @Override
        public void requireNotShredded(TenantId tenant) {
            real.requireNotShredded(tenant);
        }
    }

    /** A decision point that, when told to, allows everything (a simulated broken tenant-scope rule). */
    static final class BreachableDecisionPoint implements DecisionPoint {

        private final DecisionPoint real;
        private volatile boolean allowAll;

        BreachableDecisionPoint(DecisionPoint real) {
            this.real = real;
        }

        void allowEverything(boolean allow) {
            this.allowAll = allow;
        }

        @Override
        public Decision decide(Caller caller, Permission permission, TenantId tenant) {
            return allowAll ? Decision.allow("test-breach", "allows everything") : real.decide(caller, permission,
                    tenant);
        }

        @Override
        public void require(Caller caller, Permission permission, TenantId tenant) {
            if (!allowAll) {
                real.require(caller, permission, tenant);
            }
        }
    }

    /** The breachable wrappers as the application's primary beans, around the real ones. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Breaches {

        @Bean
        @Primary
        BreachableKeysets breachableKeysets(@Qualifier("jdbcTenantKeysets") TenantKeysets real) {
            return new BreachableKeysets(real);
        }

        @Bean
        @Primary
        BreachableDecisionPoint breachableDecisionPoint(@Qualifier("ruleBasedDecisionPoint") DecisionPoint real) {
            return new BreachableDecisionPoint(real);
        }
    }
}
