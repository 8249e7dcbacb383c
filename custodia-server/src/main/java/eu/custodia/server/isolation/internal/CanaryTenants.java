package eu.custodia.server.isolation.internal;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.records.CollectionSchema;
import eu.custodia.server.records.Precondition;
import eu.custodia.server.records.Records;
import eu.custodia.server.tenancy.TenantCommands;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The probe's two canary tenants, {@code a} and {@code b}: created on the first run through the tenant
 * register (as the platform's own code with the {@code platform-admin} role, ledgered like any registration),
 * each given a canary collection and a canary record holding a random canary value (never personal data)
 * through the records service with a key of its own, then remembered in {@code isolation_canaries} and reused.
 */
@Component
final class CanaryTenants {

    /**
     * The platform's own code registering the canary tenants. Like the set-up and the demo seeding, it acts
     * without a person: it holds {@code platform-admin} (the role that registers tenants), marked as assured
     * since it has no second factor to give, and is used for nothing but these two registrations; as a
     * platform caller it could not read tenant data anyway ({@code no-standing-staff-access}).
     */
    static final Caller REGISTRAR = new Caller("isolation-probe", Caller.KIND_SYSTEM, Set.of(Roles.PLATFORM_ADMIN),
            null, List.of(Caller.KIND_SYSTEM), null, List.of(), true);
    static final List<String> SLOTS = List.of("a", "b");
    private static final CollectionSchema SCHEMA = new CollectionSchema(Map.of(ProbeContext.FIELD,
            new CollectionSchema.Field(true, false)), null);

    /** The two canary tenants. */
    record Canaries(TenantId a, TenantId b) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TenantRowScope scope;
    private final SqlInstants instants;
    private final TenantCommands tenants;
    private final Records records;
    private final ProbeKeys keys;
    private final Clock clock;

    CanaryTenants(JdbcClient jdbc, TransactionTemplate tx, TenantRowScope scope, SqlInstants instants,
            TenantCommands tenants, Records records, ProbeKeys keys, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.scope = scope;
        this.instants = instants;
        this.tenants = tenants;
        this.records = records;
        this.keys = keys;
        this.clock = clock;
    }

    /** The canary tenants, created and planted first if they do not exist yet. */
    Canaries ensure() {
        return new Canaries(ensure("a"), ensure("b"));
    }

    private TenantId ensure(String slot) {
        Optional<TenantId> known = jdbc.sql("SELECT tenant_id FROM isolation_canaries WHERE slot = ?").param(slot)
                .query(String.class).optional().map(TenantId::new);
        if (known.isPresent()) {
            return known.get();
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        TenantId tenant = tenants.create(REGISTRAR, CanaryContracts.of(slot, today)).id();
        plant(tenant);
        tx.executeWithoutResult(status -> jdbc.sql("INSERT INTO isolation_canaries (slot, tenant_id, created_at)"
                + " VALUES (?, ?, ?)").params(slot, tenant.value(), instants.bind(clock.instant())).update());
        return tenant;
    }

    /** The canary collection and record, written as the tenant's own application would. */
    private void plant(TenantId tenant) {
        ProbeKeys.ProbeKey key = keys.issue(tenant);
        try {
            records.defineCollection(key.caller(), tenant, ProbeContext.COLLECTION, SCHEMA);
            String value = "canary-" + UUID.randomUUID().toString().replace("-", "");
            byte[] document = ("{\"" + ProbeContext.FIELD + "\": \"" + value + "\"}").getBytes(StandardCharsets.UTF_8);
            records.write(key.caller(), tenant, ProbeContext.COLLECTION, ProbeContext.RECORD, document,
                    Precondition.MUST_NOT_EXIST);
        } finally {
            keys.revoke(key.id());
        }
    }

    /** Tenant {@code tenant}'s canary record as stored, read in a transaction scoped to it; empty if missing. */
    Optional<ProbeContext.SealedCanary> sealed(TenantId tenant) {
        return scope.inTransaction(tx, tenant, status -> {
            return jdbc.sql("SELECT version, ciphertext FROM records WHERE tenant_id = ? AND collection = ?"
                    + " AND record_id = ?").params(tenant.value(), ProbeContext.COLLECTION, ProbeContext.RECORD)
                    .query((rs, n) -> new ProbeContext.SealedCanary(rs.getLong("version"), rs.getBytes("ciphertext")))
                    .optional();
        });
    }
}
