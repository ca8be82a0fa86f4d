package io.lightvibes.sim.link;

import java.time.Duration;

/** Waits between blocks (production: {@code Thread.sleep}; tests: a fake that returns at once). */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps for {@code duration}; returns early, with the interrupt, when the link stops. */
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep(Duration)}. */
    static Sleeper system() {
        return Thread::sleep;
    }
}
