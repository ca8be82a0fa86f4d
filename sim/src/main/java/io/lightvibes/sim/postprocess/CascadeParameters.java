package io.lightvibes.sim.postprocess;

/**
 * Cascade "opt. (8)" of Martinez-Mateo, Pacher, Peev, Ciurana &amp; Martin, "Demystifying the
 * information reconciliation protocol Cascade", Quantum Inf. Comput. 15, 453 (2015),
 * arXiv:1407.3257; the defaults are that paper's choices (and the prototype's).
 *
 * @param passes number of passes (14)
 * @param alphaOffset alpha = log2(1/QBER) - alphaOffset; pass 1 uses k1 = 2^ceil(alpha)
 * @param secondPassShift k2 = 2^ceil((alpha + secondPassShift) / 2)
 * @param thirdBlockSize k3 (rounded up to a power of two); later passes use half the key
 * @param overlapBelow start the next pass once no more than this many searches are still running:
 *     fewer round trips for slightly more disclosure; 0 runs the passes strictly in turn
 * @param qberFloor below this the QBER estimate only sets block sizes, so it is clamped
 * @param shuffleFirstPass shuffle pass 1 as well (robust to bursts of errors in click order);
 *     without it pass 1 cuts the key in time order, which is cheaper and, for independent
 *     errors, statistically the same
 */
public record CascadeParameters(
        int passes,
        double alphaOffset,
        double secondPassShift,
        int thirdBlockSize,
        int overlapBelow,
        double qberFloor,
        boolean shuffleFirstPass) {

    private static final CascadeParameters DEFAULTS = new CascadeParameters(14, 0.5, 12.0, 4096, 0, 1e-4, true);

    public CascadeParameters {
        if (passes < 1) {
            throw new IllegalArgumentException("Cascade needs at least one pass");
        }
        if (thirdBlockSize < 1 || overlapBelow < 0 || !(qberFloor > 0.0 && qberFloor < 0.5)) {
            throw new IllegalArgumentException("Cascade needs thirdBlockSize >= 1, overlapBelow >= 0, 0 < qberFloor < 0.5");
        }
    }

    /** The defaults of Martinez-Mateo et al. */
    public static CascadeParameters defaults() {
        return DEFAULTS;
    }

    /** These parameters with another number of passes. */
    public CascadeParameters withPasses(int count) {
        return new CascadeParameters(count, alphaOffset, secondPassShift, thirdBlockSize, overlapBelow, qberFloor,
                shuffleFirstPass);
    }

    /** These parameters with another overlap threshold. */
    public CascadeParameters withOverlapBelow(int searches) {
        return new CascadeParameters(passes, alphaOffset, secondPassShift, thirdBlockSize, searches, qberFloor,
                shuffleFirstPass);
    }

    /** These parameters with pass 1 shuffled or not. */
    public CascadeParameters withShuffleFirstPass(boolean shuffle) {
        return new CascadeParameters(passes, alphaOffset, secondPassShift, thirdBlockSize, overlapBelow, qberFloor,
                shuffle);
    }

    /** Block size of every pass: powers of two, none above half the key rounded up to a power of two. */
    public int[] blockSizes(double qber, int keyBits) {
        if (keyBits < 1) {
            throw new IllegalArgumentException("Cascade needs a non-empty key");
        }
        double alpha = log2(1.0 / Math.max(qber, qberFloor)) - alphaOffset;
        int half = 1 << Math.max(0, ceilLog2(keyBits) - 1);
        int[] early = {
            1 << Math.max(0, (int) Math.ceil(alpha)),
            1 << Math.max(0, (int) Math.ceil((alpha + secondPassShift) / 2.0)),
            1 << ceilLog2(thirdBlockSize),
        };
        int[] sizes = new int[passes];
        for (int p = 0; p < passes; p++) {
            sizes[p] = Math.min(p < early.length ? early[p] : half, half);
        }
        return sizes;
    }

    static int ceilLog2(long value) {
        return value <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(value - 1);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2.0);
    }
}
