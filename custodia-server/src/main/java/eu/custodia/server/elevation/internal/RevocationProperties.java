package eu.custodia.server.elevation.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the end of a grant reaches every node ({@code custodia.elevation.revocation.*}).
 *
 * @param poll how often each node looks for activations and ends made anywhere (default 250 ms)
 * @param maxStaleness how old a node's view of the grants may be before it looks again in the request itself,
 *     and refuses every grant when it cannot (default 1 s): the bound on how long an ended grant can still be
 *     used on any node
 * @param deadline how long every live node has to confirm a grant's end before the revocation is marked
 *     {@code revocation-failed} and a critical alert is raised (default 1 s)
 * @param heartbeat how often a node that saw no change still says it is alive (default 5 s); a node silent for
 *     three heartbeats is taken as stopped and no longer waited for
 */
@ConfigurationProperties("custodia.elevation.revocation")
record RevocationProperties(@DefaultValue("PT0.25S") Duration poll, @DefaultValue("PT1S") Duration maxStaleness,
        @DefaultValue("PT1S") Duration deadline, @DefaultValue("PT5S") Duration heartbeat) {

    RevocationProperties {
        for (Duration d : new Duration[] {poll, maxStaleness, deadline, heartbeat}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("custodia.elevation.revocation.* durations must be positive");
            }
        }
        if (poll.compareTo(maxStaleness) >= 0) {
            throw new IllegalArgumentException("custodia.elevation.revocation.poll must be shorter than"
                    + " custodia.elevation.revocation.max-staleness");
        }
    }

    /** How long a node may stay silent before it is taken as stopped. */
    Duration liveness() {
        return heartbeat.multipliedBy(3);
    }
}
