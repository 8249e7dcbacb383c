package eu.custodia.server.vault.internal;

import eu.custodia.server.platform.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Unwrapped keysets in memory, per tenant, each for at most {@code ttl} after it was unwrapped (by the
 * injected clock) and for at most {@code maxTenants} tenants (least recently used first out). A small
 * synchronized map rather than a cache library: the unwrapping it saves is one KMS call per tenant and TTL.
 */
final class KeysetCache<V> {

    private record Cached<V>(V value, Instant expiresAt) {
    }

    private final Clock clock;
    private final Duration ttl;
    private final int maxTenants;
    private final Map<TenantId, Cached<V>> entries;

    KeysetCache(Clock clock, Duration ttl, int maxTenants) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxTenants = maxTenants;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<TenantId, Cached<V>> eldest) {
                return size() > KeysetCache.this.maxTenants;
            }
        };
    }

    /** The cached value of the tenant, or what {@code load} returns (cached unless it throws). */
    V get(TenantId tenant, Supplier<V> load) {
        Instant now = clock.instant();
        synchronized (this) {
            Cached<V> entry = entries.get(tenant);
            if (entry != null && now.isBefore(entry.expiresAt())) {
                return entry.value();
            }
            entries.remove(tenant);
        }
        V value = load.get();
        if (maxTenants > 0 && !ttl.isZero()) {
            synchronized (this) {
                entries.put(tenant, new Cached<>(value, now.plus(ttl)));
            }
        }
        return value;
    }

    synchronized void invalidate(TenantId tenant) {
        entries.remove(tenant);
    }

    synchronized int size() {
        return entries.size();
    }
}
