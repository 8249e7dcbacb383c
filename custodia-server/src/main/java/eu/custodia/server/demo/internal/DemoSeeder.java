package eu.custodia.server.demo.internal;

import eu.custodia.server.access.Agreement;
import eu.custodia.server.access.Agreements;
import eu.custodia.server.elevation.AccessRequests;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.identity.internal.totp.Totp;
import eu.custodia.server.identity.internal.totp.TotpSecret;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Collectors;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.IssuedKey;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.isolation.IsolationProbe;
import eu.custodia.server.records.CollectionSchema;
import eu.custodia.server.records.Precondition;
import eu.custodia.server.records.Records;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import eu.custodia.server.isolation.ProbeRun;
import eu.custodia.server.ledger.LedgerKeys;
import eu.custodia.server.platform.PlatformSettings;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.Tenant;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TenantState;
import eu.custodia.tlog.merkle.Rfc9162;
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
 * On {@code ./custodia demo}: seeds an empty store once (demo administrator and security officer, two tenants,
 * a contract change, a suspension and reactivation, all through the decision point and ledgered), then on every
 * start issues fresh keys for both and a read-only ledger key for the strict tenant and prints how to use them.
 * Runs before the first-administrator setup, which then has nothing to do.
 */
@Component
@Profile("demo")
@Order(Ordered.HIGHEST_PRECEDENCE)
final class DemoSeeder implements ApplicationRunner {

    static final String STRICT_TENANT = "demo-tenant-strict";
    static final String CUSTOMER_ACCOUNT = "demo.customer-admin-account";
    static final String CUSTOMER_TOTP = "demo.customer-admin-totp";
    static final String SUPPORT_ACCOUNT = "demo.support-account";
    static final String SUPPORT_TOTP = "demo.support-totp";
    static final String ACCESS_STORY = "demo.access-story";
    static final String ADMIN_ACCOUNT = "demo-admin-account";
    static final String ADMIN_TOTP = "demo-admin-totp-secret";
    static final String OFFICER_ACCOUNT = "demo-officer-account";
    static final String OFFICER_TOTP = "demo-officer-totp-secret";


    private final ApiKeys keys;
    private final Accounts accounts;
    private final Clock clock;
    private final TenantCommands tenants;
    private final LedgerKeys ledgerKeys;
    private final PlatformSettings settings;
    private final Environment environment;
    private final DemoBanner banner;
    private final Agreements agreements;
    private final IsolationProbe isolation;
    private final Records records;
    private final AccessRequests accessRequests;

    DemoSeeder(ApiKeys keys, Accounts accounts, TenantCommands tenants, LedgerKeys ledgerKeys,
            PlatformSettings settings, Environment environment, DemoBanner banner, Clock clock,
            Agreements agreements, IsolationProbe isolation, Records records, AccessRequests accessRequests) {
        this.records = records;
        this.accessRequests = accessRequests;
        this.agreements = agreements;
        this.isolation = isolation;
        this.keys = keys;
        this.accounts = accounts;
        this.clock = clock;
        this.tenants = tenants;
        this.ledgerKeys = ledgerKeys;
        this.settings = settings;
        this.environment = environment;
        this.banner = banner;
    }

