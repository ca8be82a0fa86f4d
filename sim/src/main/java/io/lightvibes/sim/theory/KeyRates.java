package io.lightvibes.sim.theory;

import io.lightvibes.sim.photonics.ChannelModel;
import io.lightvibes.sim.photonics.Intensity;
import io.lightvibes.sim.photonics.LinkParameters;
import io.lightvibes.sim.postprocess.DecoyBounds;
import io.lightvibes.sim.postprocess.DecoyCounts;
import io.lightvibes.sim.postprocess.DecoyEstimator;
import io.lightvibes.sim.postprocess.Entropy;

/**
 * Secret-key-rate bounds per pulse.
 *
 * <ul>
 *   <li>GLLP / decoy state: Lo, Ma &amp; Chen, Phys. Rev. Lett. 94, 230504 (2005), Eq. (1),
 *       R = q {Q_1 [1 - h(e_1)] - Q_mu f h(E_mu)}, with Q_1 = Y_1 mu e^-mu (Gottesman, Lo,
 *       Luetkenhaus &amp; Preskill, Quant. Inf. Comput. 4, 325 (2004)).
 *   <li>This protocol with infinitely many decoys: every X-basis click is key whatever its
 *       intensity (Lim et al., Phys. Rev. A 89, 022307 (2014), Sec. II), so
 *       R = q_x^2 [ sum_k p_k (e^-k Y_0 + k e^-k Y_1 (1 - h(e_1))) - f Q h(E) ]
 *       with Q and E averaged over the intensities.
 *   <li>Repeaterless bound: Pirandola, Laurenza, Ottaviani &amp; Banchi, Nat. Commun. 8, 15043
 *       (2017): no point-to-point protocol beats -log2(1 - eta) secret bits per channel use.
 * </ul>
 */
public final class KeyRates {

    private KeyRates() {
    }

    /** -log2(1 - eta): the PLOB bound on secret bits per pulse over a pure-loss channel. */
    public static double plobBound(double transmittance) {
        if (transmittance >= 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        return -Math.log1p(-transmittance) / Math.log(2.0);
    }

    /**
     * Lo, Ma &amp; Chen (2005) Eq. (1): R = q {Q_1 [1 - h(e_1)] - Q_mu f h(E_mu)} per pulse. May be
     * negative: then no key can be extracted at these parameters.
     */
    public static double gllpKeyRate(double sifting, double singlePhotonGain, double singlePhotonErrorRate,
            double gain, double qber, double ecEfficiency) {
        return sifting * (singlePhotonGain * (1.0 - Entropy.binary(Math.min(singlePhotonErrorRate, 0.5)))
                - gain * ecEfficiency * Entropy.binary(Math.min(qber, 0.5)));
    }

    /**
     * Lo-Ma-Chen's infinite-decoy rate for standard BB84 (sifting q = 1/2, key from the signal
     * state only, decoys a vanishing fraction of the pulses), at error-correction inefficiency f,
     * with the true Y_1 and e_1 of the channel model. Never negative.
     */
    public static double loMaChenKeyRate(LinkParameters params, double ecEfficiency) {
        ChannelModel model = params.model();
        double mu = params.mu();
        double rate = gllpKeyRate(0.5, model.singlePhotonYield() * mu * Math.exp(-mu), model.singlePhotonErrorRate(),
                model.gain(Intensity.SIGNAL), model.errorRate(Intensity.SIGNAL), ecEfficiency);
        return Math.max(0.0, rate);
    }

    /**
     * Asymptotic key rate per pulse of this protocol with infinitely many decoys: the true Y_0,
     * Y_1 and e_1 of the channel model stand in for their decoy estimates, and error correction
     * leaks f h(E) per sifted bit with f = {@code params.ecEfficiency()}. Never negative.
     */
    public static double infiniteDecoyKeyRate(LinkParameters params) {
        ChannelModel model = params.model();
        double y0 = params.darkCountProbability();
        double y1 = model.singlePhotonYield();
        double privacy = 1.0 - Entropy.binary(Math.min(model.singlePhotonErrorRate(), 0.5));
        double secret = 0.0;
        double gain = 0.0;
        double errorGain = 0.0;
        for (Intensity k : Intensity.all()) {
            double mean = params.meanPhotonNumber(k);
            double p = params.probability(k);
            secret += p * (Math.exp(-mean) * y0 + mean * Math.exp(-mean) * y1 * privacy);
            gain += p * model.gain(k);
            errorGain += p * model.gain(k) * model.errorRate(k);
        }
        double qber = gain > 0.0 ? errorGain / gain : 0.5;
        double leak = params.ecEfficiency() * gain * Entropy.binary(Math.min(qber, 0.5));
        double qx = params.basisXProbability();
        return Math.max(0.0, qx * qx * (secret - leak));
    }

    /**
     * The asymptotic decoy-state bound this three-intensity protocol can prove: the vacuum + weak
     * decoy estimates of Ma, Qi, Zhao &amp; Lo (Phys. Rev. A 72, 012326 (2005), Sec. IV; here through
     * {@link DecoyEstimator} with zero deviations) applied to the <em>expected</em> counts of the
     * channel model, minus error correction at inefficiency {@code ecEfficiency}:
     * R = [s_X0 + s_X1 (1 - h(e1^U)) - f n_X h(E_X)] / N. This is what an asymptotic simulated
     * block converges to; it sits below {@link #infiniteDecoyKeyRate} by the looseness of the
     * weak-decoy bounds (about (1 + nu) on the photon part of e1). Never negative.
     */
    public static double decoyStateKeyRate(LinkParameters params, double ecEfficiency) {
        ChannelModel model = params.model();
        double n = 1e12; // any scale: the asymptotic bounds are linear in the counts
        double qx = params.basisXProbability();
        double qz = 1.0 - qx;
        double[] key = new double[3];
        double[] test = new double[3];
        double[] testErrors = new double[3];
        double keyErrors = 0.0;
        for (Intensity k : Intensity.all()) {
            double clicks = n * params.probability(k) * model.gain(k);
            key[k.index()] = clicks * qx * qx;
            keyErrors += key[k.index()] * model.errorRate(k);
            test[k.index()] = clicks * qz * qz;
            testErrors[k.index()] = test[k.index()] * model.errorRate(k);
        }
        DecoyBounds bounds = DecoyEstimator.estimate(params, (long) n, DecoyCounts.detectionsOnly(key),
                new DecoyCounts(test, testErrors), true);
        double sifted = key[0] + key[1] + key[2];
        double qber = sifted > 0.0 ? keyErrors / sifted : 0.5;
        double length = bounds.vacuumEvents()
                + bounds.singlePhotonEvents() * (1.0 - Entropy.binary(Math.min(bounds.phaseErrorRate(), 0.5)))
                - ecEfficiency * sifted * Entropy.binary(Math.min(qber, 0.5));
        return Math.max(0.0, length / n);
    }

    /** {@link #infiniteDecoyKeyRate} at another fibre length. */
    public static double infiniteDecoyKeyRate(LinkParameters params, double distanceKm) {
        return infiniteDecoyKeyRate(params.withDistanceKm(distanceKm));
    }
}
