package io.lightvibes.sim.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lightvibes.sim.photonics.LinkParameters;
import io.lightvibes.sim.postprocess.Entropy;
import java.util.stream.Stream;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Key-rate bounds against published numbers.
 *
 * <ul>
 *   <li>Lo, Ma &amp; Chen, Phys. Rev. Lett. 94, 230504 (2005) and Ma, Qi, Zhao &amp; Lo, Phys. Rev. A
 *       72, 012326 (2005): with the GYS parameters (alpha = 0.21 dB/km, eta_Bob = 4.5 %,
 *       Y0 = 1.7e-6, e_d = 3.3 %, f = 1.22, q = 1/2) the infinite-decoy GLLP rate stays positive
 *       to a little over 140 km ("maximum secure transmission distance of over 140 km", X. Ma,
 *       arXiv:quant-ph/0503057), with the optimal signal intensity near mu = 0.48.
 *   <li>Shor &amp; Preskill, Phys. Rev. Lett. 85, 441 (2000): BB84 with one-way post-processing
 *       gives 1 - 2 h(e) &gt; 0 only below e = 11.0 %.
 *   <li>Pirandola, Laurenza, Ottaviani &amp; Banchi, Nat. Commun. 8, 15043 (2017): no rate above
 *       -log2(1 - eta) per pulse.
 * </ul>
 */
class KeyRatesTest {

    static final LinkParameters GYS = LinkParameters.builder().alphaDbPerKm(0.21).detectorEfficiency(0.045)
            .darkCountProbability(1.7e-6).misalignment(0.033).ecEfficiency(1.22).build();

    static double lmcRate(double distanceKm, double mu) {
        var params = GYS.toBuilder().distanceKm(distanceKm).mu(mu).nu(mu / 5).build();
        return KeyRates.loMaChenKeyRate(params, params.ecEfficiency());
    }

    static double[] mus() {
        double[] mus = new double[96];
        for (int i = 0; i < mus.length; i++) {
            mus[i] = 0.05 + i * 0.01;
        }
        return mus;
    }

    static double bestRate(double distanceKm) {
        double best = 0.0;
        for (double mu : mus()) {
            best = Math.max(best, lmcRate(distanceKm, mu));
        }
        return best;
    }

    @Test
    void gysInfiniteDecoyReachesALittleOver140Km() {
        assertThat(bestRate(140.0)).isPositive();
        assertThat(bestRate(145.0)).isZero();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 50.0, 100.0})
    void gysOptimalSignalIntensityIsAboutHalfAPhoton(double distanceKm) {
        double bestMu = 0.0;
        double best = -1.0;
        for (double mu : mus()) {
            double rate = lmcRate(distanceKm, mu);
            if (rate > best) {
                best = rate;
                bestMu = mu;
            }
        }
        assertThat(bestMu).isBetween(0.44, 0.52);
    }

    @Test
    void shorPreskillThresholdIsElevenPercent() {
        assertThat(1 - 2 * Entropy.binary(0.109)).isPositive();
        assertThat(1 - 2 * Entropy.binary(0.111)).isNegative();
    }

    @ParameterizedTest(name = "e_d = {0}: key {1}")
    @CsvSource({"0.10, true", "0.112, false", "0.2, false"})
    void noAsymptoticKeyAboveTheShorPreskillThreshold(double misalignment, boolean positive) {
        // Nearly single photons, no dark counts and Shannon-limit error correction: the protocol's
        // rate becomes q^2 Q (1 - 2 h(e)) and must vanish exactly above 11 %.
        var params = LinkParameters.builder().mu(0.02).nu(0.01).darkCountProbability(0.0)
                .misalignment(misalignment).ecEfficiency(1.0).distanceKm(10.0).build();
        assertThat(KeyRates.infiniteDecoyKeyRate(params) > 0.0).isEqualTo(positive);
        assertThat(KeyRates.decoyStateKeyRate(params, 1.0) > 0.0).isEqualTo(positive);
    }

    static Stream<LinkParameters> linkVariants() {
        return Stream.of(
                LinkParameters.defaults(),
                GYS,
                GYS.toBuilder().mu(1.0).nu(0.3).basisXProbability(0.99).signalProbability(0.9).decoyProbability(0.05)
                        .build(),
                GYS.toBuilder().detectorEfficiency(1.0).darkCountProbability(0.0).misalignment(0.0).build());
    }

    @ParameterizedTest
    @MethodSource("linkVariants")
    void rateNeverExceedsThePlobBound(LinkParameters params) {
        for (int distanceKm = 0; distanceKm <= 200; distanceKm++) {
            LinkParameters at = params.withDistanceKm(distanceKm);
            double plob = KeyRates.plobBound(at.transmittance());
            assertThat(KeyRates.infiniteDecoyKeyRate(at)).isBetween(0.0, plob);
            assertThat(KeyRates.decoyStateKeyRate(at, params.ecEfficiency())).isBetween(0.0, plob);
            assertThat(KeyRates.loMaChenKeyRate(at, params.ecEfficiency())).isBetween(0.0, plob);
        }
    }

    @Test
    void defaultLinkHasKeyAt25KmAndNoneAt200Km() {
        assertThat(KeyRates.infiniteDecoyKeyRate(LinkParameters.defaults(), 25.0)).isGreaterThan(1e-4);
        assertThat(KeyRates.infiniteDecoyKeyRate(LinkParameters.defaults(), 200.0)).isZero();
    }

    @Test
    void plobBoundIsMinusLog2OfTheLoss() {
        assertThat(KeyRates.plobBound(0.5)).isCloseTo(1.0, within(1e-12));
        assertThat(KeyRates.plobBound(1e-3)).isCloseTo(1e-3 / Math.log(2), Percentage.withPercentage(0.1));
        assertThat(KeyRates.plobBound(1.0)).isInfinite();
    }

    @Test
    void vacuumWeakDecoyBoundApproachesLoMaChenAsDecoysBecomeFree() {
        // The decoy-state bound of this protocol sits below Lo-Ma-Chen's infinite-decoy rate by
        // the pulses spent on decoys and the looseness of the weak-decoy bounds (about 1 + nu on
        // e1); with q_x^2 = 1/2 (LMC's q), nearly all pulses signal and a faint decoy it converges.
        double f = 1.04;
        double previous = 0.0;
        double[][] sources = {{0.6, 0.3, 0.1}, {0.9, 0.05, 0.05}, {0.98, 0.01, 0.02}, {0.998, 0.001, 0.002}};
        for (double[] source : sources) {
            var params = GYS.toBuilder().mu(0.48).signalProbability(source[0]).decoyProbability(source[1])
                    .nu(source[2]).basisXProbability(Math.sqrt(0.5)).build();
            double ratio = KeyRates.decoyStateKeyRate(params, f) / KeyRates.loMaChenKeyRate(params, f);
            assertThat(ratio).isGreaterThan(previous).isLessThanOrEqualTo(1.0 + 1e-3);
            previous = ratio;
        }
        assertThat(previous).isGreaterThan(0.99);
    }

    @Test
    void decoyBoundIsBelowTheInfiniteDecoyRate() {
        for (int distanceKm = 0; distanceKm <= 150; distanceKm += 10) {
            var at = LinkParameters.defaults().withDistanceKm(distanceKm).withEcEfficiency(1.05);
            assertThat(KeyRates.decoyStateKeyRate(at, 1.05)).isLessThanOrEqualTo(KeyRates.infiniteDecoyKeyRate(at));
        }
    }
}
