package io.lightvibes.service.testing;

import io.lightvibes.service.pqc.PqcKeySource;
import io.lightvibes.service.secrets.SecretBytes;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Deterministic "PQC" keys for routing tests; counts the exchanges it was asked for. */
public final class FakePqc implements PqcKeySource {

    private final SplittableRandom random = new SplittableRandom(42);
    private final AtomicInteger exchanges = new AtomicInteger();

    @Override
    public synchronized SecretBytes deriveKey(int bits, byte[] context) {
        if (bits <= 0 || bits % 8 != 0 || bits > MAX_KEY_BITS) {
            throw new IllegalArgumentException("bits must be a multiple of 8 in 8.." + MAX_KEY_BITS);
        }
        exchanges.incrementAndGet();
        byte[] key = new byte[bits / 8];
        random.nextBytes(key);
        return SecretBytes.adopt(key);
    }

    public int exchanges() {
        return exchanges.get();
    }
}
