package io.lightvibes.sim.link;

import java.util.Optional;

/** No QKD link: health is {@link LinkState#DOWN} and the pool is always empty. */
public final class AbsentLink implements Link {

    private static final LinkHealth DOWN = LinkHealth.down();

    @Override
    public void start() {
        // nothing runs
    }

    @Override
    public void close() {
        // nothing runs
    }

    @Override
    public LinkHealth health() {
        return DOWN;
    }

    @Override
    public Optional<byte[]> takeKey(int bits) {
        if (bits <= 0 || bits % 8 != 0) {
            throw new IllegalArgumentException("bits must be a positive multiple of 8, got " + bits);
        }
        return Optional.empty();
    }

    @Override
    public void restore() {
        // nothing to lift
    }
}
