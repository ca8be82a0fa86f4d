package io.lightvibes.sim.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** JavaKernels against the bit-by-bit definitions, on random inputs of awkward sizes. */
class JavaKernelsPropertiesTest {

    private final Kernels kernels = new JavaKernels();

    @Provide
    Arbitrary<Long> lengths() {
        return Arbitraries.oneOf(
                Arbitraries.of(0L, 1L, 2L, 63L, 64L, 65L, 127L, 128L, 129L, 1000L, 1023L, 1024L, 1025L),
                Arbitraries.longs().between(0, 5000));
    }

    @Property(tries = 150)
    void compressSelectsTheKeptBitsInOrder(@ForAll("lengths") long bits, @ForAll long seed,
            @ForAll("densities") int density) {
        var random = new SplittableRandom(seed);
        long[] source = randomBits(random, bits, 8);
        long[] keep = randomBits(random, bits, density);
        long[] expected = JavaKernelsReferences.compress(source, keep, bits);
        long[] target = new long[Bits.words(bits) + 1];
        Arrays.fill(target, 0x5a5a5a5aL);
        long selected = kernels.compress(source, keep, bits, target);
        assertThat(selected).isEqualTo(JavaKernelsReferences.countErrors(keep, new long[keep.length], null, bits));
        assertThat(Arrays.copyOf(target, expected.length)).isEqualTo(expected);
        for (int w = expected.length; w < target.length; w++) {
            assertThat(target[w]).as("word %d after the selection", w).isEqualTo(0x5a5a5a5aL);
        }
    }

    @Provide
    Arbitrary<Integer> densities() {
        return Arbitraries.of(0, 1, 8, 15, 16); // sixteenths of ones
    }

    @Property(tries = 150)
    void countErrorsCountsDifferingSampledBits(@ForAll("lengths") long bits, @ForAll long seed) {
        var random = new SplittableRandom(seed);
        long[] a = randomBits(random, bits, 8);
        long[] b = randomBits(random, bits, 8);
        long[] sample = randomBits(random, bits, 3);
        assertThat(kernels.countErrors(a, b, null, bits)).isEqualTo(JavaKernelsReferences.countErrors(a, b, null, bits));
        assertThat(kernels.countErrors(a, b, sample, bits))
                .isEqualTo(JavaKernelsReferences.countErrors(a, b, sample, bits));
    }

    @Property(tries = 120)
    void toeplitzHashIsTheDefinition(@ForAll("lengths") long n, @ForAll long seed) {
        if (n == 0) {
            return;
        }
        var random = new SplittableRandom(seed);
        long m = 1 + random.nextLong(n);
        long[] key = randomBits(random, n, 8);
        long[] toeplitzSeed = randomBits(random, n + m - 1, 8);
        long[] out = new long[Bits.words(m)];
        kernels.toeplitzHash(key, n, toeplitzSeed, m, out);
        assertThat(out).isEqualTo(JavaKernelsReferences.toeplitzByWindows(key, n, toeplitzSeed, m));
    }

    @Property(tries = 120)
    void paritiesAreTheXorOfTheirPositions(@ForAll("lengths") long bits, @ForAll long seed) {
        var random = new SplittableRandom(seed);
        long[] key = randomBits(random, bits, 8);
        int[] permutation = random.nextBoolean() ? permutation(random, (int) bits) : null;
        int blockSize = 1 + random.nextInt(random.nextBoolean() ? 70 : (int) bits + 10);
        long[] out = new long[Bits.words(bits == 0 ? 0 : (bits - 1) / blockSize + 1)];
        kernels.blockParities(key, bits, permutation, blockSize, out);
        assertThat(out).isEqualTo(JavaKernelsReferences.blockParities(key, bits, permutation, blockSize));
        long from = random.nextLong(bits + 1);
        long to = from + random.nextLong(bits - from + 1);
        assertThat(kernels.rangeParity(key, permutation, from, to))
                .isEqualTo(JavaKernelsReferences.rangeParity(key, permutation, from, to));
    }

    static long[] randomBits(SplittableRandom random, long bits, int density) {
        long[] words = new long[Bits.words(bits)];
        for (int w = 0; w < words.length; w++) {
            long word = 0;
            for (int b = 0; b < 64; b++) {
                word |= (random.nextInt(16) < density ? 1L : 0L) << b;
            }
            words[w] = word; // the tail past `bits` stays random: kernels must ignore it
        }
        return words;
    }

    static int[] permutation(SplittableRandom random, int size) {
        int[] p = new int[size];
        for (int i = 0; i < size; i++) {
            p[i] = i;
        }
        for (int i = size; i > 1; i--) {
            int j = random.nextInt(i);
            int t = p[i - 1];
            p[i - 1] = p[j];
            p[j] = t;
        }
        return p;
    }
}
