package io.lightvibes.sim.driver;

import java.util.Arrays;

/**
 * The Toeplitz hash of {@link Kernels#toeplitzHash} as a GF(2) polynomial middle product, in
 * O(n · m^0.585) word operations instead of the O(n · m / 64) of the definition.
 *
 * <p>The m × n matrix is cut into square Toeplitz blocks of B ≥ words(m) words; each block's
 * product is split like Karatsuba into three half-size Toeplitz products (the transposed
 * Karatsuba of Hanrot, Quercia and Zimmermann, "The middle product algorithm I", AAECC 14,
 * 2004): with the block [[T1 T0] [T2 T1]],
 * {@code top = T1 (v0 + v1) + (T0 + T1) v1} and {@code bottom = T1 (v0 + v1) + (T2 + T1) v0}.
 * Below {@link #BASE} words a comb multiplication (López and Dahab, INDOCRYPT 2000) computes the
 * block directly. The same algorithm as the C library's {@code kernels_impl.c}, so the two can be
 * read side by side.
 *
 * <p>Seeds are stored shifted by one bit ({@code S bit t = seed bit t - 1}): then the N-word block
 * product is word-aligned, {@code out word w = word N + w of S(x) · v(x)}.
 */
final class ToeplitzHash {

    /** Block size in words below which the comb computes a block directly. */
    static final int BASE = 32;

    private ToeplitzHash() {
    }

    /** {@code out[0, words(m)) = T(seed) · key}; arguments already checked. */
    static void hash(long[] key, long n, long[] seed, long m, long[] out) {
        int keyWords = Bits.words(n);
        int outWords = Bits.words(m);
        int block = blockWords(outWords);
        int columns = ceilDiv(keyWords, block);
        int even = blockWords(ceilDiv(keyWords, columns));
        if (even >= outWords && even < block) {
            block = even; // as many blocks, less padding
        }
        columns = ceilDiv(keyWords, block);

        // Block c (key words [cB, (c+1)B)) needs seed bit t + n - 64B(c+1) at its bit t - 1:
        // place seed bit t at z bit t + 64B·columns - n + 1; block c then starts at z word
        // B·(columns - 1 - c).
        long[] z = new long[Math.addExact(Math.multiplyExact(columns + 1, block), 1)];
        long seedBits = n + m - 1;
        long shift = 64L * block * columns - n + 1;
        int first = (int) (shift >>> 6);
        int bit = (int) (shift & 63);
        int seedWords = Bits.words(seedBits);
        for (int i = 0; i < seedWords; i++) {
            long word = seed[i];
            if (i == seedWords - 1) {
                word &= tailMask(i, seedBits);
            }
            z[first + i] |= word << bit;
            if (bit != 0) {
                z[first + i + 1] |= word >>> (64 - bit);
            }
        }
        long[] paddedKey = new long[columns * block];
        System.arraycopy(key, 0, paddedKey, 0, keyWords);
        paddedKey[keyWords - 1] &= tailMask(keyWords - 1, n);

        var scratch = new Scratch(block);
        long[] acc = new long[block];
        long[] part = columns > 1 ? new long[block] : acc;
        for (int c = 0; c < columns; c++) {
            tmv(z, block * (columns - 1 - c), paddedKey, block * c, block, part, 0, scratch.work, 0, scratch);
            if (columns > 1) {
                for (int i = 0; i < block; i++) {
                    acc[i] ^= part[i];
                }
            }
        }
        System.arraycopy(acc, 0, out, 0, outWords);
        out[outWords - 1] &= tailMask(outWords - 1, m);
    }

    /** Working memory of one hash: the recursion's buffers and the comb's table. */
    private static final class Scratch {
        final long[] work;
        final long[] table = new long[16 * (2 * BASE + 1)];
        final long[] window = new long[BASE + 1];

        Scratch(int block) {
            work = new long[4 * block];
        }
    }

