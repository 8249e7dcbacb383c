package eu.custodia.server.demo;

import eu.custodia.server.identity.MutableClock;
import java.time.Duration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.ApiKey;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.isolation.IsolationProbe;
import eu.custodia.server.isolation.ProbeRun;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.PlatformSettings;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.Tenant;
import eu.custodia.server.tenancy.TenantState;
import eu.custodia.server.tenancy.Tenants;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.server.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * {@code ./custodia demo}: two tenants with history, demo keys scoped as the banner promises, and a run of the
 * isolation probe (with its two canary tenants) to show.
 */
@CustodiaTest
@ActiveProfiles("demo")
@Import(MutableClock.Configuration.class)
class DemoSeedingTest {

    @Autowired
    PlatformSettings settings;

    @Autowired
    Tenants tenants;

    @Autowired
    ApiKeys keys;

    @Autowired
    DecisionPoint decisions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    List<ApplicationRunner> runners;

    @Autowired
    RecordingLedger ledger;

    @Autowired
    MutableClock clock;

    @Autowired
    eu.custodia.server.access.Agreements agreements;

    @Autowired
    IsolationProbe isolation;

    @Autowired
    eu.custodia.server.records.Records records;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @Autowired
    eu.custodia.server.platform.TenantRowScope rowScope;

