package io.lightvibes.service.keys;

import io.lightvibes.sim.link.LinkHealth;

/**
 * The service's view of its key sources.
 *
 * @param mode what a new session with the default policy would get now
 * @param link the link's latest health
 * @param qberThreshold the QBER above which sessions fall back to PQC
 */
public record ServiceHealth(Mode mode, LinkHealth link, double qberThreshold) {
}
