package eu.custodia.server.demo.internal;

import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.IssuedKey;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.ledger.LedgerKeys;
import eu.custodia.server.platform.PlatformSettings;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.Tenant;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TenantState;
import java.util.List;
import java.util.Set;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * On {@code ./custodia demo}: seeds an empty store once (demo administrator, two tenants, a contract change,
 * a suspension and reactivation, all through the decision point and ledgered), then on every start issues a
 * fresh administrator key and a read-only ledger key for the strict tenant and prints how to use them.
 * Runs before the first-administrator setup, which then has nothing to do.
 */
@Component
@Profile("demo")
@Order(Ordered.HIGHEST_PRECEDENCE)
final class DemoSeeder implements ApplicationRunner {

    static final String STRICT_TENANT = "demo-tenant-strict";

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

    private final ApiKeys keys;
    private final TenantCommands tenants;
    private final LedgerKeys ledgerKeys;
    private final PlatformSettings settings;
    private final Environment environment;
    private final DemoBanner banner;

    DemoSeeder(ApiKeys keys, TenantCommands tenants, LedgerKeys ledgerKeys, PlatformSettings settings,
            Environment environment, DemoBanner banner) {
        this.keys = keys;
        this.tenants = tenants;
        this.ledgerKeys = ledgerKeys;
        this.settings = settings;
        this.environment = environment;
        this.banner = banner;
    }

    @Override
    public void run(ApplicationArguments args) {
        IssuedKey admin = keys.create(SYSTEM, Set.of(Roles.PLATFORM_ADMIN), null, "demo administrator");
        Caller adminCaller = admin.key().caller();
        TenantId strict = settings.get(STRICT_TENANT).map(TenantId::new).orElseGet(() -> seed(adminCaller));
        IssuedKey reader = keys.create(adminCaller, Set.of(Roles.TENANT_LEDGER_READER), strict,
                "demo read-only ledger key");
        banner.print(System.out, new DemoBanner.Facts(port(), admin.token(), reader.token(), strict,
                ledgerKeys.verifierKeyText()));
    }

    private TenantId seed(Caller admin) {
        Tenant strict = tenants.create(admin, DemoContracts.strict(24));
        Tenant baseline = tenants.create(admin, DemoContracts.baseline());
        Tenant active = tenants.transition(admin, strict.id(), TenantState.ACTIVE,
                "contract signed, onboarding complete");
        tenants.transition(admin, baseline.id(), TenantState.ACTIVE, "contract signed, onboarding complete");
        tenants.update(admin, strict.id(), active.version(), DemoContracts.strict(12));
        tenants.transition(admin, baseline.id(), TenantState.SUSPENDED, "invoice overdue, per contract clause 9");
        tenants.transition(admin, baseline.id(), TenantState.ACTIVE, "payment received");
        settings.put(PlatformSettings.DEMO_DATA, "true");
        settings.put(STRICT_TENANT, strict.id().value());
        return strict.id();
    }

    private int port() {
        return environment.getProperty("local.server.port", Integer.class,
                environment.getProperty("server.port", Integer.class, 8443));
    }


}
