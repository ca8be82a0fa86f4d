package io.lightvibes.sim.postprocess;

import io.lightvibes.sim.photonics.Intensity;
import io.lightvibes.sim.photonics.LinkParameters;
import java.util.Objects;

/**
 * Parameter estimation: decoy-state bounds on the vacuum and single-photon contributions.
 *
 * <p>The finite-size bounds are Eqs. (2)-(5) of Lim, Curty, Walenta, Xu &amp; Zbinden, "Concise
 * security bounds for practical decoy-state quantum key distribution", Phys. Rev. A 89, 022307
 * (2014): each observed count n_{B,k} is widened into a confidence interval for its expectation
 * before it enters the decoy equations (Chernoff rather than Lim's Hoeffding, see
 * {@link #expectedCountBounds}). With the deviations set to zero ({@code asymptotic}) and a true
 * vacuum the same expressions reduce to the vacuum + weak decoy bounds Y_1^{L,nu,0} and
 * e_1^{U,nu,0} of Ma, Qi, Zhao &amp; Lo, Phys. Rev. A 72, 012326 (2005), Sec. IV (tested).
 */
public final class DecoyEstimator {

    /** Lim et al. split eps_sec into 21 equal parts (their Eq. (B4) with every term set to eps). */
    public static final int EPSILON_SHARES = 21;

    private DecoyEstimator() {
    }

    /**
     * Bounds s_{X,0}, s_{X,1} and phi_X from the announced per-intensity statistics.
     *
     * @param pulses pulses Alice sent in the block, all intensities
     * @param keyBasis X-basis detections (errors unknown before error correction)
     * @param testBasis Z-basis detections and errors, all announced
     * @param asymptotic fluctuation-free bounds (observed counts taken as expectations)
     */
    public static DecoyBounds estimate(
            LinkParameters params, long pulses, DecoyCounts keyBasis, DecoyCounts testBasis, boolean asymptotic) {
        Objects.requireNonNull(params, "params");
        double sX0 = vacuumEvents(params, keyBasis.detections(), asymptotic);
        double sX1 = singlePhotonEvents(params, keyBasis.detections(), asymptotic);
        double sZ1 = singlePhotonEvents(params, testBasis.detections(), asymptotic);
        double vZ1 = singlePhotonErrors(params, testBasis.errors(), asymptotic);
        double e1 = sZ1 > 0.0 ? Math.min(0.5, vZ1 / sZ1) : 0.5;
        double phase = asymptotic || sZ1 <= 0.0 || sX1 <= 0.0
                ? e1
                : Math.min(0.5, e1 + phaseErrorDeviation(params.epsilonSec(), e1, sZ1, sX1));
        // Expected X-matched single-photon pulses: N tau_1 q_x^2 (bases are chosen independently).
        double qx = params.basisXProbability();
        double singlePhotonPulses = pulses * photonNumberProbability(params, 1) * qx * qx;
        double y1 = singlePhotonPulses > 0.0 ? sX1 / singlePhotonPulses : 0.0;
        return new DecoyBounds(sX0, sX1, sZ1, vZ1, y1, e1, phase);
    }

    /** tau_n = sum_k p_k e^{-k} k^n / n!: probability that Alice sends an n-photon state. */
    public static double photonNumberProbability(LinkParameters params, int n) {
        double factorial = 1.0;
        for (int i = 2; i <= n; i++) {
            factorial *= i;
        }
        double total = 0.0;
        for (Intensity k : Intensity.all()) {
            double mean = params.meanPhotonNumber(k);
            total += params.probability(k) * Math.exp(-mean) * Math.pow(mean, n) / factorial;
        }
        return total;
    }

    /**
     * Confidence interval for n*, the expected count behind each observed n.
     *
     * <p>Lim et al. (Eq. (A1)) use Hoeffding's deviation sqrt(n_B/2 ln(1/eps)), the same for every
     * intensity; for the rarely detected vacuum and decoy that is wider than the counts
     * themselves. We keep their argument (n_{B,k} is a sum of independent Bernoulli trials with
     * mean n*_{B,k}) and invert the multiplicative Chernoff tails instead, as Curty et al., Nat.
     * Commun. 5, 3732 (2014) and Zhang, Zhao, Razavi &amp; Ma, Phys. Rev. A 95, 012333 (2017) do:
     * P(n &gt;= n* + t) &lt;= exp(-t^2 / (2 n* + t)) and P(n &lt;= n* - t) &lt;= exp(-t^2 / (2 n*)), so with
     * probability 1 - 2 eps, for L = ln(1/eps),
     * n + L/2 - sqrt(2 L n + L^2/4) &lt;= n* &lt;= n + L + sqrt(2 L n + L^2).
     *
     * @return {lower[], upper[]}
     */
    static double[][] expectedCountBounds(double[] counts, double epsilon, boolean asymptotic) {
        double[] lower = counts.clone();
        double[] upper = counts.clone();
        if (asymptotic) {
            return new double[][] {lower, upper};
        }
        double log = Math.log(1.0 / epsilon);
        for (int i = 0; i < counts.length; i++) {
            double n = counts[i];
            lower[i] = Math.max(0.0, n + log / 2.0 - Math.sqrt(2.0 * log * n + log * log / 4.0));
            upper[i] = n + log + Math.sqrt(2.0 * log * n + log * log);
        }
        return new double[][] {lower, upper};
    }

