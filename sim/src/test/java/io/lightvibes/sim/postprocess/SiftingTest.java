package io.lightvibes.sim.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.JavaKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SiftingTest {

    private final Sifting sifting = new Sifting(new JavaKernels());

    @Test
    void keyAndTestMasksAndSelectionAgreeWithAPlainLoop() {
        var random = new SplittableRandom(3);
        int n = 1000 + 37;
        long[] aliceZ = bits(random, n);
        long[] bobZ = bits(random, n);
        long[] record = bits(random, n);
        byte[] intensity = new byte[n];
        for (int i = 0; i < n; i++) {
            intensity[i] = (byte) random.nextInt(3);
        }
        long[] key = Sifting.keyMask(aliceZ, bobZ, n);
        long[] test = Sifting.testMask(aliceZ, bobZ, n);
        BitString sifted = sifting.select(record, key, n);
        long[][] levels = Sifting.intensityMasks(intensity);
        double[] perIntensity = Sifting.countPerIntensity(key, levels);
        int out = 0;
        double[] expected = new double[3];
        for (int i = 0; i < n; i++) {
            boolean a = Bits.get(aliceZ, i);
            boolean b = Bits.get(bobZ, i);
            assertThat(Bits.get(key, i)).isEqualTo(!a && !b);
            assertThat(Bits.get(test, i)).isEqualTo(a && b);
            if (!a && !b) {
                assertThat(sifted.get(out++)).isEqualTo(Bits.get(record, i));
                expected[intensity[i]]++;
            }
        }
        assertThat(sifted.length()).isEqualTo(out);
        assertThat(perIntensity).containsExactly(expected);
        assertThat(key.length).isEqualTo(Bits.words(n));
        assertThat(key[key.length - 1] >>> (n % 64)).isZero();
    }

    @Test
    void errorsAreCountedPerIntensityOnTheTestSample() {
        BitString alice = BitString.wrap(new long[] {0b1111}, 4);
        BitString bob = BitString.wrap(new long[] {0b0101}, 4);
        BitString[] levels = {BitString.wrap(new long[] {0b0011}, 4), BitString.wrap(new long[] {0b0100}, 4),
            BitString.wrap(new long[] {0b1000}, 4)};
        assertThat(sifting.errorsPerIntensity(alice, bob, levels)).containsExactly(1, 0, 1);
    }

    static long[] bits(SplittableRandom random, int n) {
        long[] words = new long[Bits.words(n)];
        for (int i = 0; i < words.length; i++) {
            words[i] = random.nextLong();
        }
        Bits.clearTail(words, n);
        return words;
    }
}
