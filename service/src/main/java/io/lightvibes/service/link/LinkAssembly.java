package io.lightvibes.service.link;

import io.lightvibes.nativebridge.DriverMode;
import io.lightvibes.nativebridge.DriverSelection;
import io.lightvibes.nativebridge.Drivers;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.store.AdvisoryLock;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.sim.link.AbsentLink;
import io.lightvibes.sim.link.EventSink;
import io.lightvibes.sim.link.HealthListener;
import io.lightvibes.sim.link.KeyPool;
import io.lightvibes.sim.link.LinkOptions;
import io.lightvibes.sim.link.SimulatedLink;
import io.lightvibes.sim.photonics.JavaPhotonicsDriver;
import io.lightvibes.sim.photonics.RandomSources;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/** The link of a running service: the driver chosen once, and the simulated link (or none). */
public final class LinkAssembly {

    /** The advisory lock's name: whoever holds it runs the link of the schema's replicas. */
    public static final String LEADER_LOCK = "lightvibes/link-leader";

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
        var feed = new HealthFeed();
        SimulatedLink link = simulated(options, drivers, events, entropy, feed).link();
        return new LinkControl(link, Optional.of(link), drivers.name(), drivers.reason(), feed);
    }

    /** A new simulated link on a new driver of {@code drivers}, not started, publishing to {@code health}. */
    public static RunningLink simulated(LinkOptions options, DriverSelection drivers, EventSink events,
            SecureRandom entropy, HealthListener health) {
        var random = SimulatedLink.randomFor(options, entropy);
        var driver = drivers.drivers().open(random.nextLong());
        SimulatedLink link = SimulatedLink.builder(options)
                .kernels(drivers.kernels())
                .driver(driver)
                .random(random)
                .events(events)
                .health(health)
                .build();
        return new RunningLink(link, driver);
    }

    /**
     * The link shared with the other replicas on {@code store}'s PostgreSQL database
     * (docs/REPLICAS.md): this process follows it and, when {@code elect}, stands for election to
     * run it; or none when the link is turned off.
     */
    public static LinkControl shared(LinkOptions options, DriverSelection drivers, EventSink events,
            SecureRandom entropy, JdbcKeyStore store, String databaseUrl, boolean elect, Clock clock,
            ReplicaTiming timing) {
        if (!options.enabled()) {
            return new LinkControl(new AbsentLink(), Optional.empty(), drivers.name(), drivers.reason());
        }
        String replicaId = replicaId(entropy);
        Optional<LinkLeader> leader = elect ? Optional.of(leader(options, drivers, events, entropy, store,
                databaseUrl, replicaId, clock, timing)) : Optional.empty();
        var feed = new HealthFeed();
        var shareKey = RecipientPrivateKey.generate(PoolShares.SUITE, entropy);
        var link = new SharedLink(store.linkReplicas(), replicaId, shareKey, new KeyPool(options.poolMaxBits()), clock,
                timing, feed, leader);
        return new LinkControl(link, drivers.name(), drivers.reason(), feed);
    }

    /** A candidate for running the link on {@code store}'s database (also {@code lightvibes link run}). */
    public static LinkLeader leader(LinkOptions options, DriverSelection drivers, EventSink events,
            SecureRandom entropy, JdbcKeyStore store, String databaseUrl, String leaderId, Clock clock,
            ReplicaTiming timing) {
        return new LinkLeader(store.linkReplicas(), AdvisoryLock.on(databaseUrl, LEADER_LOCK, leaderId, timing.lapse()),
                listener -> simulated(options, drivers, events, entropy, listener), leaderId,
                options.poolMaxBits(), clock, timing, entropy);
    }

    /** {@code host-pid-xxxx}: readable in logs, unique across restarts. */
    public static String replicaId(SecureRandom entropy) {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(name -> !name.isBlank()).orElse("replica");
        byte[] suffix = new byte[2];
        entropy.nextBytes(suffix);
        String id = host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(suffix);
        return id.length() <= 64 ? id : id.substring(id.length() - 64);
    }
}
