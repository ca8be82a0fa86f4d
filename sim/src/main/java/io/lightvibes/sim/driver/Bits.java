package io.lightvibes.sim.driver;

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
