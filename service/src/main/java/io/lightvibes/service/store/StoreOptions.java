package io.lightvibes.service.store;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link JdbcKeyStore} waits, pools and groups its writes.
 *
 * @param busyTimeout bounds every wait for the database: on SQLite for another process's write
 *     lock and for this store's queue of writes, on PostgreSQL the connect timeout, the pool
 *     wait and {@code lock_timeout}; {@link JdbcKeyStore#ping()} answers within it
 * @param sqliteSynchronous SQLite only: see {@link SqliteSynchronous} for the trade-off
 * @param poolSize connections per pool (PostgreSQL; SQLite's readers), at least 1
 * @param groupLimit most queued writes committed together (group commit, on SQLite and
 *     PostgreSQL), 1 to {@value #MAX_GROUP_LIMIT}; 1 commits every write alone
 */
public record StoreOptions(Duration busyTimeout, SqliteSynchronous sqliteSynchronous, int poolSize,
        int groupLimit) {

    /** The largest group: beyond it a group's first caller would wait long for the last one's statements. */
    public static final int MAX_GROUP_LIMIT = 1024;

    /**
     * 5 s, {@code FULL}, 8 connections, groups of up to 64 writes: enough to absorb a burst behind
     * one fsync, few enough that an early caller of a group is not kept waiting long for the last.
     */
    public static final StoreOptions DEFAULTS = new StoreOptions(Duration.ofSeconds(5), SqliteSynchronous.FULL, 8, 64);

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
        if (groupLimit < 1 || groupLimit > MAX_GROUP_LIMIT) {
            throw new StoreConfigException(String.format(Locale.ROOT,
                    "The store's group limit must be between 1 and %d writes, not %d.", MAX_GROUP_LIMIT,
                    groupLimit));
        }
    }

    public StoreOptions withBusyTimeout(Duration timeout) {
        return new StoreOptions(timeout, sqliteSynchronous, poolSize, groupLimit);
    }

    public StoreOptions withSqliteSynchronous(SqliteSynchronous mode) {
        return new StoreOptions(busyTimeout, mode, poolSize, groupLimit);
    }

    public StoreOptions withPoolSize(int size) {
        return new StoreOptions(busyTimeout, sqliteSynchronous, size, groupLimit);
    }

    public StoreOptions withGroupLimit(int limit) {
        return new StoreOptions(busyTimeout, sqliteSynchronous, poolSize, limit);
    }
}
