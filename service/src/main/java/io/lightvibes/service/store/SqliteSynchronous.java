package io.lightvibes.service.store;

import java.util.Locale;

/**
 * SQLite's {@code PRAGMA synchronous} for the store: durability against throughput.
 *
 * <p>{@link #FULL} (the default) fsyncs the write-ahead log at every commit, so a commit that
 * was answered survives a power loss or an OS crash; the fsync is then the largest cost of every
 * write, which group commit shares among the writes queued behind it. {@link #NORMAL} fsyncs only
 * at WAL checkpoints: commits stay atomic, the file is never corrupted and nothing is lost when
 * only the process crashes, but a power loss or OS crash can undo the last commits, so a key
 * delivered just before it could be delivered again (still sealed to the same recipient) and a
 * session issued just before it could vanish. Choose {@code NORMAL} only where that is acceptable
 * for the throughput it buys.
 */
public enum SqliteSynchronous {
    /** fsync at every commit: an answered commit is durable. */
    FULL,
    /** fsync at checkpoints only: atomic and crash-safe, but the last commits may be lost on power loss. */
    NORMAL;

    /** The mode named {@code text} (case-insensitive); a {@link StoreConfigException} otherwise. */
    public static SqliteSynchronous parse(String text) {
        for (SqliteSynchronous mode : values()) {
            if (mode.name().equalsIgnoreCase(text.strip())) {
                return mode;
            }
        }
        throw new StoreConfigException(String.format(Locale.ROOT,
                "Invalid SQLite synchronous mode '%s': use FULL or NORMAL.", text));
    }
}