    @Test
    void demoWhenStartedThenStrictAndBaselineTenantsWithHistoryAndDemoMarker() {
        assertThat(settings.get(PlatformSettings.DEMO_DATA)).contains("true");
        TenantId strictId = new TenantId(settings.get("demo-tenant-strict").orElseThrow());
        Tenant strict = tenants.find(strictId).orElseThrow();
        assertThat(strict.state()).isEqualTo(TenantState.ACTIVE);
        assertThat(strict.contract().policyProfile()).isEqualTo("strict");
        assertThat(strict.contract().breachNoticeHours()).isEqualTo(12);
        assertThat(customerTenants()).isEqualTo(2);
        assertThat(ledger.events()).filteredOn(e -> e.action().equals("platform.setting-changed"))
                .extracting(LedgerEvent::target).contains("platform/setting/demo-data");
        // Its administrator holds platform-admin with a confidentiality agreement, as every staff member must.
        String admin = settings.get("demo-admin-account").orElseThrow();
        assertThat(agreements.covered(admin)).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM account_roles WHERE account_id = ? AND role = ?")
                .params(admin, Roles.PLATFORM_ADMIN).query(Integer.class).single()).isOne();
        // A second person, the security officer, so that approvals can be tried: with an agreement and a factor.
        String officer = settings.get("demo-officer-account").orElseThrow();
        assertThat(officer).isNotEqualTo(admin);
        assertThat(agreements.covered(officer)).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM account_roles WHERE account_id = ? AND role = ?")
                .params(officer, Roles.SECURITY_OFFICER).query(Integer.class).single()).isOne();
        ApiKey officerKey = keys.list().stream().filter(k -> k.roles().contains(Roles.SECURITY_OFFICER))
                .findFirst().orElseThrow();
        assertThat(officerKey.owner()).isEqualTo(officer);
    }

    @Test
    void demoWhenStartedThenTheSaasApplicationsKeySearchesAndReadsTheStrictTenantsRecords() {
        TenantId strictId = new TenantId(settings.get("demo-tenant-strict").orElseThrow());
        ApiKey application = keys.list().stream().filter(k -> k.description().equals("demo SaaS application"))
                .findFirst().orElseThrow();
        assertThat(application.tenant()).isEqualTo(strictId);
        var page = records.list(application.caller(), strictId, "customers", java.util.Map.of("plan", "pro"), null, 10);
        assertThat(page.records()).extracting(r -> r.id()).containsExactly("cust-2");
        assertThat(new String(records.read(application.caller(), strictId, "customers", "cust-1").document(),
                java.nio.charset.StandardCharsets.UTF_8)).contains("C-1001");
    }

    @Test
    void demoWhenStartedThenOneCompletedStaffAccessStoryIsInTheStrictTenantsLog() {
        TenantId strictId = new TenantId(settings.get("demo-tenant-strict").orElseThrow());
        String story = settings.get("demo.access-story").orElseThrow();
        assertThat(jdbc.sql("SELECT state FROM elevation_requests WHERE id = ?").param(story).query(String.class)
                .single()).isEqualTo("concluded");
        assertThat(ledger.events()).filteredOn(e -> strictId.equals(e.tenant()) && e.action().startsWith("elevation."))
                .extracting(e -> e.action()).containsSubsequence("elevation.requested", "elevation.staff-approved",
                        "elevation.customer-approved", "elevation.activated", "elevation.grant-used",
                        "elevation.concluded");
        // The customer's administrator key reads the story.
        ApiKey customer = keys.list().stream().filter(k -> k.description().equals("demo customer administrator"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(customer.tenant()).isEqualTo(strictId);
        assertThat(customer.roles()).contains("tenant-admin");
    }

    @Test
    void demoWhenStartedThenReaderKeyReadsOnlyTheStrictTenantsLog() {
        TenantId strictId = new TenantId(settings.get("demo-tenant-strict").orElseThrow());
        ApiKey reader = keys.list().stream().filter(k -> k.roles().contains(Roles.TENANT_LEDGER_READER))
                .findFirst().orElseThrow();
        assertThat(reader.tenant()).isEqualTo(strictId);
        assertThat(decisions.decide(reader.caller(), Permission.LEDGER_READ, strictId).allowed()).isTrue();
        assertThat(decisions.decide(reader.caller(), Permission.LEDGER_READ, TenantId.random()).allowed()).isFalse();
        assertThat(decisions.decide(reader.caller(), Permission.TENANTS_WRITE, strictId).allowed()).isFalse();
    }

    @Test
    void demoWhenRestartedThenNoSecondSeedingButFreshKeys() throws Exception {
        int keysBefore = keys.list().size();
        // The demo administrator's step-up code of this time step was used by the first start.
        clock.advance(Duration.ofSeconds(30));
        ApplicationArguments none = new DefaultApplicationArguments();
        for (ApplicationRunner runner : runners) {
            if (runner.getClass().getSimpleName().equals("DemoSeeder")) {
                runner.run(none);
            }
        }
        assertThat(customerTenants()).isEqualTo(2);
        // Fresh keys for the administrator, the security officer, the strict tenant's verifier, its SaaS
        // application and its administrator (and the probe's two canary keys of its second run, revoked).
        assertThat(keys.list()).hasSize(keysBefore + 5 + 2);
        // The access story is not told twice.
        assertThat(jdbc.sql("SELECT count(*) FROM elevation_requests").query(Integer.class).single()).isEqualTo(1);
        // The application's demo documents are not written twice.
        TenantId strictId = new TenantId(settings.get("demo-tenant-strict").orElseThrow());
        Integer documents = tx.execute(status -> {
            rowScope.enter(strictId);
            return jdbc.sql("SELECT count(*) FROM records WHERE tenant_id = ?").param(strictId.value())
                    .query(Integer.class).single();
        });
        assertThat(documents).isEqualTo(2);
        assertThat(keys.list()).filteredOn(k -> k.description().startsWith("isolation probe")).allMatch(ApiKey::revoked);
        // The canary tenants of the first run are reused.
        assertThat(jdbc.sql("SELECT count(*) FROM tenants").query(Integer.class).single()).isEqualTo(4);
        assertThat(isolation.latest(10)).hasSize(2);
    }

    @Test
    void demoWhenStartedThenAnIsolationProbeRunPassedAndIsLedgered() {
        List<ProbeRun> runs = isolation.latest(10);
        assertThat(runs).hasSize(1);
        ProbeRun run = runs.get(0);
        // On SQLite the SQL check is not applicable; on PostgreSQL it passes only under row-level security.
        if (!TestDatabase.postgres()) {
            assertThat(run.passed()).as(run.summary()).isTrue();
        }
        assertThat(run.checks()).extracting(c -> c.id()).containsExactly("api-other-tenant-key",
                "decrypt-other-keyset", "moved-ciphertext", "blind-index-other-tenant", "sql-without-tenant-filter");
        assertThat(ledger.events()).filteredOn(e -> e.action().equals("isolation.probe-run"))
                .extracting(LedgerEvent::target).containsExactly("isolation/runs/" + run.id());
        assertThat(jdbc.sql("SELECT count(*) FROM isolation_canaries").query(Integer.class).single()).isEqualTo(2);
    }

    /** The demo's customers: every tenant but the isolation probe's two canaries. */
    private int customerTenants() {
        return jdbc.sql("SELECT count(*) FROM tenants WHERE id NOT IN (SELECT tenant_id FROM isolation_canaries)")
                .query(Integer.class).single();
    }
}
