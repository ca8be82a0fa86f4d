package io.lightvibes.service.link;

import io.lightvibes.sim.driver.PhotonicsDriver;
import io.lightvibes.sim.link.SimulatedLink;

/** A simulated link with the driver it was opened on: closing stops the link, then closes the driver. */
public record RunningLink(SimulatedLink link, PhotonicsDriver driver) implements AutoCloseable {

    @Override
    public void close() {
        try {
            link.close();
        } finally {
            driver.close();
        }
    }
}
