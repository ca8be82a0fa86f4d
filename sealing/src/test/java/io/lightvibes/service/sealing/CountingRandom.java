package io.lightvibes.service.sealing;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic stand-in for the CSPRNG: bytes count up from {@code start}, and every request's
 * length is recorded. Tests only.
 */
final class CountingRandom extends SecureRandom {

    private final Spi spi;

    private CountingRandom(Spi spi) {
        super(spi, null);
        this.spi = spi;
    }

    static CountingRandom from(int start) {
        return new CountingRandom(new Spi(start));
    }

    /** The lengths of the requests made so far. */
    List<Integer> requests() {
        return List.copyOf(spi.requests);
    }

    private static final class Spi extends SecureRandomSpi {
        private int next;
        private final List<Integer> requests = new ArrayList<>();

        Spi(int start) {
            this.next = start;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            throw new UnsupportedOperationException("a counting random takes no seed");
        }

        @Override
        protected synchronized void engineNextBytes(byte[] bytes) {
            requests.add(bytes.length);
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) next++;
            }
        }

        @Override
        protected byte[] engineGenerateSeed(int length) {
            throw new UnsupportedOperationException("a counting random makes no seeds");
        }
    }
}
