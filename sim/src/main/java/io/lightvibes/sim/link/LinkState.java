package io.lightvibes.sim.link;

import java.util.Locale;

/** Where a link stands; the wire form is the lower-case name ({@code "healthy"}, ...). */
public enum LinkState {
    /** QBER below threshold and secret key being produced. */
    HEALTHY,
    /** QBER above threshold, or no secret key produced (with hysteresis). */
    DEGRADED,
    /** The tamper rule fired; held until an operator or a clean run of blocks restores it. */
    QUARANTINED,
    /** No link configured, or it is not running. */
    DOWN;

    /** The name used on the wire and in evidence entries. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
