package io.lightvibes.service.store;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link JdbcKeyStore} waits and pools.
 *
 * @param busyTimeout bounds every wait for the database: on SQLite for another process's write
 *     lock and for this store's queue of writes, on PostgreSQL the connect timeout, the pool
 *     wait and {@code lock_timeout}; {@link JdbcKeyStore#ping()} answers within it
 * @param sqliteSynchronous SQLite only: see {@link SqliteSynchronous} for the trade-off
 * @param poolSize connections per pool (PostgreSQL; SQLite's readers), at least 1
 */
public record StoreOptions(Duration busyTimeout, SqliteSynchronous sqliteSynchronous, int poolSize) {

    /** 5 s, {@code FULL}, 8 connections. */
    public static final StoreOptions DEFAULTS = new StoreOptions(Duration.ofSeconds(5), SqliteSynchronous.FULL, 8);

    public StoreOptions {
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Objects.requireNonNull(sqliteSynchronous, "sqliteSynchronous");
        if (busyTimeout.toMillis() < 1 || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new StoreConfigException(String.format(Locale.ROOT,
                    "The store busy timeout must be between 1 ms and %d ms, not %s.",
                    Integer.MAX_VALUE, busyTimeout));
        }
        if (poolSize < 1) {
            throw new StoreConfigException(String.format(Locale.ROOT,
                    "The store pool size must be at least 1, not %d.", poolSize));
        }
    }

    public StoreOptions withBusyTimeout(Duration timeout) {
        return new StoreOptions(timeout, sqliteSynchronous, poolSize);
    }

    public StoreOptions withSqliteSynchronous(SqliteSynchronous mode) {
        return new StoreOptions(busyTimeout, mode, poolSize);
    }

    public StoreOptions withPoolSize(int size) {
        return new StoreOptions(busyTimeout, sqliteSynchronous, size);
    }
}
