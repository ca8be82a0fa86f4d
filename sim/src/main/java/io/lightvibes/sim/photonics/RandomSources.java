package io.lightvibes.sim.photonics;

import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * The random sources of the simulator: L64X128MixRandom (an LXM generator of the JDK; Steele &amp;
 * Vigna, "LXM: better splittable pseudorandom number generators", OOPSLA 2021), either from a
 * seed (reproducible runs) or seeded from an entropy source such as {@code SecureRandom}.
 * Splitting gives the independent streams of photonics, Alice and Bob.
 */
public final class RandomSources {

    private static final String ALGORITHM = "L64X128MixRandom";
    private static final int SEED_BYTES = 32;

    private RandomSources() {
    }

    /** A generator fully determined by {@code seed}. */
    public static RandomGenerator.SplittableGenerator seeded(long seed) {
        return factory().create(seed);
    }

    /** A generator seeded with 256 bits drawn from {@code entropy} (e.g. a {@code SecureRandom}). */
    public static RandomGenerator.SplittableGenerator fromEntropy(RandomGenerator entropy) {
        Objects.requireNonNull(entropy, "entropy");
        byte[] seed = new byte[SEED_BYTES];
        entropy.nextBytes(seed);
        return factory().create(seed);
    }

    private static RandomGeneratorFactory<RandomGenerator.SplittableGenerator> factory() {
        return RandomGeneratorFactory.of(ALGORITHM);
    }
}
