package io.lightvibes.sim.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.JavaKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Toeplitz privacy amplification: equal to the direct GF(2) matrix product at every size. */
class PrivacyAmplificationTest {

    private final PrivacyAmplification amplification = new PrivacyAmplification(new JavaKernels());

    static BitString bits(SplittableRandom random, long size) {
        long[] words = new long[Bits.words(size)];
        for (int i = 0; i < words.length; i++) {
            words[i] = random.nextLong();
        }
        return BitString.wrap(words, size);
    }

    /** T(seed) key as a plain matrix product: T[i][j] = seed[i - j + n - 1]. */
    static boolean directRow(BitString key, BitString seed, int row) {
        int n = key.length();
        boolean bit = false;
        for (int j = 0; j < n; j++) {
            bit ^= key.get(j) && seed.get(row - j + n - 1);
        }
        return bit;
    }

    @ParameterizedTest(name = "n={0}, m={1}")
    @CsvSource({"1, 1", "2, 1", "7, 3", "64, 64", "100, 37", "1000, 999", "1023, 511", "4097, 100"})
    void equalsTheDirectProduct(int n, int m) {
        var random = new SplittableRandom(n * 10_007L + m);
        for (int round = 0; round < 3; round++) {
            BitString key = bits(random, n);
            BitString seed = PrivacyAmplification.randomSeed(new SplittableRandom(random.nextLong()),
                    PrivacyAmplification.seedBits(n, m));
            BitString hashed = amplification.hash(key, seed, m);
            assertThat(hashed.length()).isEqualTo(m);
            for (int i = 0; i < m; i++) {
                assertThat(hashed.get(i)).isEqualTo(directRow(key, seed, i));
            }
        }
    }

    @Test
    void matrixConventionIsConstantDiagonals() {
        // T[i][j] = seed[i - j + n - 1]: hashing a unit vector e_j reads one column of T.
        int n = 9;
        int m = 5;
        BitString seed = bits(new SplittableRandom(3), n + m - 1);
        for (int j = 0; j < n; j++) {
            long[] unit = new long[1];
            unit[0] = 1L << j;
            BitString column = amplification.hash(BitString.wrap(unit, n), seed, m);
            for (int i = 0; i < m; i++) {
                assertThat(column.get(i)).isEqualTo(seed.get(i - j + n - 1));
            }
        }
    }

    @Test
    void hashIsLinearOverGf2() {
        var random = new SplittableRandom(11);
        int n = 5000;
        int m = 2500;
        BitString seed = bits(random, n + m - 1);
        BitString a = bits(random, n);
        BitString b = bits(random, n);
        long[] sum = new long[a.words().length];
        for (int w = 0; w < sum.length; w++) {
            sum[w] = a.words()[w] ^ b.words()[w];
        }
        BitString left = amplification.hash(BitString.wrap(sum, n), seed, m);
        BitString ha = amplification.hash(a, seed, m);
        BitString hb = amplification.hash(b, seed, m);
        for (int i = 0; i < m; i++) {
            assertThat(left.get(i)).isEqualTo(ha.get(i) ^ hb.get(i));
        }
    }

    @Test
    void seedLengthIsNPlusMMinusOne() {
        assertThat(PrivacyAmplification.seedBits(1000, 300)).isEqualTo(1299);
        assertThat(PrivacyAmplification.seedBits(1, 1)).isEqualTo(1);
        BitString key = BitString.wrap(new long[] {0x3ff}, 10);
        assertThatThrownBy(() -> amplification.hash(key, BitString.wrap(new long[] {-1L}, 13), 5))
                .hasMessageContaining("n + m - 1");
        assertThatThrownBy(() -> amplification.hash(key, BitString.wrap(new long[] {-1L}, 20), 11))
                .hasMessageContaining("cannot extract");
    }

    @Test
    void largestTermsStillGiveTheParity() {
        // All-ones inputs: every output bit is the parity of n ones (n odd: all ones).
        int n = 2_000_001;
        int m = 64;
        long[] ones = new long[Bits.words(n + m - 1)];
        java.util.Arrays.fill(ones, -1L);
        BitString result = amplification.hash(BitString.copyOf(ones, n), BitString.copyOf(ones, n + m - 1), m);
        assertThat(result.popcount()).isEqualTo(m);
    }

    @Test
    void largeRandomInputMatchesDirectRows() {
        var random = new SplittableRandom(21);
        int n = 1 << 21;
        int m = 4096;
        BitString key = bits(random, n);
        BitString seed = bits(random, n + m - 1);
        BitString fast = amplification.hash(key, seed, m);
        for (int sample = 0; sample < 16; sample++) {
            int row = random.nextInt(m);
            assertThat(fast.get(row)).isEqualTo(directRow(key, seed, row));
        }
    }

    @Test
    void freshSeedsDiffer() {
        var random = new SplittableRandom(5);
        assertThat(PrivacyAmplification.randomSeed(random, 1000)).isNotEqualTo(PrivacyAmplification.randomSeed(random, 1000));
    }
}
