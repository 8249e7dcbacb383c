package eu.custodia.server.elevation.internal;

import eu.custodia.server.access.AccessGrants;
import eu.custodia.server.access.Permission;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The grants in force, in memory: one hash lookup per decision, no query. Loaded from the store (the truth)
 * on first use, then kept in step by {@link Elevations} after each commit that activates or ends a grant,
 * and reloaded from the store every {@code custodia.elevation.index-refresh} (default 5 seconds) so that
 * nodes sharing a database see each other's activations and revocations within that delay. A reload that
 * overlapped a change made on this node is discarded (the next one applies), so it never brings back a grant
 * this node has just ended. Expiry is the caller's clock's business at every lookup, so a grant past its end
 * gives nothing even before it is marked expired.
 */
@Component
final class GrantIndex implements AccessGrants {

    private final JdbcClient jdbc;
    private final SqlInstants instants;
    private final ElevationProperties properties;
    private volatile Map<String, List<ActiveGrant>> byPrincipalAndTenant = new ConcurrentHashMap<>();
    private volatile boolean loaded;
    /** Changes made on this node; guarded by {@code this}. */
    private long changes;

    GrantIndex(JdbcClient jdbc, SqlInstants instants, ElevationProperties properties) {
        this.jdbc = jdbc;
        this.instants = instants;
        this.properties = properties;
    }

    @Override
    public Optional<ActiveGrant> find(String principal, TenantId tenant, Permission permission, String collection,
            Instant now) {
        ensureLoaded();
        List<ActiveGrant> grants = byPrincipalAndTenant.get(key(principal, tenant));
        if (grants == null) {
            return Optional.empty();
        }
        for (ActiveGrant g : grants) {
            if (g.activeAt(now) && g.covers(permission, collection)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    /** The grant of an active request, as the decision point sees it. */
    ActiveGrant grant(String id, String principal, TenantId tenant, String access, List<String> collections,
            String ticket, String reasonCode, Instant expiresAt) {
        return new ActiveGrant(id, principal, tenant, access, collections, ticket, reasonCode, properties.employer(),
                properties.country(), expiresAt);
    }

    /** Adds a grant (after the commit that activated it). */
    synchronized void put(ActiveGrant grant) {
        ensureLoaded();
        changes++;
        byPrincipalAndTenant.compute(key(grant.principal(), grant.tenant()), (k, old) -> {
            List<ActiveGrant> next = old == null ? new ArrayList<>() : new ArrayList<>(old);
            next.removeIf(g -> g.id().equals(grant.id()));
            next.add(grant);
            return List.copyOf(next);
        });
    }

    /** Removes a grant (after the commit that ended it). */
    synchronized void remove(String id, String principal, TenantId tenant) {
        changes++;
        byPrincipalAndTenant.computeIfPresent(key(principal, tenant), (k, old) -> {
            List<ActiveGrant> next = old.stream().filter(g -> !g.id().equals(id)).toList();
            return next.isEmpty() ? null : next;
        });
    }

    private void ensureLoaded() {
        while (!loaded) {
            reload();
        }
    }

    /** Reloads the grants in force from the store, unless this node changed them meanwhile. */
    @Scheduled(fixedDelayString = "${custodia.elevation.index-refresh:PT5S}",
            initialDelayString = "${custodia.elevation.index-refresh:PT5S}")
    void reload() {
        long before;
        synchronized (this) {
            before = changes;
        }
        Map<String, List<ActiveGrant>> fresh = new ConcurrentHashMap<>();
        jdbc.sql("SELECT id, requester, tenant_id, access, collections, ticket_system, ticket, reason_code,"
                + " expires_at FROM elevation_requests WHERE state = 'active'")
                .query((rs, n) -> grant(rs.getString("id"), rs.getString("requester"),
                        new TenantId(rs.getString("tenant_id")), rs.getString("access"),
                        collections(rs.getString("collections")),
                        rs.getString("ticket_system") + "/" + rs.getString("ticket"), rs.getString("reason_code"),
                        instants.read(rs, "expires_at")))
                .list()
                .forEach(g -> fresh.merge(key(g.principal(), g.tenant()), List.of(g), (a, b) -> {
                    List<ActiveGrant> all = new ArrayList<>(a);
                    all.addAll(b);
                    return List.copyOf(all);
                }));
        synchronized (this) {
            if (before == changes) {
                byPrincipalAndTenant = fresh;
                loaded = true;
            }
        }
    }

    static List<String> collections(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : Arrays.asList(stored.split(","));
    }

    private static String key(String principal, TenantId tenant) {
        return principal + '\u0000' + tenant.value();
    }
}