    /** (n^-_{B,k}, n^+_{B,k}) = (e^k / p_k) x bounds on n*_{B,k} (Lim et al. Eqs. (2), (4)). */
    private static double[][] widened(LinkParameters params, double[] counts, boolean asymptotic) {
        double[][] bounds = expectedCountBounds(counts, params.epsilonSec() / EPSILON_SHARES, asymptotic);
        for (Intensity k : Intensity.all()) {
            double scale = Math.exp(params.meanPhotonNumber(k)) / params.probability(k);
            bounds[0][k.index()] *= scale;
            bounds[1][k.index()] *= scale;
        }
        return bounds;
    }

    /** Lim et al. Eq. (2): s_{B,0} &gt;= tau_0 (mu_2 n^-_{mu_3} - mu_3 n^+_{mu_2}) / (mu_2 - mu_3). */
    private static double vacuumEvents(LinkParameters params, double[] counts, boolean asymptotic) {
        double[][] bounds = widened(params, counts, asymptotic);
        double nu = params.nu();
        double vac = params.vacuum();
        double tau0 = photonNumberProbability(params, 0);
        double s0 = tau0 * (nu * bounds[0][Intensity.VACUUM.index()] - vac * bounds[1][Intensity.DECOY.index()])
                / (nu - vac);
        return Math.max(0.0, s0);
    }

    /** Lim et al. Eq. (3): lower bound on s_{B,1}, the detections caused by single photons. */
    private static double singlePhotonEvents(LinkParameters params, double[] counts, boolean asymptotic) {
        double mu = params.mu();
        double nu = params.nu();
        double vac = params.vacuum();
        double[][] bounds = widened(params, counts, asymptotic);
        double[] lower = bounds[0];
        double[] upper = bounds[1];
        double s0 = vacuumEvents(params, counts, asymptotic);
        double tau0 = photonNumberProbability(params, 0);
        double tau1 = photonNumberProbability(params, 1);
        double bracket = lower[Intensity.DECOY.index()] - upper[Intensity.VACUUM.index()]
                - (nu * nu - vac * vac) / (mu * mu) * (upper[Intensity.SIGNAL.index()] - s0 / tau0);
        double s1 = tau1 * mu * bracket / (mu * (nu - vac) - nu * nu + vac * vac);
        return Math.max(0.0, s1);
    }

    /** Lim et al. Eq. (4): v_{Z,1} &lt;= tau_1 (m^+_{mu_2} - m^-_{mu_3}) / (mu_2 - mu_3). */
    private static double singlePhotonErrors(LinkParameters params, double[] errors, boolean asymptotic) {
        double[][] bounds = widened(params, errors, asymptotic);
        double tau1 = photonNumberProbability(params, 1);
        double v = tau1 * (bounds[1][Intensity.DECOY.index()] - bounds[0][Intensity.VACUUM.index()])
                / (params.nu() - params.vacuum());
        return Math.max(0.0, v);
    }

    /**
     * gamma(a, b, c, d) of Lim et al. Eq. (5): the sampling penalty from Z bit errors to X phase
     * errors (sampling without replacement, Fung, Ma &amp; Chau, Phys. Rev. A 81, 012318 (2010)), with
     * a = eps_sec (its 21 shares inside), b = v_{Z,1}/s_{Z,1}, c = s_{Z,1}, d = s_{X,1}.
     */
    public static double phaseErrorDeviation(double epsilon, double errorRate, double testEvents, double keyEvents) {
        double c = testEvents;
        double d = keyEvents;
        double b = Math.min(Math.max(errorRate, 1e-15), 0.5);
        double shares = EPSILON_SHARES / epsilon;
        double ratio = (c + d) / (c * d * (1.0 - b) * b) * shares * shares;
        return Math.sqrt((c + d) * (1.0 - b) * b / (c * d * Math.log(2.0)) * (Math.log(ratio) / Math.log(2.0)));
    }
}
