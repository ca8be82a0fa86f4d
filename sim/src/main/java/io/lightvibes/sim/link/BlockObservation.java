package io.lightvibes.sim.link;

/**
 * What the monitor needs from one block: its error rate, whether it produced key, and the decoy
 * statistics the tamper rule compares with their baseline.
 */
public record BlockObservation(double qber, long secretBits, double gainSignal, double gainDecoy, double y1Lower) {
}
