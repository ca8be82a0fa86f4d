package io.lightvibes.sim.postprocess;

import io.lightvibes.sim.driver.Bits;
import java.util.Arrays;
import java.util.Objects;

/**
 * A packed bit string (the SPI's layout: bit i is bit {@code i & 63} of word {@code i >>> 6},
 * bits past {@code length} zero). Used for sifted, corrected and final keys; {@link #toString()}
 * never shows the bits, and {@link #wipe()} zeroes them when the key is no longer needed.
 */
public final class BitString {

    private final long[] words;
    private final int length;

    private BitString(long[] words, int length) {
        this.words = words;
        this.length = length;
    }

    /** Wraps {@code words} (not copied) after clearing the bits past {@code length}. */
    public static BitString wrap(long[] words, long length) {
        Objects.requireNonNull(words, "words");
        if (length < 0 || length > Integer.MAX_VALUE - 64 || words.length < Bits.words(length)) {
            throw new IllegalArgumentException("a bit string of " + length + " bits needs words(length) words");
        }
        long[] exact = words.length == Bits.words(length) ? words : Arrays.copyOf(words, Bits.words(length));
        Bits.clearTail(exact, length);
        return new BitString(exact, (int) length);
    }

    /** A copy of {@code words}' first {@code length} bits. */
    public static BitString copyOf(long[] words, long length) {
        return wrap(Arrays.copyOf(words, Bits.words(length)), length);
    }

    /** The empty string. */
    public static BitString empty() {
        return new BitString(new long[0], 0);
    }

    /** Number of bits. */
    public int length() {
        return length;
    }

    /** The backing words (shared, not copied: callers that keep them must copy). */
    public long[] words() {
        return words;
    }

    /** Bit {@code i}. */
    public boolean get(int i) {
        Objects.checkIndex(i, length);
        return Bits.get(words, i);
    }

    /** A copy with its own words. */
    public BitString copy() {
        return new BitString(words.clone(), length);
    }

    /** Number of one bits. */
    public long popcount() {
        long total = 0;
        for (long word : words) {
            total += Long.bitCount(word);
        }
        return total;
    }

    /** Overwrites the bits with zeros. */
    public void wipe() {
        Arrays.fill(words, 0L);
    }

    /** The bits as bytes, most significant bit first (the key pool's output order). */
    public byte[] toBytesMsbFirst() {
        byte[] out = new byte[(length + 7) / 8];
        for (int i = 0; i < length; i++) {
            if (Bits.get(words, i)) {
                out[i >>> 3] |= (byte) (0x80 >>> (i & 7));
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BitString that && that.length == length && Arrays.equals(that.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * length + Arrays.hashCode(words);
    }

    /** Never the bits: key material stays out of logs. */
    @Override
    public String toString() {
        return "BitString[" + length + " bits]";
    }
}
