package io.lightvibes.service.http;

import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServerConfig;
import io.lightvibes.service.Main;
import io.lightvibes.service.evidence.NoteSigner;
import io.lightvibes.service.evidence.NoteSigningKey;
import io.lightvibes.service.identity.Authenticator;
import io.lightvibes.service.keys.EvidenceEvents;
import io.lightvibes.service.keys.EvidenceLog;
import io.lightvibes.service.keys.KeyService;
import io.lightvibes.service.keys.ModeController;
import io.lightvibes.service.link.EvidenceLinkSink;
import io.lightvibes.service.link.HealthFeed;
import io.lightvibes.service.link.LinkControl;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.StoreOptions;
import io.lightvibes.service.testing.FakePqc;
import io.lightvibes.sim.driver.JavaKernels;
import io.lightvibes.sim.link.LinkOptions;
import io.lightvibes.sim.link.SimulatedLink;
import io.lightvibes.sim.photonics.JavaPhotonicsDriver;
import io.lightvibes.sim.photonics.RandomSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A whole service as {@code serve} wires it, for the observability tests: SQLite store, the
 * evidence log with the link's transitions in it, and a simulated link (one second of light per
 * block) whose blocks the tests run with {@link SimulatedLink#step()} and the feed publishes.
 */
final class LiveService implements AutoCloseable {

    static final String ORIGIN = "lightvibes.test/evidence";

    final Path dir;
    final JdbcKeyStore store;
    final EvidenceLog evidence;
    final HealthFeed feed = new HealthFeed();
    final SimulatedLink link;
    final LinkControl control;
    final KeyService keys;
    final ServiceMetrics metrics = new ServiceMetrics(Metrics.globalRegistry());

    LiveService() {
        try {
            dir = Files.createTempDirectory("lightvibes-live");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var random = new SecureRandom();
        var clock = Clock.systemUTC();
        store = JdbcKeyStore.create("jdbc:sqlite:" + dir.resolve("lightvibes.db"), StoreOptions.DEFAULTS);
        store.open();
        evidence = new EvidenceLog(store, clock, ORIGIN, new NoteSigner(ORIGIN, NoteSigningKey.generate(random)), 4,
                Duration.ofSeconds(600));
        evidence.start();
        link = SimulatedLink.builder(LinkOptions.builder()
                        .pulsesPerBlock(100_000_000L).repetitionRateHz(1e8).restoreCleanBlocks(0).seed(31).build())
                .kernels(new JavaKernels())
                .driver(new JavaPhotonicsDriver(RandomSources.seeded(32)))
                .random(RandomSources.seeded(31))
                .events(new EvidenceLinkSink(evidence, clock))
                .health(feed)
                .build();
        control = new LinkControl(link, Optional.of(link), "java", "LIGHTVIBES_DRIVER=java", feed);
        var modes = new ModeController(link, new FakePqc(), 0.08, 5);
        keys = new KeyService(store, modes, new HpkeSealer(ApiFixture.RECIPIENT.publicKey(), random), clock, 120,
                new EvidenceEvents(clock), random);
    }

    void configure(WebServerConfig.Builder server) {
        Main.configure(server, new Main.Parts(keys, control, Optional.of(evidence), metrics, false,
                Authenticator.none(), io.lightvibes.service.guard.Guard.defaults(java.time.Clock.systemUTC(), 120)));
    }

    @Override
    public void close() throws IOException {
        link.close();
        evidence.close();
        store.close();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir);
    }
}
