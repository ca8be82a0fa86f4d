package io.lightvibes.sim.postprocess;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.Kernels;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Toeplitz hashing over GF(2), the privacy-amplification extractor. An m x n Toeplitz matrix is
 * fixed by n + m - 1 seed bits; a uniformly random seed gives a 2-universal family (Mansour, Nisan
 * &amp; Tiwari, STOC 1990; Krawczyk, CRYPTO 1994), which is what the quantum leftover hash lemma
 * needs (Tomamichel, Schaffner, Smith &amp; Renner, IEEE Trans. Inf. Theory 57, 5524 (2011)). Alice
 * draws a fresh seed for every block and sends it in public; both ends hash with
 * {@link Kernels#toeplitzHash} (convention T[i][j] = seed[i - j + n - 1]).
 */
public final class PrivacyAmplification {

    private final Kernels kernels;

    public PrivacyAmplification(Kernels kernels) {
        this.kernels = Objects.requireNonNull(kernels, "kernels");
    }

    /** Seed length of an {@code outputBits} x {@code inputBits} Toeplitz matrix: n + m - 1. */
    public static long seedBits(long inputBits, long outputBits) {
        if (inputBits < 1 || outputBits < 1) {
            throw new IllegalArgumentException("a Toeplitz hash needs at least one input and one output bit");
        }
        return inputBits + outputBits - 1;
    }

    /** A fresh uniformly random seed of {@code bits} bits. */
    public static BitString randomSeed(RandomGenerator random, long bits) {
        long[] words = new long[Bits.words(bits)];
        for (int w = 0; w < words.length; w++) {
            words[w] = random.nextLong();
        }
        return BitString.wrap(words, bits);
    }

    /** T(seed) key over GF(2): {@code outputBits} bits. */
    public BitString hash(BitString key, BitString seed, int outputBits) {
        if (outputBits < 1 || outputBits > key.length()) {
            throw new IllegalArgumentException("cannot extract " + outputBits + " bits from a " + key.length() + "-bit key");
        }
        long expected = seedBits(key.length(), outputBits);
        if (seed.length() != expected) {
            throw new IllegalArgumentException("seed has " + seed.length() + " bits, expected n + m - 1 = " + expected);
        }
        long[] out = new long[Bits.words(outputBits)];
        kernels.toeplitzHash(key.words(), key.length(), seed.words(), outputBits, out);
        return BitString.wrap(out, outputBits);
    }
}
