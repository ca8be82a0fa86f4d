package io.lightvibes.sim.driver;

/**
 * The pure-Java kernels: the fallback when no native library loads, and the reference the native
 * kernels are checked against bit for bit. Word-parallel throughout: sifting by
 * {@link Long#compress} (PEXT where the JIT has it), error counting by {@link Long#bitCount},
 * the Toeplitz hash as a Karatsuba middle product ({@link ToeplitzHash}), parities by XOR-folding
 * whole words.
 */
public final class JavaKernels implements Kernels {

    @Override
    public String name() {
        return "java";
    }

    @Override
    public long compress(long[] source, long[] keep, long bits, long[] target) {
        KernelArguments.compress(source, keep, bits, target);
        int words = Bits.words(bits);
        int out = 0;
        long acc = 0;
        int fill = 0;
        for (int w = 0; w < words; w++) {
            long mask = w == words - 1 ? keep[w] & tailMask(w, bits) : keep[w];
            long picked = Long.compress(source[w], mask);
            acc |= picked << fill;
            int next = fill + Long.bitCount(mask);
            if (next != 0) {
                target[out] = acc; // the partial word, every time: cheaper than branching on "full"
            }
            // the bits that did not fit; (x >>> 1) >>> (63 - fill) is x >>> (64 - fill), also for fill 0
            acc = next >= 64 ? (picked >>> 1) >>> (63 - fill) : acc;
            out += next >>> 6;
            fill = next & 63;
        }
        if (fill > 0) {
            target[out] = acc;
        }
        return ((long) out << 6) + fill;
    }

    @Override
    public long countErrors(long[] a, long[] b, long[] sample, long bits) {
        KernelArguments.countErrors(a, b, sample, bits);
        int words = Bits.words(bits);
        if (words == 0) {
            return 0;
        }
        int full = words - 1;
        long errors = 0;
        if (sample == null) {
            for (int w = 0; w < full; w++) {
                errors += Long.bitCount(a[w] ^ b[w]);
            }
        } else {
            for (int w = 0; w < full; w++) {
                errors += Long.bitCount((a[w] ^ b[w]) & sample[w]);
            }
        }
        long last = (a[full] ^ b[full]) & tailMask(full, bits);
        if (sample != null) {
            last &= sample[full];
        }
        return errors + Long.bitCount(last);
    }

    @Override
    public void toeplitzHash(long[] key, long n, long[] seed, long m, long[] out) {
        KernelArguments.toeplitzHash(key, n, seed, m, out);
        ToeplitzHash.hash(key, n, seed, m, out);
    }

    @Override
    public void blockParities(long[] key, long bits, int[] permutation, int blockSize, long[] out) {
        long blocks = KernelArguments.blockParities(key, bits, permutation, blockSize, out);
        if (permutation != null) {
            Bits.requirePositions(permutation, 0, bits, bits);
        }
        long word = 0;
        for (long b = 0; b < blocks; b++) {
            long from = b * blockSize;
            long to = Math.min(from + blockSize, bits);
            long parity = permutation == null ? spanParity(key, from, to) : permutedParity(key, permutation, from, to);
            word |= parity << b;
            if ((b & 63) == 63) {
                out[(int) (b >>> 6)] = word;
                word = 0;
            }
        }
        if ((blocks & 63) != 0) {
            out[(int) (blocks >>> 6)] = word;
        }
    }

    @Override
    public int rangeParity(long[] key, int[] permutation, long from, long to) {
        KernelArguments.rangeParity(key, permutation, from, to);
        if (permutation == null) {
            return from == to ? 0 : (int) spanParity(key, from, to);
        }
        Bits.requirePositions(permutation, from, to, 64L * key.length);
        return (int) permutedParity(key, permutation, from, to);
    }

    /** Parity of key bits [from, to), from < to, folding whole words. */
    private static long spanParity(long[] key, long from, long to) {
        int first = (int) (from >>> 6);
        int last = (int) ((to - 1) >>> 6);
        long low = key[first] >>> from;
        if (first == last) {
            long length = to - from;
            return Long.bitCount(length == 64 ? low : low & ((1L << length) - 1)) & 1;
        }
        long x = low;
        for (int w = first + 1; w < last; w++) {
            x ^= key[w];
        }
        x ^= key[last] & tailMask(last, to);
        return Long.bitCount(x) & 1;
    }

    /** Parity of key[permutation[t]] for t in [from, to): a gather, four chains deep. */
    private static long permutedParity(long[] key, int[] permutation, long from, long to) {
        long x0 = 0;
        long x1 = 0;
        long x2 = 0;
        long x3 = 0;
        int t = (int) from;
        int end = (int) to;
        for (; t + 4 <= end; t += 4) {
            int q0 = permutation[t];
            int q1 = permutation[t + 1];
            int q2 = permutation[t + 2];
            int q3 = permutation[t + 3];
            x0 ^= key[q0 >>> 6] >>> q0;
            x1 ^= key[q1 >>> 6] >>> q1;
            x2 ^= key[q2 >>> 6] >>> q2;
            x3 ^= key[q3 >>> 6] >>> q3;
        }
        for (; t < end; t++) {
            int q = permutation[t];
            x0 ^= key[q >>> 6] >>> q;
        }
        return (x0 ^ x1 ^ x2 ^ x3) & 1;
    }

    private static long tailMask(int word, long bits) {
        long rest = bits - ((long) word << 6);
        return rest >= 64 ? -1L : (1L << rest) - 1;
    }
}
