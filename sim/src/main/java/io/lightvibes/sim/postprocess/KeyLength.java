package io.lightvibes.sim.postprocess;

import io.lightvibes.sim.photonics.LinkParameters;

/**
 * The length of the final key of one block.
 *
 * <ul>
 *   <li>Finite key: Lim, Curty, Walenta, Xu &amp; Zbinden, Phys. Rev. A 89, 022307 (2014), Eq. (1),
 *       l = floor(s_X0 + s_X1 [1 - h(phi_X)] - lambda_EC - 6 log2(21/eps_sec) - log2(2/eps_cor)),
 *       with lambda_EC the parity bits Cascade actually disclosed (counted by the channel) and the
 *       verification term never less than the tag actually published.
 *   <li>Asymptotic: the GLLP decoy-state rate of Lo, Ma &amp; Chen, Phys. Rev. Lett. 94, 230504
 *       (2005), R = q {Q_1 [1 - h(e_1)] - Q_mu f h(E_mu)}, in its block form
 *       l = floor(s_X0 + s_X1 [1 - h(phi_X)] - lambda_EC) with fluctuation-free bounds (GLLP:
 *       Gottesman, Lo, Luetkenhaus &amp; Preskill, Quant. Inf. Comput. 4, 325 (2004)).
 * </ul>
 */
public final class KeyLength {

    /** Lim et al. Eq. (1): six smoothing/hashing terms of log2(21/eps_sec) each. */
    private static final int SECRECY_TERMS = 6;

    private KeyLength() {
    }

    /** The key length with the epsilons of {@code params}. */
    public static long secretKeyLength(
            LinkParameters params, DecoyBounds bounds, double ecLeakedBits, double verificationBits, boolean asymptotic) {
        return secretKeyLength(bounds, ecLeakedBits, verificationBits, asymptotic, params.epsilonSec(),
                params.epsilonCor());
    }

    /**
     * The key length in bits, 0 when the block yields none.
     *
     * @param ecLeakedBits lambda_EC, bits error correction disclosed
     * @param verificationBits the verification tag's length
     * @param epsilonSec secrecy parameter (finite key only)
     * @param epsilonCor correctness parameter (finite key only)
     */
    public static long secretKeyLength(DecoyBounds bounds, double ecLeakedBits, double verificationBits,
            boolean asymptotic, double epsilonSec, double epsilonCor) {
        double phi = Math.min(bounds.phaseErrorRate(), 0.5);
        double length = bounds.vacuumEvents() + bounds.singlePhotonEvents() * (1.0 - Entropy.binary(phi))
                - ecLeakedBits;
        if (!asymptotic) {
            length -= SECRECY_TERMS * log2(DecoyEstimator.EPSILON_SHARES / epsilonSec);
            length -= Math.max(verificationBits, log2(2.0 / epsilonCor));
        }
        return Math.max(0L, (long) Math.floor(length));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2.0);
    }
}
