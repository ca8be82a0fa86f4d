package io.lightvibes.sim.driver;

import java.util.Objects;

/**
 * The pure-Java kernels: the fallback when no native library loads, and the reference the native
 * kernels are checked against bit for bit.
 */
public final class JavaKernels implements Kernels {

    @Override
    public String name() {
        return "java";
    }

    @Override
    public long compress(long[] source, long[] keep, long bits, long[] target) {
        requireBits(source, bits, "source");
        requireBits(keep, bits, "keep");
        long selected = 0;
        int words = Bits.words(bits);
        for (int w = 0; w < words; w++) {
            selected += Long.bitCount(keep[w] & tailMask(w, bits));
        }
        requireBits(target, selected, "target");
        long out = 0;
        long acc = 0;
        int filled = 0;
        int o = 0;
        for (int w = 0; w < words; w++) {
            long mask = keep[w] & tailMask(w, bits);
            long src = source[w];
            while (mask != 0) {
                int bit = Long.numberOfTrailingZeros(mask);
                mask &= mask - 1;
                acc |= ((src >>> bit) & 1L) << filled;
                if (++filled == 64) {
                    target[o++] = acc;
                    acc = 0;
                    filled = 0;
                }
                out++;
            }
        }
        if (filled > 0) {
            target[o] = acc;
        }
        return out;
    }

    @Override
    public long countErrors(long[] a, long[] b, long[] sample, long bits) {
        requireBits(a, bits, "a");
        requireBits(b, bits, "b");
        if (sample != null) {
            requireBits(sample, bits, "sample");
        }
        long errors = 0;
        int words = Bits.words(bits);
        for (int w = 0; w < words; w++) {
            long diff = (a[w] ^ b[w]) & tailMask(w, bits);
            if (sample != null) {
                diff &= sample[w];
            }
            errors += Long.bitCount(diff);
        }
        return errors;
    }

    @Override
    public void toeplitzHash(long[] key, long n, long[] seed, long m, long[] out) {
        if (n < 1 || m < 1 || m > n) {
            throw new IllegalArgumentException("a Toeplitz hash needs 1 <= m <= n, got n=" + n + ", m=" + m);
        }
        requireBits(key, n, "key");
        requireBits(seed, n + m - 1, "seed");
        requireBits(out, m, "out");
        // out[i] = XOR_j seed[i - j + n - 1] & key[j]: every set key bit j XORs the m-bit window
        // of the seed that starts at bit n - 1 - j into the output.
        int outWords = Bits.words(m);
        java.util.Arrays.fill(out, 0, outWords, 0L);
        int keyWords = Bits.words(n);
        for (int w = 0; w < keyWords; w++) {
            long word = key[w] & tailMask(w, n);
            while (word != 0) {
                long j = ((long) w << 6) + Long.numberOfTrailingZeros(word);
                word &= word - 1;
                xorWindow(out, outWords, seed, n - 1 - j);
            }
        }
        Bits.clearTail(out, m);
    }

    @Override
    public void blockParities(long[] key, long bits, int[] permutation, int blockSize, long[] out) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be at least 1, got " + blockSize);
        }
        requireBits(key, bits, "key");
        requirePermutation(permutation, bits);
        long blocks = (bits + blockSize - 1) / blockSize;
        requireBits(out, blocks, "out");
        for (long b = 0; b < blocks; b++) {
            long from = b * blockSize;
            Bits.set(out, b, rangeParity(key, permutation, from, Math.min(from + blockSize, bits)) == 1);
        }
        Bits.clearTail(out, blocks);
    }

    @Override
    public int rangeParity(long[] key, int[] permutation, long from, long to) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("need 0 <= from <= to, got [" + from + ", " + to + ")");
        }
        int parity = 0;
        for (long t = from; t < to; t++) {
            long position = permutation == null ? t : permutation[(int) t];
            parity ^= Bits.get(key, position) ? 1 : 0;
        }
        return parity;
    }

    /** {@code out[0, outWords) ^= seed bits [offset, offset + 64 * outWords)}, read word-aligned. */
    private static void xorWindow(long[] out, int outWords, long[] seed, long offset) {
        int first = (int) (offset >>> 6);
        int shift = (int) (offset & 63);
        if (shift == 0) {
            for (int w = 0; w < outWords; w++) {
                int s = first + w;
                out[w] ^= s < seed.length ? seed[s] : 0L;
            }
            return;
        }
        for (int w = 0; w < outWords; w++) {
            int s = first + w;
            long low = s < seed.length ? seed[s] >>> shift : 0L;
            long high = s + 1 < seed.length ? seed[s + 1] << (64 - shift) : 0L;
            out[w] ^= low | high;
        }
    }

    private static long tailMask(int word, long bits) {
        long start = (long) word << 6;
        long rest = bits - start;
        return rest >= 64 ? -1L : (1L << rest) - 1;
    }

    private static void requireBits(long[] words, long bits, String name) {
        Objects.requireNonNull(words, name);
        if (bits < 0 || words.length < Bits.words(bits)) {
            throw new IllegalArgumentException(name + " holds " + words.length + " words, " + bits + " bits need "
                    + Bits.words(Math.max(0, bits)));
        }
    }

    private static void requirePermutation(int[] permutation, long bits) {
        if (permutation != null && permutation.length < bits) {
            throw new IllegalArgumentException("permutation has " + permutation.length + " positions for " + bits + " bits");
        }
    }
}
