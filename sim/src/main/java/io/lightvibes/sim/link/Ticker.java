package io.lightvibes.sim.link;

/** A monotonic clock in nanoseconds (production: {@code System::nanoTime}; tests: a fake). */
@FunctionalInterface
public interface Ticker {

    long nanos();

    /** The system's monotonic clock. */
    static Ticker system() {
        return System::nanoTime;
    }
}
