package io.lightvibes.sim.link;

import java.util.Optional;

/** A QKD link as the key service uses it. Implementations are safe to call from any thread. */
public interface Link extends AutoCloseable {

    /** Begins producing key; calling it again has no effect. */
    void start();

    /** Stops producing key and waits for the link's threads; idempotent. */
    @Override
    void close();

    /** The health published after the last block. */
    LinkHealth health();

    /**
     * Removes {@code bits} (a positive multiple of 8) from the pool.
     *
     * @return the key bytes, or empty if the pool holds fewer bits (another session may have
     *     drained it since {@link #health()} was read)
     */
    Optional<byte[]> takeKey(int bits);

    /** Operator restore: lifts a quarantine; no effect otherwise. */
    void restore();
}
