package eu.custodia.bench.vault;

import eu.custodia.bench.ledger.BenchAdministrator;
import eu.custodia.bench.ledger.InProcessServer;
import eu.custodia.server.access.Agreements;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.records.CollectionSchema;
import eu.custodia.server.records.Records;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.tenancy.TenantContract.Contact;
import eu.custodia.server.tenancy.TenantContract.Contacts;
import eu.custodia.server.tenancy.TenantContract.Dpa;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tenants as the records API sees them: made by the platform administrator, each with a SaaS application's
 * API key ({@code tenant-member}, bound to the tenant) and a collection {@value #COLLECTION}.
 */
final class VaultTenants {

    static final String COLLECTION = "customers";
    static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

    /** A tenant and the caller its application acts as. */
    record BenchTenant(TenantId id, Caller app) {
    }

    private final InProcessServer server;
    private final Caller admin;

    private VaultTenants(InProcessServer server, Caller admin) {
        this.server = server;
        this.admin = admin;
    }

    /** Makes the benchmark's platform administrator on {@code server}. */
    static VaultTenants on(InProcessServer server) {
        ApiKeys keys = server.bean(ApiKeys.class);
        String token = BenchAdministrator.create(server.bean(Accounts.class), keys, server.bean(Agreements.class),
                server.bean(Clock.class));
        Caller admin = keys.authenticate(token)
                .orElseThrow(() -> new IllegalStateException("the administrator's key was refused"));
        return new VaultTenants(server, admin);
    }

    /** The same administrator acting through another server on the same store. */
    VaultTenants through(InProcessServer other) {
        return new VaultTenants(other, admin);
    }

    Caller admin() {
        return admin;
    }

    /**
     * Creates a tenant, its application's key and its collection (no indexed field, no data-subject field: a
     * write is the sealed document and nothing else).
     */
    BenchTenant create(String name) {
        TenantId id = server.bean(TenantCommands.class).create(admin, contract(name)).id();
        ApiKeys keys = server.bean(ApiKeys.class);
        String token = keys.create(SYSTEM, Set.of(Roles.TENANT_MEMBER), id, "vault benchmark").token();
        Caller app = keys.authenticate(token)
                .orElseThrow(() -> new IllegalStateException("the application's key was refused"));
        server.bean(Records.class).defineCollection(app, id, COLLECTION, new CollectionSchema(Map.of(), null));
        return new BenchTenant(id, app);
    }

    private static TenantContract contract(String name) {
        Contact security = new Contact("Bench Security", "security@bench.example", "+39 06 0000001");
        Contact dpo = new Contact("Bench Dpo", "dpo@bench.example", "+39 06 0000002");
        Contact admin = new Contact("Bench Admin", "admin@bench.example", null);
        return new TenantContract(name, "IT00000000000", "IT", "SaaS", List.of(),
                new Dpa("DPA-BENCH-002", LocalDate.of(2026, 1, 1)), List.of(), "strict", "eu-south-1", 90, 24, 14,
                new Contacts(security, dpo, admin));
    }
}
