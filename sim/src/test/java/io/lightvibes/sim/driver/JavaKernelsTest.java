package io.lightvibes.sim.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** JavaKernels on hand-made cases and on the edges of its argument checks. */
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
    void compressLeavesTargetWordsAfterTheSelectedBitsUntouched() {
        long[] source = {-1L, -1L, -1L};
        long[] keep = {-1L, 0L, 0L};
        long[] target = {7, 7, 7};
        assertThat(kernels.compress(source, keep, 192, target)).isEqualTo(64);
        assertThat(target).containsExactly(-1L, 7, 7);
    }

    @Test
    void compressRefusesATargetTooShortForTheSelectionBeforeWriting() {
        long[] target = {7};
        assertThatThrownBy(() -> kernels.compress(new long[] {-1, -1}, new long[] {-1, 1}, 65, target))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target holds 1 words, 65 bits need 2");
        assertThat(target).containsExactly(7);
        // short, but enough for what is selected
        assertThat(kernels.compress(new long[] {-1, -1}, new long[] {0xff, 1}, 65, target)).isEqualTo(9);
    }

    @Test
    void countErrorsIsTheMaskedHammingDistanceAndIgnoresTailBits() {
        long[] a = {0b1111L | (1L << 40)};
        long[] b = {0b0101L};
        assertThat(kernels.countErrors(a, b, null, 8)).isEqualTo(2);
        assertThat(kernels.countErrors(a, b, new long[] {0b0010L}, 8)).isEqualTo(1);
        assertThat(kernels.countErrors(new long[0], new long[0], null, 0)).isZero();
    }

    @Test
    void toeplitzOfAUnitKeyPicksTheSeedDiagonal() {
        // key = e_0 (only bit 0): out[i] = seed[i + n - 1].
        long[] out = new long[1];
        kernels.toeplitzHash(new long[] {1L}, 5, new long[] {0b1010110L}, 3, out);
        assertThat(out[0]).isEqualTo((0b1010110L >>> 4) & 0b111L);
    }

    @Test
    void toeplitzMatchesTheDefinitionOnRandomInputs() {
        var random = new SplittableRandom(7);
        for (int round = 0; round < 60; round++) {
            long n = 1 + random.nextInt(round < 40 ? 300 : 3000);
            long m = 1 + random.nextLong(n);
            long[] key = randomBits(random, n);
            long[] seed = randomBits(random, n + m - 1);
            long[] out = new long[Bits.words(m)];
            kernels.toeplitzHash(key, n, seed, m, out);
            assertThat(out).as("n=%d m=%d", n, m).isEqualTo(JavaKernelsReferences.toeplitz(key, n, seed, m));
        }
    }

    @Test
    void toeplitzMatchesTheSeedWindowProductAcrossKaratsubaLevels() {
        var random = new SplittableRandom(8);
        long[][] sizes = {{100_000, 100_000}, {100_000, 37_000}, {70_001, 999}, {65_536, 65_536}, {20_000, 64}};
        for (long[] size : sizes) {
            long n = size[0];
            long m = size[1];
            long[] key = randomBits(random, n);
            long[] seed = randomBits(random, n + m - 1);
            long[] out = new long[Bits.words(m)];
            kernels.toeplitzHash(key, n, seed, m, out);
            assertThat(out).as("n=%d m=%d", n, m).isEqualTo(JavaKernelsReferences.toeplitzByWindows(key, n, seed, m));
        }
    }

    @Test
    void toeplitzRejectsInconsistentLengths() {
        assertThatThrownBy(() -> kernels.toeplitzHash(new long[1], 10, new long[1], 11, new long[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 <= m <= n");
        assertThatThrownBy(() -> kernels.toeplitzHash(new long[1], 64, new long[1], 10, new long[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seed");
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

    @Test
    void blockParitiesRejectAPositionOutsideTheKeyBeforeWriting() {
        long[] out = {7};
        assertThatThrownBy(() -> kernels.blockParities(new long[] {3}, 4, new int[] {0, 1, 4, 2}, 2, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permutation[2] = 4 is not a position in [0, 4)");
        assertThatThrownBy(() -> kernels.blockParities(new long[] {3}, 4, new int[] {0, -1, 3, 2}, 2, out))
                .hasMessageContaining("permutation[1] = -1");
        assertThatThrownBy(() -> kernels.blockParities(new long[] {3}, 4, new int[] {0, 1}, 2, out))
                .hasMessageContaining("permutation has 2 positions, 4 needed");
        assertThat(out).containsExactly(7);
    }

    @Test
    void rangeParityIsTheBinarySearchStep() {
        long[] key = {0b1011L};
        assertThat(kernels.rangeParity(key, null, 0, 4)).isEqualTo(1);
        assertThat(kernels.rangeParity(key, null, 1, 1)).isZero();
        assertThat(kernels.rangeParity(key, new int[] {2, 3, 0, 1}, 0, 2)).isEqualTo(1);
        assertThatThrownBy(() -> kernels.rangeParity(key, null, 3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kernels.rangeParity(key, null, 0, 65)).hasMessageContaining("past the 64-bit key");
        assertThatThrownBy(() -> kernels.rangeParity(key, new int[] {0, 64}, 0, 2))
                .hasMessageContaining("permutation[1] = 64 is not a position in [0, 64)");
    }

    private static long[] randomBits(SplittableRandom random, long bits) {
        long[] words = new long[Bits.words(bits)];
        for (int w = 0; w < words.length; w++) {
            words[w] = random.nextLong();
        }
        return words; // tails left random: kernels must ignore them
    }
}
