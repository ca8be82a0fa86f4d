package io.lightvibes.service.link;

import java.time.Duration;

/**
 * The clocks of a shared link.
 *
 * @param tick how often a replica sends its heartbeat (claiming its shares, reading the health) and
 *     the leader publishes; also how long a lost lock may go unnoticed
 * @param lapse a replica silent this long counts as dead (its shares are dropped), and a health
 *     published this long ago counts as no health: the link is down for QMK
 */
public record ReplicaTiming(Duration tick, Duration lapse) {

    public static final ReplicaTiming DEFAULTS = new ReplicaTiming(Duration.ofMillis(250), Duration.ofSeconds(5));

    public ReplicaTiming {
        if (tick.isNegative() || tick.isZero() || lapse.compareTo(tick.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("a positive tick, and a lapse of at least two ticks");
        }
    }
}
