package eu.custodia.server.alerts.internal;

import eu.custodia.server.alerts.Severity;
import eu.custodia.server.platform.LedgerEvent;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@code denial-burst}: one caller was denied at least {@code threshold} times (default 10) within
 * {@code window} (default 60 s), counting {@code access.denied} events (each one decision of the decision
 * point), by the application's clock when each is committed. One alert per caller per window: after an alert
 * the count starts again, and the caller raises no other until a window has passed. Medium severity.
 *
 * <p>Memory is bounded: per caller, the times of its last {@code threshold} denies; at most
 * {@code max-tracked-actors} callers, the one denied least recently forgotten first.
 */
@Component
final class DenialBurstRule implements AlertRule {

    static final String KIND = "denial-burst";

    private final AlertsProperties.DenialBurst settings;
    private final Clock clock;
    private final long windowMillis;
    private final Map<String, Recent> actors;

    DenialBurstRule(AlertsProperties properties, Clock clock) {
        this.settings = properties.denialBurst();
        this.clock = clock;
        this.windowMillis = settings.window().toMillis();
        int capacity = settings.maxTrackedActors();
        this.actors = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Recent> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean enabled() {
        return settings.enabled();
    }

    @Override
    public Optional<Finding> evaluate(LedgerEvent event) {
        if (!"access.denied".equals(event.action())) {
            return Optional.empty();
        }
        String actor = event.actor().id();
        long now = clock.millis();
        boolean burst;
        synchronized (actors) {
            burst = actors.computeIfAbsent(actor, a -> new Recent(settings.threshold())).deniedAt(now, windowMillis);
        }
        if (!burst) {
            return Optional.empty();
        }
        return Optional.of(new Finding(KIND, Severity.MEDIUM, actor, null, settings.threshold()
                + " or more denies within " + settings.window() + " for " + event.actor().kind() + " " + actor
                + "; the last: " + shortReason(event.reason())));
    }

    /** The permission and rule of a decision's reason, without the explanation. */
    private static String shortReason(String reason) {
        String permission = LedgerReasons.permission(reason);
        String rule = LedgerReasons.decidingRule(reason);
        return permission == null || rule == null ? "access.denied" : permission + " by rule " + rule;
    }

    /** Tracked callers now (for tests). */
    int tracked() {
        synchronized (actors) {
            return actors.size();
        }
    }

    /** One caller's last denies (a ring of {@code threshold} times) and when it may raise again. */
    private static final class Recent {

        private final long[] times;
        private int next;
        private int count;
        private long quietUntil = Long.MIN_VALUE;

        Recent(int threshold) {
            this.times = new long[threshold];
        }

        /** Records a deny at {@code now}; true when it completes a burst that raises an alert. */
        boolean deniedAt(long now, long window) {
            times[next] = now;
            next = (next + 1) % times.length;
            if (count < times.length) {
                count++;
            }
            if (count < times.length || now < quietUntil) {
                return false;
            }
            long oldest = times[next];
            if (now - oldest > window) {
                return false;
            }
            count = 0;
            quietUntil = now + window;
            return true;
        }
    }
}
