package io.lightvibes.service.link;

import io.lightvibes.service.keys.InvalidRequestException;
import io.lightvibes.sim.link.Link;
import io.lightvibes.sim.link.LinkHealth;
import io.lightvibes.sim.link.SimulatedLink;
import io.lightvibes.sim.photonics.InvalidParametersException;
import io.lightvibes.sim.photonics.LinkParameters;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * Drills and operations on the running link: an intercept-resend eavesdropper, the fibre length,
 * lifting a quarantine. The drivers' name and reason come along for {@code /lightvibes/health}, and
 * the {@link HealthFeed} for its live stream.
 */
public final class LinkControl {

    private final Link link;
    private final Supplier<Optional<SimulatedLink>> simulated;
    private final Supplier<String> absent;
    private final String driver;
    private final String driverReason;
    private final Optional<HealthFeed> feed;

    /** A link whose blocks nobody can follow live (no link, or one built without a feed). */
    public LinkControl(Link link, Optional<SimulatedLink> simulated, String driver, String driverReason) {
        this(link, simulated, driver, driverReason, Optional.empty());
    }

    /** A link whose health after each block reaches {@code feed} (the link was built with it as its listener). */
    public LinkControl(Link link, Optional<SimulatedLink> simulated, String driver, String driverReason,
            HealthFeed feed) {
        this(link, simulated, driver, driverReason, Optional.of(feed));
    }

    private LinkControl(Link link, Optional<SimulatedLink> simulated, String driver, String driverReason,
            Optional<HealthFeed> feed) {
        this(link, () -> simulated, () -> "eve_fraction and distance_km drive the simulated link, and none is running "
                + "(LIGHTVIBES_LINK_ENABLED=false).", driver, driverReason, feed);
    }

    /**
     * A link shared by replicas: drills go to the simulated link this process runs while it leads,
     * and {@code shared} refuses them (naming the leader) while another replica does.
     */
    public LinkControl(SharedLink shared, String driver, String driverReason, HealthFeed feed) {
        this(shared, shared::localLink, shared::notLeading, driver, driverReason, Optional.of(feed));
    }

    private LinkControl(Link link, Supplier<Optional<SimulatedLink>> simulated, Supplier<String> absent, String driver,
            String driverReason, Optional<HealthFeed> feed) {
        this.absent = absent;
        this.feed = Objects.requireNonNull(feed, "feed");
        this.link = Objects.requireNonNull(link, "link");
        this.simulated = Objects.requireNonNull(simulated, "simulated");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.driverReason = Objects.requireNonNull(driverReason, "driverReason");
    }

    /** The link itself (the mode controller sources keys from it). */
    public Link link() {
        return link;
    }

    /** The link's health block by block, for live subscribers; empty when no running link publishes it. */
    public Optional<HealthFeed> feed() {
        return feed;
    }

    /** What a drill left: the link's health and, for a simulated link, its parameters now. */
    public record Outcome(LinkHealth health, Optional<LinkParameters> parameters) {
    }

    /** Applies a drill; eavesdropper and distance need a simulated link. */
    public Outcome apply(OptionalDouble eveFraction, OptionalDouble distanceKm, boolean restore) {
        Optional<SimulatedLink> local = simulated.get();
        Optional<LinkParameters> parameters = local.map(SimulatedLink::parameters);
        if (eveFraction.isPresent() || distanceKm.isPresent()) {
            SimulatedLink running = local.orElseThrow(() -> new InvalidRequestException(absent.get()));
            try {
                parameters = Optional.of(running.adjust(eveFraction, distanceKm));
            } catch (InvalidParametersException e) {
                throw new InvalidRequestException(e.getMessage());
            }
        }
        if (restore) {
            link.restore();
        }
        return new Outcome(link.health(), parameters);
    }

    /** Whether the link runs in this process now (always for a local link; for a shared one, while this replica leads). */
    public boolean runsHere() {
        return simulated.get().isPresent();
    }

    /** {@code native} or {@code java}: what runs the kernels and the photonics. */
    public String driver() {
        return driver;
    }

    /** Why that driver was chosen. */
    public String driverReason() {
        return driverReason;
    }
}
