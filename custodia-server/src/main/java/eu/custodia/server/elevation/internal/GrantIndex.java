package eu.custodia.server.elevation.internal;

import eu.custodia.server.access.AccessGrants;
import eu.custodia.server.access.Permission;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The grants in force, in memory: one hash lookup per decision, no query. The store is the truth: every
 * activation and every end of a grant increments {@code elevation_grant_version} in its own transaction (the
 * row lock orders them, so a version is visible only once every lower one is). Each node polls the version
 * every {@code custodia.elevation.revocation.poll} (250 ms) and reloads the grants in force when it moved, then
 * says in {@code elevation_nodes} which version it has applied, so that the node that ended a grant can confirm
 * every live node has dropped it ({@link GrantRevocations}).
 *
 * <p>Fail-closed: a lookup on a view older than {@code max-staleness} (1 s) polls first, in the request, and
 * when the store cannot be read it answers "no grant". So an ended grant gives nothing on any node after at
 * most {@code max-staleness}, whether or not that node's poller runs; the freshness of a view is the moment its
 * poll <em>started</em>, so a change committed during a poll is never counted as seen.
 *
 * <p>The node that ends a grant also drops it at once after the commit (and the poll, which holds the same lock,
 * can therefore never bring back a grant this node has just ended). Expiry is
 * the caller's clock's business at every lookup, so a grant past its end gives nothing even before it is
 * marked expired.
 */
