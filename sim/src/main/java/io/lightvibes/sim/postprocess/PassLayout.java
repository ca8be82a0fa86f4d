package io.lightvibes.sim.postprocess;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.Kernels;

/**
 * Where every key bit sits in one Cascade pass, derived from the public seed at both ends.
 *
 * <p>Blocks and their sub-blocks are dyadic intervals of a padded pass order: level {@code l},
 * index {@code i} covers positions {@code [i 2^l, (i + 1) 2^l)}; positions past the real bits are
 * padding and count as zero. A pass with more than two blocks shuffles the key with a uniformly
 * random permutation (Fisher-Yates on {@link SplitMix64}) and cuts it into consecutive blocks. A
 * pass whose blocks are half the key draws one random label bit per key bit instead: label-0
 * bits in key order form the first half, label-1 bits the second, each padded to a power of two.
 * Its order is only built when a half turns out odd, which is rare after the first passes, so the
 * late passes cost two parities and almost no time.
 *
 * <p>Each end arranges its key in pass order once ({@link #arrange}); every parity is then a
 * contiguous span for {@link Kernels#blockParities} and {@link Kernels#rangeParity}.
 */
final class PassLayout {

    private final int keyBits;
    private final int blockSize;
    private final int paddedBits;
    private final int topLevel;
    private final long[] labels;
    private final int firstHalfBits;
    private final long seed;
    private final boolean shuffled;
    private int[] order;

    private PassLayout(int keyBits, int blockSize, int paddedBits, long[] labels, int firstHalfBits, long seed,
            boolean shuffled) {
        this.keyBits = keyBits;
        this.blockSize = blockSize;
        this.paddedBits = paddedBits;
        this.topLevel = Integer.numberOfTrailingZeros(blockSize);
        this.labels = labels;
        this.firstHalfBits = firstHalfBits;
        this.seed = seed;
        this.shuffled = shuffled;
    }

    /** The layout of a pass over {@code keyBits} bits with blocks of {@code blockSize} (a power of two). */
    static PassLayout of(long seed, int keyBits, int blockSize, boolean shuffle) {
        if (blockSize < 1 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size " + blockSize + " is not a power of two");
        }
        var random = new SplitMix64(seed);
        if (splitsInHalves(keyBits, blockSize)) {
            long[] labels = new long[Bits.words(keyBits)];
            for (int w = 0; w < labels.length; w++) {
                labels[w] = random.nextLong();
            }
            Bits.clearTail(labels, keyBits);
            int ones = 0;
            for (long word : labels) {
                ones += Long.bitCount(word);
            }
            int larger = Math.max(1, Math.max(ones, keyBits - ones));
            int size = Math.max(blockSize, 1 << CascadeParameters.ceilLog2(larger));
            return new PassLayout(keyBits, size, 2 * size, labels, keyBits - ones, seed, false);
        }
        int blocks = (keyBits + blockSize - 1) / blockSize;
        return new PassLayout(keyBits, blockSize, blocks * blockSize, null, 0, seed, shuffle);
    }

    /** True when a pass with this block size has at most two blocks (a "halves" pass). */
    static boolean splitsInHalves(int keyBits, int blockSize) {
        return (keyBits + (long) blockSize - 1) / blockSize <= 2;
    }

