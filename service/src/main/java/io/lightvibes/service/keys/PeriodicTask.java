package io.lightvibes.service.keys;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one step every few seconds on its own thread. A step that fails (a store hiccup) is logged
 * and never ends the task; {@link #close()} stops it and waits for a running step.
 */
public final class PeriodicTask implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("lightvibes.service");

    private final String name;
    private final Runnable step;
    private final Duration every;
    private ScheduledExecutorService executor;

    public PeriodicTask(String name, Runnable step, Duration every) {
        this.name = Objects.requireNonNull(name, "name");
        this.step = Objects.requireNonNull(step, "step");
        this.every = Objects.requireNonNull(every, "every");
    }

    /** Starts the schedule; the first step runs one period from now. */
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("lightvibes-" + name).factory());
        long periodNanos = Math.max(1, every.toNanos());
        executor.scheduleWithFixedDelay(this::runStep, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    private void runStep() {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "{0} failed: {1}", name, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor = null;
    }
}
