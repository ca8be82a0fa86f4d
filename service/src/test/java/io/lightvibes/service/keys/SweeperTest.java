package io.lightvibes.service.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.store.SessionState;
import io.lightvibes.service.testing.FakePqc;
import io.lightvibes.service.testing.MemoryStore;
import io.lightvibes.service.testing.MutableClock;
import io.lightvibes.sim.link.AbsentLink;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The sweeper destroys expired material in the background and survives store outages. */
class SweeperTest {

    private final MemoryStore store = new MemoryStore();
    private final MutableClock clock = new MutableClock();
    private final KeyService keys = new KeyService(store, new ModeController(new AbsentLink(), new FakePqc(), 0.08, 5),
            new HpkeSealer(RecipientPrivateKey.generate(SealSuite.X25519, new SecureRandom()).publicKey(),
                    new SecureRandom()), clock, 120, SessionEvidence.NONE, new SecureRandom());

    private static void until(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 5 s");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void theSweeperExpiresSessionsInTheBackground() throws InterruptedException {
        IssuedSession issued = keys.openSession(new SessionRequest("p", 256, OptionalInt.of(10), Fallback.PQC));
        try (var sweeper = new Sweeper(keys, Duration.ofMillis(10))) {
            sweeper.start();
            Thread.sleep(50);
            assertThat(store.sealedKeys).containsKey(issued.keyRef()); // not yet expired
            clock.advance(Duration.ofSeconds(10));
            until(() -> !store.sealedKeys.containsKey(issued.keyRef()));
            assertThat(store.sessions.get(issued.sessionId()).state()).isEqualTo(SessionState.EXPIRED);
        }
    }

    @Test
    void theSweeperKeepsRunningThroughAStoreOutage() throws InterruptedException {
        IssuedSession issued = keys.openSession(new SessionRequest("p", 256, OptionalInt.of(1), Fallback.PQC));
        store.available = false;
        var sweeper = new Sweeper(keys, Duration.ofMillis(10));
        sweeper.start();
        clock.advance(Duration.ofSeconds(1));
        Thread.sleep(50); // several failing sweeps
        store.available = true;
        until(() -> !store.sealedKeys.containsKey(issued.keyRef()));
        sweeper.close();
        sweeper.close(); // stopping twice is harmless
    }
}
