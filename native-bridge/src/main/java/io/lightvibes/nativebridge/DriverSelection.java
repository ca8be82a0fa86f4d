package io.lightvibes.nativebridge;

import io.lightvibes.sim.driver.Kernels;
import java.util.Objects;

/**
 * The implementation chosen once at start-up: what runs the kernels and opens photonics drivers,
 * its name for {@code /lightvibes/health} and why it was chosen.
 *
 * @param name {@code "native"} or {@code "java"}
 * @param reason why, e.g. "LIGHTVIBES_DRIVER=auto: packaged native/linux-amd64/libqmk.so: ..."
 * @param kernels the kernels
 * @param drivers opens photonics drivers of the same implementation
 */
public record DriverSelection(String name, String reason, Kernels kernels, PhotonicsDriverFactory drivers) {

    public DriverSelection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(kernels, "kernels");
        Objects.requireNonNull(drivers, "drivers");
    }
}
