package io.lightvibes.service.link;

import io.lightvibes.nativebridge.DriverMode;
import io.lightvibes.nativebridge.DriverSelection;
import io.lightvibes.nativebridge.Drivers;
import io.lightvibes.sim.link.AbsentLink;
import io.lightvibes.sim.link.EventSink;
import io.lightvibes.sim.link.LinkOptions;
import io.lightvibes.sim.link.SimulatedLink;
import io.lightvibes.sim.photonics.JavaPhotonicsDriver;
import io.lightvibes.sim.photonics.RandomSources;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

/** The link of a running service: the driver chosen once, and the simulated link (or none). */
public final class LinkAssembly {

    private LinkAssembly() {
    }

    /** The driver selection for the settings; {@code native} without a library throws, naming why. */
    public static DriverSelection drivers(DriverMode mode, Optional<Path> library) {
        return Drivers.select(mode, library, seed -> new JavaPhotonicsDriver(RandomSources.seeded(seed)));
    }

    /** The simulated link of {@code options} on {@code drivers}, or none when the link is turned off. */
    public static LinkControl open(LinkOptions options, DriverSelection drivers, EventSink events,
            SecureRandom entropy) {
        if (!options.enabled()) {
            return new LinkControl(new AbsentLink(), Optional.empty(), drivers.name(), drivers.reason());
        }
        var random = SimulatedLink.randomFor(options, entropy);
        var feed = new HealthFeed();
        SimulatedLink link = SimulatedLink.builder(options)
                .kernels(drivers.kernels())
                .driver(drivers.drivers().open(random.nextLong()))
                .random(random)
                .events(events)
                .health(feed)
                .build();
        return new LinkControl(link, Optional.of(link), drivers.name(), drivers.reason(), feed);
    }
}
