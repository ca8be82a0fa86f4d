package io.lightvibes.nativebridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.JavaKernels;
import io.lightvibes.sim.driver.Kernels;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every kernel through JavaKernels and NativeKernels on the same random inputs of awkward sizes:
 * bit-identical outputs, identical untouched words, identical exceptions. The build runs this
 * class once per C code path (QMK_KERNELS=portable, avx2, and the CPU's best).
 */
class KernelParityTest {

    private static final long FILL = 0x5a5a5a5a5a5a5a5aL;

    private final Kernels java = new JavaKernels();
    private final Kernels nativeKernels = new NativeKernels(ShippedLibrary.get());

    @Provide
    Arbitrary<Long> lengths() {
        return Arbitraries.oneOf(
                Arbitraries.of(0L, 1L, 2L, 63L, 64L, 65L, 127L, 128L, 129L, 1023L, 1024L, 1025L, 4095L, 4097L),
                Arbitraries.longs().between(0, 20_000),
                Arbitraries.longs().between(20_000, 300_000));
    }

    @Example
    void theForcedCodePathIsTheOneRunning() {
        String forced = System.getenv("QMK_KERNELS");
        String implementation = ShippedLibrary.get().implementation();
        assertThat(implementation).startsWith("lightvibes-sim");
        // A forced path runs unless the CPU lacks it; then a lower one does, never a higher one.
        if ("portable".equals(forced)) {
            assertThat(implementation).contains("kernels: portable");
        } else if ("avx2".equals(forced)) {
            assertThat(implementation).containsAnyOf("kernels: avx2", "kernels: portable");
        }
    }

    @Property(tries = 200)
    void compressIsIdentical(@ForAll("lengths") long bits, @ForAll long seed) {
        var random = new SplittableRandom(seed);
        long[] source = randomBits(random, bits);
        long[] keep = sparse(random, randomBits(random, bits), random.nextInt(4));
        long[] javaTarget = filled(Bits.words(bits) + 2);
        long[] nativeTarget = filled(Bits.words(bits) + 2);
        assertThat(nativeKernels.compress(source, keep, bits, nativeTarget))
                .isEqualTo(java.compress(source, keep, bits, javaTarget));
        assertThat(nativeTarget).isEqualTo(javaTarget);
    }

    @Property(tries = 200)
    void countErrorsIsIdentical(@ForAll("lengths") long bits, @ForAll long seed) {
        var random = new SplittableRandom(seed);
        long[] a = randomBits(random, bits);
        long[] b = randomBits(random, bits);
        long[] sample = sparse(random, randomBits(random, bits), 2);
        assertThat(nativeKernels.countErrors(a, b, sample, bits)).isEqualTo(java.countErrors(a, b, sample, bits));
        assertThat(nativeKernels.countErrors(a, b, null, bits)).isEqualTo(java.countErrors(a, b, null, bits));
    }

    @Property(tries = 150)
    void toeplitzHashIsIdentical(@ForAll("lengths") long n, @ForAll long seed) {
        if (n == 0) {
            return;
        }
        var random = new SplittableRandom(seed);
        long m = switch (random.nextInt(4)) {
            case 0 -> n;
            case 1 -> 1 + random.nextLong(Math.min(n, 130));
            default -> 1 + random.nextLong(n);
        };
        long[] key = randomBits(random, n);
        long[] toeplitzSeed = randomBits(random, n + m - 1);
        long[] javaOut = filled(Bits.words(m) + 1);
        long[] nativeOut = filled(Bits.words(m) + 1);
        java.toeplitzHash(key, n, toeplitzSeed, m, javaOut);
        nativeKernels.toeplitzHash(key, n, toeplitzSeed, m, nativeOut);
        assertThat(nativeOut).as("n=%d m=%d", n, m).isEqualTo(javaOut);
    }

    @Property(tries = 150)
    void paritiesAreIdentical(@ForAll("lengths") long bits, @ForAll long seed) {
        var random = new SplittableRandom(seed);
        long[] key = randomBits(random, bits);
        int[] permutation = random.nextBoolean() ? permutation(random, (int) bits) : null;
        int blockSize = 1 + random.nextInt(random.nextBoolean() ? 100 : (int) bits + 10);
        int words = Bits.words(bits == 0 ? 0 : (bits - 1) / blockSize + 1) + 1;
        long[] javaOut = filled(words);
        long[] nativeOut = filled(words);
        java.blockParities(key, bits, permutation, blockSize, javaOut);
        nativeKernels.blockParities(key, bits, permutation, blockSize, nativeOut);
        assertThat(nativeOut).isEqualTo(javaOut);
        QmkLibrary library = ShippedLibrary.get();
        for (int round = 0; round < 20; round++) {
            long from = random.nextLong(bits + 1);
            long to = from + random.nextLong(bits - from + 1);
            int expected = java.rangeParity(key, permutation, from, to);
            assertThat(nativeKernels.rangeParity(key, permutation, from, to)).isEqualTo(expected);
            // qmk_range_parity itself, also on the short ranges NativeKernels answers in Java
            int[] parity = {-1};
            int status = library.rangeParity(MemorySegment.ofArray(key), 64L * key.length,
                    permutation == null ? MemorySegment.NULL : MemorySegment.ofArray(permutation),
                    permutation == null ? 0 : permutation.length, from, to, MemorySegment.ofArray(parity));
            assertThat(status).isZero();
            assertThat(parity[0]).as("[%d, %d)", from, to).isEqualTo(expected);
        }
    }

    @Example
    void badArgumentsFailAlikeAndWriteNothing() {
        long[] out = filled(2);
        for (Kernels kernels : new Kernels[] {java, nativeKernels}) {
            long[] shortTarget = filled(1);
            assertThatThrownBy(() -> kernels.compress(new long[] {-1, -1}, new long[] {-1, 1}, 65, shortTarget))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("target holds 1 words, 65 bits need 2");
            assertThat(shortTarget).containsOnly(FILL);
            assertThatThrownBy(() -> kernels.toeplitzHash(new long[1], 10, new long[1], 11, out))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 <= m <= n");
            assertThatThrownBy(() -> kernels.blockParities(new long[1], 4, new int[] {0, 1, 2, 7}, 2, out))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 4)");
            assertThatThrownBy(() -> kernels.blockParities(new long[1], 4, null, 0, out))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block size");
            assertThatThrownBy(() -> kernels.rangeParity(new long[1], new int[] {64}, 0, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 64)");
            assertThatThrownBy(() -> kernels.countErrors(new long[1], new long[0], null, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b holds 0 words");
            assertThat(out).containsOnly(FILL);
        }
    }

    @Example
    void theNativeKernelsComeFromTheLibrary() {
        assertThat(nativeKernels.name()).isEqualTo("native");
        assertThat(NativeLibraries.probe(Optional.empty()).detail()).contains("libqmk.so");
    }

    private static long[] randomBits(SplittableRandom random, long bits) {
        long[] words = new long[Bits.words(bits)];
        for (int w = 0; w < words.length; w++) {
            words[w] = random.nextLong();
        }
        return words; // tails random: both must ignore them
    }

    /** Thins a random mask: each extra round ANDs another random word in (density 1/2^(rounds+1)). */
    private static long[] sparse(SplittableRandom random, long[] words, int rounds) {
        for (int r = 0; r < rounds; r++) {
            for (int w = 0; w < words.length; w++) {
                words[w] &= random.nextLong();
            }
        }
        return words;
    }

    private static long[] filled(int words) {
        long[] out = new long[words];
        Arrays.fill(out, FILL);
        return out;
    }

    private static int[] permutation(SplittableRandom random, int size) {
        int[] p = new int[size];
        Arrays.setAll(p, i -> i);
        for (int i = size; i > 1; i--) {
            int j = random.nextInt(i);
            int t = p[i - 1];
            p[i - 1] = p[j];
            p[j] = t;
        }
        return p;
    }
}
