/**
 * Key-rate theory and offline simulation: the asymptotic decoy-state (GLLP) rates, the PLOB
 * bound ({@link io.lightvibes.sim.theory.KeyRates}), theory curves for plotting, and
 * {@link io.lightvibes.sim.theory.Simulation}, which runs blocks at one or several distances and
 * returns the points of {@code lightvibes simulate}.
 */
package io.lightvibes.sim.theory;