    @Override
    public void run(ApplicationArguments args) {
        Caller adminCaller = demoStaff("demo-admin", Roles.PLATFORM_ADMIN, ADMIN_ACCOUNT, ADMIN_TOTP);
        IssuedKey admin = keys.create(adminCaller, Set.of(Roles.PLATFORM_ADMIN), null, "demo administrator");
        // A second person, so that the two-person rule, alerts and access reviews can be tried in the demo.
        Caller officerCaller = demoStaff("demo-officer", Roles.SECURITY_OFFICER, OFFICER_ACCOUNT, OFFICER_TOTP);
        IssuedKey officer = keys.create(officerCaller, Set.of(Roles.SECURITY_OFFICER), null, "demo security officer");
        TenantId strict = settings.get(STRICT_TENANT).map(TenantId::new).orElseGet(() -> seed(adminCaller));
        // The tenant's own verifier key: in real life its administrators issue it (staff cannot mint keys of a
        // tenant); the seeding does it as the system, as the setup does for the first administrator.
        IssuedKey reader = keys.create(Caller.SYSTEM,
                Set.of(Roles.TENANT_LEDGER_READER), strict, "demo read-only ledger key");
        // The provider's SaaS application, storing its customer's data through the records API.
        IssuedKey application = keys.create(Caller.SYSTEM,
                Set.of(Roles.TENANT_MEMBER), strict, "demo SaaS application");
        if (settings.get(DEMO_RECORDS).isEmpty()) {
            seedRecords(keys.authenticate(application.token()).orElseThrow(), strict);
        }
        // The customer's side: an administrator of the strict tenant, who approves staff access and reads it.
        Caller customerCaller = demoPerson("demo-customer-admin", Roles.TENANT_ADMIN, strict, CUSTOMER_ACCOUNT,
                CUSTOMER_TOTP);
        IssuedKey customer = keys.create(customerCaller, Set.of(Roles.TENANT_ADMIN), strict,
                "demo customer administrator");
        String story = settings.get(ACCESS_STORY).orElseGet(() -> accessStory(officerCaller, customerCaller, strict));
        String probe = probe();
        banner.print(System.out, new DemoBanner.Facts(port(), admin.token(), reader.token(), strict,
                ledgerKeys.verifierKeyText(), settings.get(ADMIN_TOTP).orElseThrow(), officer.token(),
                settings.get(OFFICER_TOTP).orElseThrow(), probe, application.token(), customer.token(), story));
    }

    /**
     * A demo staff member (the administrator, the security officer): a staff account with TOTP enrolled, a
     * confidentiality agreement and {@code role}, signed in with a second factor verified just now (a real code
     * of its authenticator, computed from the demo secret, so its key is created after a step-up as the policy
     * requires). Its TOTP secret is demo data, kept in the platform settings so that a restart can do the same;
     * the banner prints it. The role is granted by the seeding itself (the platform's own code needs no second
     * person's approval).
     */
    private Caller demoStaff(String username, String role, String accountSetting, String totpSetting) {
        return demoPerson(username, role, null, accountSetting, totpSetting);
    }

    /**
     * Like {@link #demoStaff}, for staff ({@code tenant} null: with a confidentiality agreement) or for a user of
     * {@code tenant} (no agreement: that is the provider's staff's obligation).
     */
    private Caller demoPerson(String username, String role, TenantId tenant, String accountSetting,
            String totpSetting) {
        String kind = tenant == null ? Account.STAFF : Account.TENANT_USER;
        String account = settings.get(accountSetting).orElseGet(() -> {
            Accounts.Invitation invitation = accounts.invite(Caller.SYSTEM, kind, tenant, username);
            accounts.acceptInvitation(invitation.token(), "demo " + TotpSecret.generate().toBase32());
            String id = invitation.account().id();
            Caller self = new Caller(id, kind, Set.of(), tenant, List.of(), id, List.of(), false);
            Accounts.TotpEnrolment enrolment = accounts.startTotp(self);
            Totp totp = Totp.withDefaults(clock);
            accounts.confirmTotp(self, totp.code(TotpSecret.fromBase32(enrolment.secret()), totp.currentStep()));
            if (tenant == null) {
                // A staff role touches production: a confidentiality agreement first (commitment 3).
                demoAgreement(id);
            }
            accounts.grantRole(Caller.SYSTEM, id, role, tenant);
            settings.put(totpSetting, enrolment.secret());
            settings.put(accountSetting, id);
            return id;
        });
        // A demo kept for a long time: renew the agreement before it expires (which reinstates platform-admin if
        // it expired while the demo was stopped).
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        boolean lasting = agreements.of(account).stream().filter(Agreement::valid)
                .anyMatch(a -> a.expiresOn().isAfter(today.plusDays(30)));
        if (tenant == null && !lasting) {
            demoAgreement(account);
        }
        VerifiedFactor factor = stepUp(account, TotpSecret.fromBase32(settings.get(totpSetting).orElseThrow()));
        Account staff = accounts.find(account).orElseThrow();
        Set<String> roles = staff.roles().stream().map(Account.RoleAssignment::role).collect(Collectors.toSet());
        return new Caller(account, kind, roles, tenant, List.of(VerifiedFactor.TOTP), account, List.of(factor),
                true);
    }

