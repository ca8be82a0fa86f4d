package io.lightvibes.service.http;

import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.http.HttpRouting;
import io.lightvibes.service.guard.Guard;
import io.lightvibes.service.identity.Authenticator;
import io.lightvibes.service.Main;
import io.lightvibes.service.keys.KeyService;
import io.lightvibes.service.keys.ModeController;
import io.lightvibes.service.keys.SessionEvidence;
import io.lightvibes.service.link.LinkControl;
import io.lightvibes.service.testing.FakePqc;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.testing.MemoryStore;
import io.lightvibes.service.testing.MutableClock;
import io.lightvibes.sim.link.AbsentLink;
import io.lightvibes.sim.link.Link;
import java.security.SecureRandom;

/** One service over fakes (in-memory store, absent link, fake sealer) mounted on the real routes. */
final class ApiFixture {

    static final int RETRY_AFTER_S = 7;

    static final RecipientPrivateKey RECIPIENT = RecipientPrivateKey.generate(SealSuite.X25519, new SecureRandom());

    final MemoryStore store = new MemoryStore();
    final MutableClock clock = new MutableClock();
    final FakePqc pqc = new FakePqc();
    final Link link;
    final KeyService keys;
    final Guard guard;

    ApiFixture() {
        this(new AbsentLink());
    }

    ApiFixture(Link link) {
        this(link, java.util.Optional.empty());
    }

    /** The service behind {@code guard}; empty: the built-in default policies. */
    ApiFixture(Link link, java.util.Optional<Guard> guard) {
        this.link = link;
        this.guard = guard.orElseGet(() -> Guard.defaults(clock, 120));
        var modes = new ModeController(link, pqc, 0.08, RETRY_AFTER_S);
        // Every authenticated test peer is registered with the fixture's one recipient key.
        this.keys = new KeyService(store, modes, new HpkeSealer(RECIPIENT.publicKey(), new SecureRandom()),
                peerId -> java.util.Optional.of(RECIPIENT.publicKey()), clock, 120, SessionEvidence.NONE,
                new SecureRandom());
    }

    /** The drills of {@code link} (not simulated), with a driver name for the health answer. */
    static LinkControl control(Link link) {
        return new LinkControl(link, java.util.Optional.empty(), "java", "test fixture");
    }

    void routing(HttpRouting.Builder routing) {
        routing(routing, false);
    }

    void routing(HttpRouting.Builder routing, boolean benchTwins) {
        Main.routing(routing, new Main.Parts(keys, control(link), java.util.Optional.empty(),
                new ServiceMetrics(Metrics.globalRegistry()), benchTwins, Authenticator.none(), guard));
    }
}
