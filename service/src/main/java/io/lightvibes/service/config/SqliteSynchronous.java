package io.lightvibes.service.config;

/**
 * SQLite durability. {@code FULL} syncs every commit, so a delivered key stays delivered even
 * across a power loss; {@code NORMAL} syncs only at WAL checkpoints: faster, never corrupt, but a
 * power loss may undo the last commits, so a key delivered just before could be delivered again.
 */
public enum SqliteSynchronous {
    FULL,
    NORMAL
}