    /**
     * {@code out[oo, oo + size)} = the size-word Toeplitz product of the shifted seed
     * {@code s[so, so + 2·size)} and {@code v[vo, vo + size)}; work holds 4·size words from wo.
     */
    private static void tmv(long[] s, int so, long[] v, int vo, int size, long[] out, int oo, long[] work, int wo,
            Scratch scratch) {
        if (size <= BASE) {
            comb(s, so, v, vo, size, out, oo, scratch);
            return;
        }
        int h = size >>> 1;
        int v01 = wo;
        int diagonals = wo + h;
        int p0 = wo + 3 * h;
        int below = wo + 4 * h;
        for (int i = 0; i < h; i++) {
            work[v01 + i] = v[vo + i] ^ v[vo + h + i];
        }
        for (int i = 0; i < 2 * h; i++) {
            work[diagonals + i] = s[so + i] ^ s[so + h + i]; // T0 + T1
        }
        tmv(work, diagonals, v, vo + h, h, out, oo, work, below, scratch);
        for (int i = 0; i < 2 * h; i++) {
            work[diagonals + i] = s[so + 2 * h + i] ^ s[so + h + i]; // T2 + T1
        }
        tmv(work, diagonals, v, vo, h, out, oo + h, work, below, scratch);
        tmv(s, so + h, work, v01, h, work, p0, work, below, scratch);
        for (int i = 0; i < h; i++) {
            long p = work[p0 + i];
            out[oo + i] ^= p;
            out[oo + h + i] ^= p;
        }
    }

    /**
     * The block product for {@code k <= BASE} words by the comb with 4-bit windows: row u of the
     * table is u(x)·S(x) (2k + 1 words); for each nibble position j from the top, every word b of
     * v XORs the row of its nibble in at offset b, then the window shifts up by 4. Only product
     * words k - 1 .. 2k - 1 are kept (bits only move up, 60 in all, so word k - 1 carries
     * enough), which makes every row run exactly k + 1 words long: loops the JIT vectorises.
     */
    private static void comb(long[] s, int so, long[] v, int vo, int k, long[] out, int oo, Scratch scratch) {
        long[] table = scratch.table;
        long[] window = scratch.window;
        int width = 2 * k + 1; // u(x) * S(x): 2k words plus one of carry
        Arrays.fill(table, 0, width, 0L);
        System.arraycopy(s, so, table, width, 2 * k);
        table[2 * width - 1] = 0;
        for (int u = 2; u < 16; u++) {
            int row = u * width;
            if ((u & 1) == 0) {
                int half = (u >>> 1) * width;
                table[row] = table[half] << 1;
                for (int t = 1; t < width; t++) {
                    table[row + t] = (table[half + t] << 1) | (table[half + t - 1] >>> 63);
                }
            } else {
                int previous = row - width;
                for (int t = 0; t < width; t++) {
                    table[row + t] = table[previous + t] ^ table[width + t];
                }
            }
        }
        int keep = k + 1; // product words k - 1 .. 2k - 1
        Arrays.fill(window, 0, keep, 0L);
        for (int j = 60; j >= 0; j -= 4) {
            for (int b = 0; b < k; b++) {
                int row = (int) ((v[vo + b] >>> j) & 15) * width + (k - 1 - b);
                for (int t = 0; t < keep; t++) {
                    window[t] ^= table[row + t];
                }
            }
            if (j > 0) {
                for (int i = keep - 1; i > 0; i--) {
                    window[i] = (window[i] << 4) | (window[i - 1] >>> 60);
                }
                window[0] <<= 4;
            }
        }
        System.arraycopy(window, 1, out, oo, k);
    }

    /** The smallest b0 · 2^L ≥ words with b0 ≤ BASE. */
    static int blockWords(int words) {
        int levels = 0;
        while (ceilDiv(words, 1 << levels) > BASE) {
            levels++;
        }
        return ceilDiv(words, 1 << levels) << levels;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static long tailMask(int word, long bits) {
        long rest = bits - ((long) word << 6);
        return rest >= 64 ? -1L : (1L << rest) - 1;
    }
}
