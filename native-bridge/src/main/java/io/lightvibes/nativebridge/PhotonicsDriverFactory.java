package io.lightvibes.nativebridge;

import io.lightvibes.sim.driver.PhotonicsDriver;

/**
 * Opens photonics drivers: one per running link. The seed fixes a simulated driver's random
 * stream (a hardware driver ignores it), so a seeded run is reproducible with either driver.
 */
@FunctionalInterface
public interface PhotonicsDriverFactory {

    /** A new driver; the caller closes it. */
    PhotonicsDriver open(long seed);
}
