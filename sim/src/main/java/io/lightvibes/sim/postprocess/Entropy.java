package io.lightvibes.sim.postprocess;

/** Shannon's binary entropy and the reconciliation efficiency defined with it. */
public final class Entropy {

    private Entropy() {
    }

    /** h(p) = -p log2 p - (1 - p) log2 (1 - p), with h(0) = h(1) = 0. */
    public static double binary(double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("a probability lies in [0, 1], not " + p);
        }
        if (p == 0.0 || p == 1.0) {
            return 0.0;
        }
        return -(p * Math.log(p) + (1.0 - p) * Math.log1p(-p)) / Math.log(2.0);
    }

    /**
     * f = leak_EC / (n h(QBER)): 1 is the Slepian-Wolf limit, Cascade reaches about 1.03-1.2.
     * Infinite when the ideal leak is zero.
     */
    public static double reconciliationEfficiency(long leakedBits, long keyBits, double qber) {
        double ideal = keyBits * binary(qber);
        return ideal == 0.0 ? Double.POSITIVE_INFINITY : leakedBits / ideal;
    }
}
