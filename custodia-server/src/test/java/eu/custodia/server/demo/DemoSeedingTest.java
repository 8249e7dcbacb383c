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
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.PlatformSettings;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.Tenant;
import eu.custodia.server.tenancy.TenantState;
import eu.custodia.server.tenancy.Tenants;
import eu.custodia.server.testing.CustodiaTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/** {@code ./custodia demo}: two tenants with history, demo keys scoped as the banner promises. */
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

    @Test
    void demoWhenStartedThenStrictAndBaselineTenantsWithHistoryAndDemoMarker() {
        assertThat(settings.get(PlatformSettings.DEMO_DATA)).contains("true");
        TenantId strictId = new TenantId(settings.get("demo-tenant-strict").orElseThrow());
        Tenant strict = tenants.find(strictId).orElseThrow();
        assertThat(strict.state()).isEqualTo(TenantState.ACTIVE);
        assertThat(strict.contract().policyProfile()).isEqualTo("strict");
        assertThat(strict.contract().breachNoticeHours()).isEqualTo(12);
        assertThat(jdbc.sql("SELECT count(*) FROM tenants").query(Integer.class).single()).isEqualTo(2);
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
        assertThat(jdbc.sql("SELECT count(*) FROM tenants").query(Integer.class).single()).isEqualTo(2);
        // Fresh keys for the administrator, the security officer and the strict tenant's verifier.
        assertThat(keys.list()).hasSize(keysBefore + 3);
    }
}
