package io.lightvibes.sim.driver;

import java.util.Locale;
import java.util.Objects;

/** Helpers for the packed bit strings of this SPI (see the package documentation). */
public final class Bits {

    private Bits() {
    }

    /** Words needed for {@code bits} bits: {@code ceil(bits / 64)}. */
    public static int words(long bits) {
        if (bits < 0) {
            throw new IllegalArgumentException("bit count is negative: " + bits);
        }
        long words = (bits + 63) >>> 6;
        if (words > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bit string too long for a Java array: " + bits);
        }
        return (int) words;
    }

    /** Bit {@code i} of {@code words}. */
    public static boolean get(long[] words, long i) {
        return ((words[(int) (i >>> 6)] >>> (i & 63)) & 1L) != 0;
    }

    /** Sets bit {@code i} of {@code words} to {@code value}. */
    public static void set(long[] words, long i, boolean value) {
        int w = (int) (i >>> 6);
        long mask = 1L << (i & 63);
        words[w] = value ? words[w] | mask : words[w] & ~mask;
    }

    /**
     * Checks that {@code words} holds a string of {@code bits} bits.
     *
     * @throws NullPointerException if {@code words} is null
     * @throws IllegalArgumentException if {@code bits} is negative or {@code words} is too short
     */
    public static void requireBits(long[] words, long bits, String name) {
        Objects.requireNonNull(words, name);
        if (bits < 0 || words.length < words(bits)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s holds %d words, %d bits need %d", name, words.length, bits, words(Math.max(0, bits))));
        }
    }

    /**
     * Checks that every entry of {@code permutation[from, to)} is a position in {@code [0, limit)}.
     *
     * @throws IllegalArgumentException naming the first entry that is not
     */
    public static void requirePositions(int[] permutation, long from, long to, long limit) {
        int anyNegative = 0;
        int largest = 0;
        for (int t = (int) from; t < to; t++) {
            int q = permutation[t];
            anyNegative |= q;
            largest = Math.max(largest, q);
        }
        if (anyNegative < 0 || largest >= limit) {
            for (int t = (int) from; t < to; t++) {
                if (permutation[t] < 0 || permutation[t] >= limit) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "permutation[%d] = %d is not a position in [0, %d)", t, permutation[t], limit));
                }
            }
        }
    }

    /** Clears the bits at positions {@code >= bits} in the last word, making the string canonical. */
    public static void clearTail(long[] words, long bits) {
        int used = words(bits);
        for (int w = used; w < words.length; w++) {
            words[w] = 0;
        }
        int rest = (int) (bits & 63);
        if (rest != 0 && used > 0) {
            words[used - 1] &= (1L << rest) - 1;
        }
    }
}
