package io.lightvibes.sim.driver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaKernelsTest {

    private final Kernels kernels = new JavaKernels();

    @Test
    void compressKeepsMaskedBitsInOrder() {
        long[] source = {0b1011_0110L};
        long[] keep = {0b1111_0000L};
        long[] target = new long[1];
        assertThat(kernels.compress(source, keep, 8, target)).isEqualTo(4);
        assertThat(target[0]).isEqualTo(0b1011L);
    }

    @Test
    void countErrorsIsTheMaskedHammingDistanceAndIgnoresTailBits() {
        long[] a = {0b1111L | (1L << 40)};
        long[] b = {0b0101L};
        assertThat(kernels.countErrors(a, b, null, 8)).isEqualTo(2);
        assertThat(kernels.countErrors(a, b, new long[] {0b0010L}, 8)).isEqualTo(1);
    }

    @Test
    void toeplitzOfAUnitKeyPicksTheSeedDiagonal() {
        // key = e_0 (only bit 0): out[i] = seed[i + n - 1].
        long n = 5;
        long m = 3;
        long[] key = {1L};
        long[] seed = {0b1010110L}; // n + m - 1 = 7 bits
        long[] out = new long[1];
        kernels.toeplitzHash(key, n, seed, m, out);
        assertThat(out[0]).isEqualTo((0b1010110L >>> 4) & 0b111L);
    }

    @Test
    void toeplitzMatchesTheDefinitionOnRandomInputs() {
        var random = new java.util.SplittableRandom(7);
        for (int round = 0; round < 50; round++) {
            long n = 1 + random.nextInt(300);
            long m = 1 + random.nextLong(n);
            long[] key = randomBits(random, n);
            long[] seed = randomBits(random, n + m - 1);
            long[] out = new long[Bits.words(m)];
            kernels.toeplitzHash(key, n, seed, m, out);
            for (long i = 0; i < m; i++) {
                boolean expected = false;
                for (long j = 0; j < n; j++) {
                    expected ^= Bits.get(key, j) && Bits.get(seed, i - j + n - 1);
                }
                assertThat(Bits.get(out, i)).as("bit %d of n=%d m=%d", i, n, m).isEqualTo(expected);
            }
            long[] canonical = out.clone();
            Bits.clearTail(canonical, m);
            assertThat(out).isEqualTo(canonical);
        }
    }

    private static long[] randomBits(java.util.SplittableRandom random, long bits) {
        long[] words = new long[Bits.words(bits)];
        for (int w = 0; w < words.length; w++) {
            words[w] = random.nextLong();
        }
        Bits.clearTail(words, bits);
        return words;
    }

    @Test
    void blockParitiesFollowThePermutation() {
        long[] key = {0b0011L};
        long[] out = new long[1];
        kernels.blockParities(key, 4, null, 2, out);
        assertThat(out[0]).isEqualTo(0b00L); // blocks {1,1} and {0,0}
        kernels.blockParities(key, 4, new int[] {0, 2, 1, 3}, 2, out);
        assertThat(out[0]).isEqualTo(0b11L); // blocks {1,0} and {1,0}
    }
}
