package io.lightvibes.service.testing;

import io.lightvibes.sim.link.Link;
import io.lightvibes.sim.link.LinkHealth;
import io.lightvibes.sim.link.LinkState;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;

/** A link whose health tests set and whose pool holds whatever bytes they put in. */
public final class StaticLink implements Link {

    private LinkHealth health = LinkHealth.down();
    private byte[] pool = new byte[0];
    private int restores;

    /** A healthy link at {@code qber} with {@code poolBytes} deterministic pool bytes. */
    public static StaticLink healthy(double qber, int poolBytes) {
        var link = new StaticLink();
        byte[] pool = new byte[poolBytes];
        for (int i = 0; i < poolBytes; i++) {
            pool[i] = (byte) (i * 31 + 7);
        }
        link.fill(pool);
        link.set(LinkState.HEALTHY, qber, 24_000.0);
        return link;
    }

    public synchronized void set(LinkState state, double qber, double rateBps) {
        health = new LinkHealth(state, OptionalDouble.of(qber), rateBps, pool.length * 8L, OptionalDouble.of(0.1), 1,
                Optional.empty());
    }

    public synchronized void fill(byte[] bytes) {
        pool = bytes.clone();
        health = new LinkHealth(health.state(), health.qber(), health.rateBps(), pool.length * 8L,
                health.secretFraction(), health.blocks(), health.lastBlock());
    }

    public synchronized int restores() {
        return restores;
    }

    @Override
    public void start() {
    }

    @Override
    public void close() {
    }

    @Override
    public synchronized LinkHealth health() {
        return health;
    }

    @Override
    public synchronized Optional<byte[]> takeKey(int bits) {
        int bytes = bits / 8;
        if (pool.length < bytes) {
            return Optional.empty();
        }
        byte[] key = Arrays.copyOf(pool, bytes);
        fill(Arrays.copyOfRange(pool, bytes, pool.length));
        return Optional.of(key);
    }

    @Override
    public synchronized void restore() {
        restores++;
    }
}
