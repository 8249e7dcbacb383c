package eu.custodia.server.isolation.internal;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.isolation.IsolationProbe;
import eu.custodia.server.isolation.ProbeRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the probe every {@code custodia.isolation.probe-interval} (default 1 hour; {@code 0} turns the schedule
 * off), by the injected clock: every minute it checks whether an interval has passed since the latest run (or,
 * before any, since the start), so the first scheduled run comes one interval after the start and a restart
 * does not run it early. The demo runs it once at start-up, and {@code POST /api/v1/isolation/runs} at any time.
 */
@Component
final class ProbeSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeSchedule.class);

    private final IsolationProbe probe;
    private final Clock clock;
    private final Duration interval;
    private final Instant started;

    ProbeSchedule(IsolationProbe probe, Clock clock,
            @Value("${custodia.isolation.probe-interval:PT1H}") Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("custodia.isolation.probe-interval must not be negative (0: off)");
        }
        this.probe = probe;
        this.clock = clock;
        this.interval = interval;
        this.started = clock.instant();
    }

    @Scheduled(fixedDelayString = "${custodia.isolation.probe-tick:PT1M}",
            initialDelayString = "${custodia.isolation.probe-tick:PT1M}")
    void tick() {
        runIfDue();
    }

    /** Runs the probe when it is due; returns whether it ran. Never throws (the next tick tries again). */
    boolean runIfDue() {
        if (interval.isZero()) {
            return false;
        }
        try {
            Instant last = probe.latest(1).stream().map(ProbeRun::startedAt).findFirst().orElse(started);
            if (clock.instant().isBefore(last.plus(interval))) {
                return false;
            }
            probe.run(Caller.SYSTEM);
            return true;
        } catch (RuntimeException e) {
            LOG.error("isolation probe: the scheduled run failed; the next tick tries again", e);
            return false;
        }
    }
}
