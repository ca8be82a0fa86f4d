package io.lightvibes.service.keys;

import java.time.Duration;

/** Destroys expired key material every few seconds (DESIGN.md §2, step 6). */
public final class Sweeper implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("lightvibes.sweeper");

    private final PeriodicTask task;

    public Sweeper(KeyService service, Duration every) {
        this.task = new PeriodicTask("sweep", () -> {
            int destroyed = service.sweep();
            if (destroyed > 0) {
                LOG.log(System.Logger.Level.INFO, "expired keys destroyed: {0}", destroyed);
            }
        }, every);
    }

    public void start() {
        task.start();
    }

    @Override
    public void close() {
        task.close();
    }
}