    private static int[] shuffled(SplitMix64 random, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    int blockSize() {
        return blockSize;
    }

    int blocks() {
        return paddedBits / blockSize;
    }

    int paddedBits() {
        return paddedBits;
    }

    int topLevel() {
        return topLevel;
    }

    boolean halves() {
        return labels != null;
    }

    /** Which half key bit {@code i} belongs to in a halves pass. */
    int halfOf(int keyIndex) {
        return Bits.get(labels, keyIndex) ? 1 : 0;
    }

    /**
     * The real positions in pass order, compacted: entry t is the key index at the t-th real
     * position ({@code null} for the identity order of an unshuffled first pass).
     */
    int[] order() {
        if (shuffled && order == null) {
            order = shuffled(new SplitMix64(seed), keyBits);
        }
        if (halves() && order == null) {
            int[] built = new int[keyBits];
            int zeros = 0;
            int ones = firstHalfBits;
            for (int i = 0; i < keyBits; i++) {
                if (Bits.get(labels, i)) {
                    built[ones++] = i;
                } else {
                    built[zeros++] = i;
                }
            }
            order = built;
        }
        return order;
    }

    /** Key index to padded position (Bob's map for propagating a corrected bit). */
    int[] positions() {
        int[] positions = new int[keyBits];
        int[] compact = order();
        if (compact == null) {
            for (int i = 0; i < keyBits; i++) {
                positions[i] = i;
            }
            return positions;
        }
        for (int t = 0; t < keyBits; t++) {
            positions[compact[t]] = halves() && t >= firstHalfBits ? blockSize + t - firstHalfBits : t;
        }
        return positions;
    }

    /** The key index at padded position {@code position} (a real position, not padding). */
    int keyIndexAt(int position) {
        int[] compact = order();
        if (compact == null) {
            return position;
        }
        return halves() && position >= blockSize ? compact[position - blockSize + firstHalfBits] : compact[position];
    }

    /**
     * The key in this pass's padded order, as its own packed string (padding zero): the one
     * gather of a pass, after which every block and sub-block parity is a contiguous span. A
     * halves pass is two {@link Kernels#compress} selections (label-0 bits, then label-1 bits at
     * the second half's start).
     */
    long[] arrange(Kernels kernels, long[] key) {
        long[] arranged = new long[Bits.words(paddedBits)];
        if (halves()) {
            long[] firstLabels = new long[labels.length];
            for (int w = 0; w < labels.length; w++) {
                firstLabels[w] = ~labels[w];
            }
            Bits.clearTail(firstLabels, keyBits);
            long[] first = new long[Bits.words(firstHalfBits)];
            long[] second = new long[Bits.words(keyBits - firstHalfBits)];
            kernels.compress(key, firstLabels, keyBits, first);
            kernels.compress(key, labels, keyBits, second);
            System.arraycopy(first, 0, arranged, 0, first.length);
            // The second half starts at blockSize: whole words when aligned, bit by bit for tiny keys.
            int secondHalfBits = keyBits - firstHalfBits;
            if ((blockSize & 63) == 0) {
                System.arraycopy(second, 0, arranged, blockSize >>> 6, second.length);
            } else {
                for (int t = 0; t < secondHalfBits; t++) {
                    if (Bits.get(second, t)) {
                        Bits.set(arranged, blockSize + t, true);
                    }
                }
            }
            return arranged;
        }
        if (!shuffled) {
            System.arraycopy(key, 0, arranged, 0, Bits.words(keyBits));
            Bits.clearTail(arranged, keyBits);
            return arranged;
        }
        if (order != null) {
            for (int t = 0; t < keyBits; t++) {
                int i = order[t];
                arranged[t >>> 6] |= ((key[i >>> 6] >>> i) & 1L) << t;
            }
            return arranged;
        }
        // Alice needs no index order: the same Fisher-Yates swaps applied to the bits themselves
        // (a copy small enough for L2) give the same arrangement without a 4-byte-per-bit array.
        System.arraycopy(key, 0, arranged, 0, Bits.words(keyBits));
        Bits.clearTail(arranged, keyBits);
        var random = new SplitMix64(seed);
        for (int i = keyBits - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long differ = ((arranged[i >>> 6] >>> i) ^ (arranged[j >>> 6] >>> j)) & 1L;
            arranged[i >>> 6] ^= differ << i;
            arranged[j >>> 6] ^= differ << j;
        }
        return arranged;
    }

    /** Parity of the top-level blocks of an arranged key, bit b of {@code out} for block b. */
    void topParities(Kernels kernels, long[] arranged, long[] out) {
        kernels.blockParities(arranged, paddedBits, null, blockSize, out);
    }

    /**
     * Parity of the top-level halves of a halves pass straight from the key in key order
     * (without arranging it): parity(label-1 bits) and the rest of the key's parity.
     */
    void halvesParities(Kernels kernels, long[] key, long[] zeros, long[] out) {
        long second = kernels.countErrors(key, zeros, labels, keyBits) & 1L;
        long all = kernels.countErrors(key, zeros, null, keyBits) & 1L;
        out[0] = (all ^ second) | (second << 1);
    }

    /** Parity of the dyadic block (level, index) of an arranged key. */
    static int parity(Kernels kernels, long[] arranged, int level, int index) {
        long from = (long) index << level;
        return kernels.rangeParity(arranged, null, from, from + (1L << level));
    }

    /** True when (level, index) names a block of this layout. */
    boolean contains(int level, long index) {
        return level >= 0 && level <= topLevel && index >= 0 && ((index + 1) << level) <= paddedBits;
    }
}