    /**
     * One completed story of staff access to the strict tenant, seeded once, every step through the elevation
     * module's own checks and ledgered in the tenant's log: a demo support engineer asks for read access to
     * collection customers under ticket SUP-1042, the demo security officer approves, the customer's
     * administrator approves, the engineer activates, reads one record, and concludes. Returns its id.
     */
    private String accessStory(Caller officer, Caller customer, TenantId strict) {
        Caller engineer = demoStaff("demo-support", Roles.SUPPORT_ENGINEER, SUPPORT_ACCOUNT, SUPPORT_TOTP);
        String id = accessRequests.request(engineer, strict, "SUP-1042", "customer-requested-support",
                "The customer reports a wrong plan shown for customer C-1002.", "read", List.of("customers"), "PT1H");
        accessRequests.approve(officer, id);
        accessRequests.approve(customer, id);
        accessRequests.activate(engineer, id);
        records.read(engineer, strict, "customers", "cust-2");
        accessRequests.conclude(engineer, id);
        settings.put(ACCESS_STORY, id);
        return id;
    }

    /**
     * Registers a year's demo confidentiality agreement for a demo staff member, as the system (nobody
     * registers their own). The document is fictitious: its hash is that of a line naming the demo and the day.
     */
    private void demoAgreement(String account) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        String document = HexFormat.of().formatHex(Rfc9162.newDigest().digest(("Custodia demo confidentiality"
                + " agreement of " + account + ", signed " + today).getBytes(StandardCharsets.UTF_8)));
        agreements.register(Caller.SYSTEM, account, new Agreements.NewAgreement(Agreements.EMPLOYMENT_CONFIDENTIALITY, today,
                today.plusYears(1), document));
    }

    /**
     * Verifies the demo administrator's next TOTP code. A code is accepted once only, so a restart within the
     * same 30 seconds waits for the next time step (printing why) rather than reuse one.
     */
    private VerifiedFactor stepUp(String account, TotpSecret secret) {
        Totp totp = Totp.withDefaults(clock);
        for (int attempt = 0; attempt < 3; attempt++) {
            long step = totp.currentStep();
            Optional<VerifiedFactor> factor = accounts.verifySecondFactor(account, totp.code(secret, step + 1));
            if (factor.isPresent()) {
                return factor.get();
            }
            System.out.println("custodia demo: waiting for the next TOTP time step (a code is never accepted twice)"
                    + " / in attesa del prossimo intervallo TOTP (un codice non vale mai due volte)");
            long deadline = System.nanoTime() + Duration.ofSeconds(35).toNanos();
            while (totp.currentStep() == step && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the next TOTP step", e);
                }
            }
        }
        throw new IllegalStateException("the demo administrator's TOTP code was refused");
    }

    /**
     * Runs the isolation probe once, so that the demo shows a run at {@code /api/v1/isolation/runs} (the
     * schedule's first run comes an interval later); its first run creates the two canary tenants. Returns the
     * outcome and counts for the banner. A probe that cannot run does not stop the demo (it is logged).
     */
    private String probe() {
        try {
            ProbeRun run = isolation.run(Caller.SYSTEM);
            return run.outcome() + " (" + run.summary() + ")";
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(DemoSeeder.class).error("the demo's isolation probe run failed", e);
            return "did not run / non eseguita";
        }
    }

    /** Set once the demo's records are seeded, so that a restart does not write them again. */
    static final String DEMO_RECORDS = "demo.records-seeded";

    /**
     * The SaaS application's first data in the strict tenant, written as the application would: a collection
     * with an indexed field and a data-subject field, and two documents (invented data), sealed under the
     * tenant's own keys and ledgered as metadata.
     */
    private void seedRecords(Caller application, TenantId strict) {
        records.defineCollection(application, strict, "customers", new CollectionSchema(Map.of(
                "email", new CollectionSchema.Field(true, true),
                "customerId", new CollectionSchema.Field(true, true),
                "plan", new CollectionSchema.Field(true, false)), "customerId"));
        records.write(application, strict, "customers", "cust-1", ("{\"customerId\": \"C-1001\", \"email\": "
                + "\"giulia.rossi@example.it\", \"plan\": \"enterprise\"}").getBytes(StandardCharsets.UTF_8),
                Precondition.NONE);
        records.write(application, strict, "customers", "cust-2", ("{\"customerId\": \"C-1002\", \"email\": "
                + "\"marco.bianchi@example.it\", \"plan\": \"pro\"}").getBytes(StandardCharsets.UTF_8),
                Precondition.NONE);
        settings.put(DEMO_RECORDS, "true");
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
