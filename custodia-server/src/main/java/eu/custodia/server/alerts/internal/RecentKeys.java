package eu.custodia.server.alerts.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers when each key last raised an alert, for a rule that raises at most one per key per period: at
 * most {@code capacity} keys, the least recently seen forgotten first (memory stays bounded whatever
 * callers do; a forgotten key merely may raise again).
 */
final class RecentKeys {

    private final long periodMillis;
    private final Map<String, Long> lastRaised;

    RecentKeys(long periodMillis, int capacity) {
        this.periodMillis = periodMillis;
        this.lastRaised = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * True, and remembers {@code nowMillis}, when {@code key} raised nothing in the period before
     * {@code nowMillis}; false otherwise.
     */
    synchronized boolean firstInPeriod(String key, long nowMillis) {
        Long last = lastRaised.get(key);
        if (last != null && nowMillis - last < periodMillis) {
            return false;
        }
        lastRaised.put(key, nowMillis);
        return true;
    }

    synchronized int size() {
        return lastRaised.size();
    }
}
