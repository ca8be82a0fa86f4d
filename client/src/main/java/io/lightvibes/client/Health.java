package io.lightvibes.client;

import java.util.OptionalDouble;

/**
 * The service's health as {@code GET /lightvibes/health} reports it.
 *
 * @param mode the mode a new 256-bit session would get now
 * @param linkState the QKD link's state ({@code healthy}, {@code degraded}, {@code quarantined}, {@code down})
 * @param qber the link's last QBER
 * @param rateBps the link's secret key rate, bits per second
 * @param poolBits secret bits waiting in the pool
 * @param qberThreshold the QBER above which sessions fall back to PQC
 * @param driver {@code native} or {@code java}
 */
public record Health(String mode, String linkState, OptionalDouble qber, double rateBps, long poolBits,
        double qberThreshold, String driver) {
}
