package io.lightvibes.sim.driver;

import java.util.Locale;
import java.util.Objects;

/**
 * The argument checks of {@link Kernels}, shared by every implementation so that all of them
 * reject the same inputs with the same {@link IllegalArgumentException} before writing anything.
 */
public final class KernelArguments {

    private KernelArguments() {
    }

    /**
     * Checks {@link Kernels#compress}'s arguments; a target shorter than the input is measured
     * against the selected bits, which costs a pass over {@code keep}.
     */
    public static void compress(long[] source, long[] keep, long bits, long[] target) {
        Bits.requireBits(source, bits, "source");
        Bits.requireBits(keep, bits, "keep");
        Objects.requireNonNull(target, "target");
        int words = Bits.words(bits);
        if (target.length < words) {
            long selected = 0;
            for (int w = 0; w < words; w++) {
                long rest = bits - ((long) w << 6);
                selected += Long.bitCount(rest >= 64 ? keep[w] : keep[w] & ((1L << rest) - 1));
            }
            Bits.requireBits(target, selected, "target");
        }
    }

    /** Checks {@link Kernels#countErrors}'s arguments. */
    public static void countErrors(long[] a, long[] b, long[] sample, long bits) {
        Bits.requireBits(a, bits, "a");
        Bits.requireBits(b, bits, "b");
        if (sample != null) {
            Bits.requireBits(sample, bits, "sample");
        }
    }

    /** Checks {@link Kernels#toeplitzHash}'s arguments. */
    public static void toeplitzHash(long[] key, long n, long[] seed, long m, long[] out) {
        if (n < 1 || m < 1 || m > n) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "a Toeplitz hash needs 1 <= m <= n, got n=%d, m=%d", n, m));
        }
        Bits.requireBits(key, n, "key");
        Bits.requireBits(seed, n + m - 1, "seed");
        Bits.requireBits(out, m, "out");
    }

    /**
     * Checks {@link Kernels#blockParities}'s arguments except the permutation's entries (see
     * {@link Bits#requirePositions}); returns the number of blocks.
     */
    public static long blockParities(long[] key, long bits, int[] permutation, int blockSize, long[] out) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be at least 1, got " + blockSize);
        }
        Bits.requireBits(key, bits, "key");
        long blocks = bits == 0 ? 0 : (bits - 1) / blockSize + 1;
        Bits.requireBits(out, blocks, "out");
        if (permutation != null) {
            permutationLength(permutation, bits);
        }
        return blocks;
    }

    /** Checks {@link Kernels#rangeParity}'s arguments except the permutation's entries. */
    public static void rangeParity(long[] key, int[] permutation, long from, long to) {
        Objects.requireNonNull(key, "key");
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "need 0 <= from <= to, got [%d, %d)", from, to));
        }
        if (permutation == null) {
            long keyBits = 64L * key.length;
            if (to > keyBits) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "range [%d, %d) runs past the %d-bit key", from, to, keyBits));
            }
        } else {
            permutationLength(permutation, to);
        }
    }

    private static void permutationLength(int[] permutation, long positions) {
        if (permutation.length < positions) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "permutation has %d positions, %d needed", permutation.length, positions));
        }
    }
}
