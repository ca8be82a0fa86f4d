package io.lightvibes.sim.postprocess;

import io.lightvibes.sim.driver.Kernels;
import java.util.ArrayList;
import java.util.List;

/**
 * Bob's Cascade bookkeeping: for every pass, the error parity of every block and sub-block whose
 * parity Alice has revealed (Alice's parity XOR Bob's), so that a corrected bit can be followed
 * into every pass and the smallest known block it made odd searched next (the cascade effect with
 * sub-block reuse of Martinez-Mateo et al. 2015).
 *
 * <p>Each pass is a dyadic tree of nodes (level, index) stored level by level in one byte array;
 * a halves pass keeps only its two top states until one of them turns odd.
 */
final class ErrorParities {

    static final byte UNKNOWN = 0;
    static final byte EVEN = 1;
    static final byte ODD = 2;

    /** One pass as Bob tracks it. */
    static final class Pass {
        final PassLayout layout;
        private final byte[] top = new byte[2];
        private int[] positions;
        private long[] arranged;
        private byte[] state;
        private int[] levelBase;

        Pass(PassLayout layout) {
            this.layout = layout;
        }

        boolean isArranged() {
            return state != null;
        }

        /** Bob's key in this pass's order (arranged passes only). */
        long[] arrangedKey() {
            return arranged;
        }

        /**
         * Builds Bob's key in pass order, the key-to-position map and the node tree (a halves
         * pass: on its first search), from his key as corrected so far.
         */
        void arrange(Kernels kernels, long[] key) {
            if (state != null) {
                return;
            }
            positions = layout.positions(); // builds the index order, which arrange then reads
            arranged = layout.arrange(kernels, key);
            int levels = layout.topLevel() + 1;
            levelBase = new int[levels];
            long total = 0;
            for (int level = 0; level < levels; level++) {
                levelBase[level] = (int) total;
                total += layout.paddedBits() >>> level;
            }
            state = new byte[(int) total];
            if (layout.halves()) {
                int base = levelBase[layout.topLevel()];
                state[base] = top[0];
                state[base + 1] = top[1];
            }
        }

        byte get(int level, int index) {
            if (state == null) {
                return top[index];
            }
            return state[levelBase[level] + index];
        }

        void set(int level, int index, byte value) {
            if (state == null) {
                top[index] = value;
            } else {
                state[levelBase[level] + index] = value;
            }
        }

        /** Bob's current parity of the block (level, index); the pass must be arranged. */
        int parity(Kernels kernels, int level, int index) {
            return PassLayout.parity(kernels, arranged, level, index);
        }

        /** Flips key bit {@code keyIndex} in this pass and toggles every known node containing it. */
        void toggle(int keyIndex) {
            if (state == null) {
                int half = layout.halfOf(keyIndex);
                top[half] = flipped(top[half]);
                return;
            }
            int position = positions[keyIndex];
            arranged[position >>> 6] ^= 1L << position;
            for (int level = 0; level <= layout.topLevel(); level++) {
                int node = levelBase[level] + (position >>> level);
                state[node] = flipped(state[node]);
            }
        }

        /** The smallest known odd block containing key bit {@code keyIndex}, packed, or -1. */
        long smallestOdd(int pass, int keyIndex) {
            if (state == null) {
                return -1;
            }
            int position = positions[keyIndex];
            for (int level = 0; level <= layout.topLevel(); level++) {
                if (state[levelBase[level] + (position >>> level)] == ODD) {
                    return Searches.pack(pass, level, position >>> level);
                }
            }
            return -1;
        }

        private static byte flipped(byte value) {
            return value == UNKNOWN ? UNKNOWN : (byte) (3 - value);
        }
    }

    private final List<Pass> passes = new ArrayList<>();

    Pass add(PassLayout layout) {
        var pass = new Pass(layout);
        passes.add(pass);
        return pass;
    }

    Pass pass(int number) {
        return passes.get(number);
    }

    /**
     * Records corrected bits (already flipped in {@code key}) in every pass and returns the new
     * searches: per pass and corrected
     * bit, the smallest known block that is now odd; a halves pass whose half turned odd is
     * arranged and searched from the top.
     */
    Searches corrected(Kernels kernels, long[] key, int[] keyIndices, int count) {
        for (int p = 0; p < passes.size(); p++) {
            Pass pass = passes.get(p);
            for (int i = 0; i < count; i++) {
                pass.toggle(keyIndices[i]);
            }
        }
        var found = new Searches();
        for (int p = 0; p < passes.size(); p++) {
            Pass pass = passes.get(p);
            if (!pass.isArranged()) {
                for (int half = 0; half < 2; half++) {
                    if (pass.get(pass.layout.topLevel(), half) == ODD) {
                        pass.arrange(kernels, key);
                        found.add(p, pass.layout.topLevel(), half);
                    }
                }
                continue;
            }
            for (int i = 0; i < count; i++) {
                long search = pass.smallestOdd(p, keyIndices[i]);
                if (search >= 0) {
                    found.add(search);
                }
            }
        }
        return found;
    }
}