@Component
final class GrantIndex implements AccessGrants, InitializingBean, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(GrantIndex.class);

    private final JdbcClient jdbc;
    private final SqlInstants instants;
    private final StaffAffiliations affiliations;
    private final RevocationProperties revocation;
    private final Clock clock;
    private final LongSupplier ticker;
    private final String nodeId;
    private volatile Map<String, List<ActiveGrant>> byPrincipalAndTenant = Map.of();
    private volatile Map<String, ActiveGrant> byId = Map.of();
    /** The version this node's view reflects; -1 before the first load. */
    private volatile long appliedVersion = -1;
    /** The ticker's reading when the poll behind the current view started. */
    private volatile long freshAsOf;
    /** When this node last wrote its row, and what it said; guarded by {@code this}. */
    private long lastHeartbeat;
    private long reportedVersion = -1;
    /** The node's own poller (not the shared scheduler, where a long task would delay it); null in tests. */
    private ScheduledExecutorService poller;

    @Autowired
    GrantIndex(JdbcClient jdbc, SqlInstants instants, StaffAffiliations affiliations,
            RevocationProperties revocation, Clock clock) {
        this(jdbc, instants, affiliations, revocation, clock, System::nanoTime, newNodeId());
    }

    /** For tests: a second node on the same store, with its own ticker. */
    GrantIndex(JdbcClient jdbc, SqlInstants instants, StaffAffiliations affiliations,
            RevocationProperties revocation, Clock clock, LongSupplier ticker, String nodeId) {
        this.jdbc = jdbc;
        this.instants = instants;
        this.affiliations = affiliations;
        this.revocation = revocation;
        this.clock = clock;
        this.ticker = ticker;
        this.nodeId = nodeId;
    }

    @Override
    public Optional<ActiveGrant> find(String principal, TenantId tenant, Permission permission, String collection,
            Instant now) {
        if (!fresh()) {
            return Optional.empty();
        }
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

    @Override
    public boolean inForce(String grantId, Instant now) {
        if (!fresh()) {
            return false;
        }
        ActiveGrant g = byId.get(grantId);
        return g != null && g.activeAt(now);
    }

    /** This node's id in {@code elevation_nodes}. */
    String nodeId() {
        return nodeId;
    }

    /** The version this node's view reflects (-1 before the first load). */
    long appliedVersion() {
        return appliedVersion;
    }

    /** The grant of an active request, as the decision point sees it, naming its holder's employer and country. */
    static ActiveGrant grant(String id, String principal, TenantId tenant, String access, List<String> collections,
            String ticket, String reasonCode, StaffAffiliations.Affiliation holder, Instant expiresAt) {
        return new ActiveGrant(id, principal, tenant, access, collections, ticket, reasonCode, holder.employer(),
                holder.country(), expiresAt);
    }

    /** Adds a grant (after the commit that activated it). */
    synchronized void put(ActiveGrant grant) {
        Map<String, List<ActiveGrant>> next = new HashMap<>(byPrincipalAndTenant);
        next.compute(key(grant.principal(), grant.tenant()), (k, old) -> {
            List<ActiveGrant> list = old == null ? new ArrayList<>() : new ArrayList<>(old);
            list.removeIf(g -> g.id().equals(grant.id()));
            list.add(grant);
            return List.copyOf(list);
        });
        Map<String, ActiveGrant> ids = new HashMap<>(byId);
        ids.put(grant.id(), grant);
        byPrincipalAndTenant = next;
        byId = ids;
    }

    /** Removes a grant (after the commit that ended it). */
    synchronized void remove(String id, String principal, TenantId tenant) {
        Map<String, List<ActiveGrant>> next = new HashMap<>(byPrincipalAndTenant);
        next.computeIfPresent(key(principal, tenant), (k, old) -> {
            List<ActiveGrant> list = old.stream().filter(g -> !g.id().equals(id)).toList();
            return list.isEmpty() ? null : list;
        });
        Map<String, ActiveGrant> ids = new HashMap<>(byId);
        ids.remove(id);
        byPrincipalAndTenant = next;
        byId = ids;
    }

    /** True when the view is recent enough, after polling in the caller's thread if it was not. */
    private boolean fresh() {
        if (appliedVersion >= 0 && ticker.getAsLong() - freshAsOf <= revocation.maxStaleness().toNanos()) {
            return true;
        }
        try {
            poll(false);
            return appliedVersion >= 0 && ticker.getAsLong() - freshAsOf <= revocation.maxStaleness().toNanos();
        } catch (RuntimeException e) {
            LOG.warn("access grants: the store cannot be read, so no grant is honoured on this node ({})",
                    e.getClass().getSimpleName());
            return false;
        }
    }

    /** Starts this node's poller, on a thread of its own. */
    @Override
    public void afterPropertiesSet() {
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "grant-index-poll");
            t.setDaemon(true);
            return t;
        });
        long every = revocation.poll().toMillis();
        poller.scheduleWithFixedDelay(this::scheduledPoll, every, every, TimeUnit.MILLISECONDS);
    }

    /** The scheduled poll: never throws (the next one, or a lookup, tries again). */
    void scheduledPoll() {
        try {
            poll(true);
        } catch (RuntimeException e) {
            LOG.warn("access grants: poll failed ({}); lookups refuse every grant once the view is older than {}",
                    e.getClass().getSimpleName(), revocation.maxStaleness());
        }
    }

    /**
     * Looks at the store's version and reloads the grants in force when it moved; when
     * {@code report}, then says which version this node has applied (at once when it moved, otherwise every
     * heartbeat). Lookups poll without reporting, so that a request's own transaction never writes here. Local
     * {@link #put}s and {@link #remove}s wait for a poll in progress, so a reload never undoes one.
     */
    synchronized void poll(boolean report) {
        long started = ticker.getAsLong();
        long highest = jdbc.sql("SELECT version FROM elevation_grant_version WHERE id = 1").query(Long.class).single();
        if (highest != appliedVersion) {
            reload();
            appliedVersion = highest;
        }
        freshAsOf = started;
        if (report && (highest != reportedVersion || started - lastHeartbeat >= revocation.heartbeat().toNanos())) {
            jdbc.sql("INSERT INTO elevation_nodes (node_id, applied_version, seen_at) VALUES (?, ?, ?) ON CONFLICT"
                    + " (node_id) DO UPDATE SET applied_version = excluded.applied_version, seen_at = excluded.seen_at")
                    .params(nodeId, highest, instants.bind(clock.instant())).update();
            reportedVersion = highest;
            lastHeartbeat = started;
        }
    }

    /** Reloads the grants in force from the store. */
    private void reload() {
        Map<String, List<ActiveGrant>> fresh = new HashMap<>();
        Map<String, ActiveGrant> ids = new HashMap<>();
        jdbc.sql("SELECT r.id, r.requester, r.tenant_id, r.access, r.collections, r.ticket_system, r.ticket,"
                + " r.reason_code, r.expires_at, a.employer, a.country FROM elevation_requests r LEFT JOIN"
                + " staff_affiliations a ON a.account_id = r.requester WHERE r.state = 'active'")
                .query((rs, n) -> grant(rs.getString("id"), rs.getString("requester"),
                        new TenantId(rs.getString("tenant_id")), rs.getString("access"),
                        collections(rs.getString("collections")),
                        rs.getString("ticket_system") + "/" + rs.getString("ticket"), rs.getString("reason_code"),
                        affiliations.affiliation(rs.getString("requester"), rs.getString("employer"),
                                rs.getString("country")), instants.read(rs, "expires_at")))
                .list()
                .forEach(g -> {
                    ids.put(g.id(), g);
                    fresh.merge(key(g.principal(), g.tenant()), List.of(g), (a, b) -> {
                        List<ActiveGrant> all = new ArrayList<>(a);
                        all.addAll(b);
                        return List.copyOf(all);
                    });
                });
        byPrincipalAndTenant = fresh;
        byId = ids;
    }

    /** A stopping node leaves the list of live nodes, so that nobody waits for its confirmation. */
    @Override
    public void destroy() {
        if (poller != null) {
            poller.shutdownNow();
        }
        try {
            jdbc.sql("DELETE FROM elevation_nodes WHERE node_id = ?").param(nodeId).update();
        } catch (RuntimeException e) {
            LOG.debug("access grants: could not remove node {} on shutdown", nodeId, e);
        }
    }

    static List<String> collections(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : Arrays.asList(stored.split(","));
    }

    private static String key(String principal, TenantId tenant) {
        return principal + '\u0000' + tenant.value();
    }

    private static String newNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "node";
        }
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String safe = host.replaceAll("[^A-Za-z0-9.-]", "-");
        return (safe.length() > 40 ? safe.substring(0, 40) : safe) + "-" + HexFormat.of().formatHex(random);
    }
}
