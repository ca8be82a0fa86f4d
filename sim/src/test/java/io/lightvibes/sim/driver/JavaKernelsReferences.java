package io.lightvibes.sim.driver;

import java.util.Arrays;

/**
 * The kernels' definitions, bit by bit and deliberately slow: what the tests compare the fast
 * kernels with. Inputs are read only inside their lengths, outputs are canonical.
 */
final class JavaKernelsReferences {

    private JavaKernelsReferences() {
    }

    static long[] compress(long[] source, long[] keep, long bits) {
        long[] out = new long[Bits.words(bits)];
        long o = 0;
        for (long i = 0; i < bits; i++) {
            if (Bits.get(keep, i)) {
                Bits.set(out, o++, Bits.get(source, i));
            }
        }
        return Arrays.copyOf(out, Bits.words(o));
    }

    static long countErrors(long[] a, long[] b, long[] sample, long bits) {
        long errors = 0;
        for (long i = 0; i < bits; i++) {
            if (Bits.get(a, i) != Bits.get(b, i) && (sample == null || Bits.get(sample, i))) {
                errors++;
            }
        }
        return errors;
    }

    /** out[i] = XOR over j < n of seed[i - j + n - 1] AND key[j]. */
    static long[] toeplitz(long[] key, long n, long[] seed, long m) {
        long[] out = new long[Bits.words(m)];
        for (long i = 0; i < m; i++) {
            boolean bit = false;
            for (long j = 0; j < n; j++) {
                bit ^= Bits.get(key, j) && Bits.get(seed, i - j + n - 1);
            }
            Bits.set(out, i, bit);
        }
        return out;
    }

    /**
     * The same product, fast enough for large sizes: every set key bit j XORs the m-bit seed
     * window starting at bit n - 1 - j into the output (O(n m / 64)).
     */
    static long[] toeplitzByWindows(long[] key, long n, long[] seed, long m) {
        long[] cleanSeed = seed.clone();
        Bits.clearTail(cleanSeed, n + m - 1);
        long[] out = new long[Bits.words(m)];
        for (long j = 0; j < n; j++) {
            if (!Bits.get(key, j)) {
                continue;
            }
            long offset = n - 1 - j;
            int first = (int) (offset >>> 6);
            int shift = (int) (offset & 63);
            for (int w = 0; w < out.length; w++) {
                int s = first + w;
                long low = s < cleanSeed.length ? cleanSeed[s] >>> shift : 0L;
                long high = shift != 0 && s + 1 < cleanSeed.length ? cleanSeed[s + 1] << (64 - shift) : 0L;
                out[w] ^= low | high;
            }
        }
        Bits.clearTail(out, m);
        return out;
    }

    static int rangeParity(long[] key, int[] permutation, long from, long to) {
        int parity = 0;
        for (long t = from; t < to; t++) {
            parity ^= Bits.get(key, permutation == null ? t : permutation[(int) t]) ? 1 : 0;
        }
        return parity;
    }

    static long[] blockParities(long[] key, long bits, int[] permutation, int blockSize) {
        long blocks = bits == 0 ? 0 : (bits - 1) / blockSize + 1;
        long[] out = new long[Bits.words(blocks)];
        for (long b = 0; b < blocks; b++) {
            long from = b * blockSize;
            Bits.set(out, b, rangeParity(key, permutation, from, Math.min(from + blockSize, bits)) == 1);
        }
        return out;
    }
}
