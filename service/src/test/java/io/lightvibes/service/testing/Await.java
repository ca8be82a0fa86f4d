package io.lightvibes.service.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds, or fails the test naming what did not happen in time. */
public final class Await {

    private Await() {
    }

    /**
     * Returns once {@code condition} is true, checking every {@code every}; an
     * {@link AssertionError} saying {@code what} after {@code patience}.
     */
    public static void until(String what, Duration patience, Duration every, Callable<Boolean> condition)
            throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + patience + ": " + what);
            }
            Thread.sleep(every.toMillis());
        }
    }
}
