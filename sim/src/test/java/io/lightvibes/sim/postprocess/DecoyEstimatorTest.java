package io.lightvibes.sim.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lightvibes.sim.driver.DetectionBlock;
import io.lightvibes.sim.photonics.ChannelModel;
import io.lightvibes.sim.photonics.Intensity;
import io.lightvibes.sim.photonics.JavaPhotonicsDriver;
import io.lightvibes.sim.photonics.LinkParameters;
import io.lightvibes.sim.photonics.RandomSources;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoy-state parameter estimation.
 *
 * <ul>
 *   <li>Asymptotic limit: Lim, Curty, Walenta, Xu &amp; Zbinden, Phys. Rev. A 89, 022307 (2014),
 *       Eqs. (2)-(4) with zero deviations and a true vacuum must equal the vacuum + weak decoy
 *       bounds of Ma, Qi, Zhao &amp; Lo, Phys. Rev. A 72, 012326 (2005), Sec. IV:
 *       Y1 &gt;= mu / (mu nu - nu^2) (Q_nu e^nu - Q_mu e^mu nu^2/mu^2 - (mu^2 - nu^2)/mu^2 Y0),
 *       e1 &lt;= (E_nu Q_nu e^nu - e0 Y0) / (Y1^L nu).
 *   <li>Finite blocks: the bounds must bracket the model's true Y1 = Y0 + eta and e1 (ibid., Sec. II).
 * </ul>
 */
class DecoyEstimatorTest {

    /** The per-intensity statistics both ends announce: X detections, Z detections and errors. */
    static DecoyCounts[] observed(DetectionBlock block) {
        int n = block.detections();
        long[] key = Sifting.keyMask(block.alice().basisZ(), block.bob().basisZ(), n);
        long[] test = Sifting.testMask(block.alice().basisZ(), block.bob().basisZ(), n);
        long[] wrongTest = new long[test.length];
        for (int w = 0; w < test.length; w++) {
            wrongTest[w] = test[w] & (block.alice().bit()[w] ^ block.bob().bit()[w]);
        }
        long[][] levels = Sifting.intensityMasks(block.alice().intensity());
        return new DecoyCounts[] {
            DecoyCounts.detectionsOnly(Sifting.countPerIntensity(key, levels)),
            new DecoyCounts(Sifting.countPerIntensity(test, levels), Sifting.countPerIntensity(wrongTest, levels)),
        };
    }

    static DecoyBounds estimate(LinkParameters params, long seed, boolean asymptotic) {
        var block = new JavaPhotonicsDriver(RandomSources.seeded(seed)).nextBlock(params.toPhotonicsConfig());
        var counts = observed(block);
        long pulses = block.pulses()[0] + block.pulses()[1] + block.pulses()[2];
        return DecoyEstimator.estimate(params, pulses, counts[0], counts[1], asymptotic);
    }

    /** Expected counts of a basis chosen with probability q at both ends. */
    static DecoyCounts expectedCounts(LinkParameters params, double q) {
        ChannelModel model = params.model();
        double[] detections = new double[3];
        double[] errors = new double[3];
        for (Intensity k : Intensity.all()) {
            detections[k.index()] = params.pulsesPerBlock() * params.probability(k) * q * model.gain(k);
            errors[k.index()] = detections[k.index()] * model.errorRate(k);
        }
        return new DecoyCounts(detections, errors);
    }

    @ParameterizedTest(name = "{0} km")
    @ValueSource(doubles = {0.0, 50.0, 120.0})
    void asymptoticBoundsAreMaEtAlVacuumWeakDecoy(double distanceKm) {
        var params = LinkParameters.builder().distanceKm(distanceKm).pulsesPerBlock(1_000_000_000_000L).build();
        double qx = params.basisXProbability();
        var bounds = DecoyEstimator.estimate(params, params.pulsesPerBlock(), expectedCounts(params, qx * qx),
                expectedCounts(params, (1 - qx) * (1 - qx)), true);
        var model = params.model();
        double mu = params.mu();
        double nu = params.nu();
        double qMu = model.gain(Intensity.SIGNAL);
        double qNu = model.gain(Intensity.DECOY);
        double eNu = model.errorRate(Intensity.DECOY);
        double y0 = params.darkCountProbability();
        double y1Ma = mu / (mu * nu - nu * nu)
                * (qNu * Math.exp(nu) - qMu * Math.exp(mu) * nu * nu / (mu * mu) - (mu * mu - nu * nu) / (mu * mu) * y0);
        double e1Ma = (eNu * qNu * Math.exp(nu) - ChannelModel.BACKGROUND_ERROR_RATE * y0) / (y1Ma * nu);
        assertThat(bounds.singlePhotonYield()).isCloseTo(y1Ma, Percentage.withPercentage(1e-7));
        assertThat(bounds.singlePhotonErrorRate()).isCloseTo(e1Ma, Percentage.withPercentage(1e-7));
        assertThat(bounds.phaseErrorRate()).isEqualTo(bounds.singlePhotonErrorRate());
        // Ma et al.: vacuum + weak decoy is close to the infinite-decoy truth.
        assertThat(y1Ma).isLessThanOrEqualTo(model.singlePhotonYield());
        assertThat(y1Ma).isCloseTo(model.singlePhotonYield(), Percentage.withPercentage(5));
    }

    @ParameterizedTest(name = "{0} km, eve {1}")
    @CsvSource({"0.0, 0.0, 1", "25.0, 0.0, 2", "25.0, 0.3, 3", "60.0, 0.0, 4", "60.0, 0.1, 5"})
    void finiteBoundsBracketTheTrueSinglePhotonParameters(double distanceKm, double eveFraction, long seed) {
        var params = LinkParameters.builder().distanceKm(distanceKm).eveFraction(eveFraction)
                .pulsesPerBlock(300_000_000).build();
        var bounds = estimate(params, seed, false);
        var model = params.model();
        assertThat(bounds.singlePhotonYield()).isPositive().isLessThanOrEqualTo(model.singlePhotonYield());
        assertThat(bounds.singlePhotonErrorRate()).isBetween(model.singlePhotonErrorRate(), 0.5);
        assertThat(bounds.phaseErrorRate()).isBetween(bounds.singlePhotonErrorRate(), 0.5);
        assertThat(bounds.singlePhotonYield()).isGreaterThan(0.8 * model.singlePhotonYield());
    }

    @Test
    void finiteBoundsAreInformativeForADefaultBlock() {
        var params = LinkParameters.defaults();
        var bounds = estimate(params, 9, false);
        var model = params.model();
        assertThat(bounds.singlePhotonYield()).isGreaterThan(0.9 * model.singlePhotonYield());
        assertThat(bounds.singlePhotonErrorRate()).isLessThan(2.0 * model.singlePhotonErrorRate());
        assertThat(bounds.phaseErrorRate()).isLessThan(0.11); // below Shor-Preskill: key is possible
    }

    @Test
    void boundsTightenTowardsTheAsymptoticValuesAsBlocksGrow() {
        List<Double> widths = new ArrayList<>();
        for (long pulses : new long[] {100_000_000L, 1_000_000_000L, 10_000_000_000L}) {
            var params = LinkParameters.defaults().withPulsesPerBlock(pulses);
            double qx = params.basisXProbability();
            var key = expectedCounts(params, qx * qx);
            var test = expectedCounts(params, (1 - qx) * (1 - qx));
            var finite = DecoyEstimator.estimate(params, pulses, key, test, false);
            var limit = DecoyEstimator.estimate(params, pulses, key, test, true);
            assertThat(finite.singlePhotonEvents()).isLessThanOrEqualTo(limit.singlePhotonEvents());
            assertThat(finite.phaseErrorRate()).isGreaterThanOrEqualTo(limit.phaseErrorRate());
            widths.add(finite.phaseErrorRate() - limit.phaseErrorRate());
        }
        assertThat(widths.get(0)).isGreaterThan(widths.get(1));
        assertThat(widths.get(1)).isGreaterThan(widths.get(2));
        assertThat(widths.get(2)).isPositive();
    }

    @Test
    void chernoffIntervalCoversTheExpectation() {
        // Each side fails with probability at most epsilon; check the coverage empirically on
        // binomial counts (sums of Bernoulli trials, the model behind the bound).
        var random = new SplittableRandom(7);
        double epsilon = 0.05;
        for (double mean : new double[] {3.0, 40.0, 5000.0}) {
            int draws = 4000;
            double[] counts = new double[draws];
            for (int i = 0; i < draws; i++) {
                counts[i] = io.lightvibes.sim.photonics.Binomial.sample(random, 1_000_000_000L, mean / 1e9);
            }
            double[][] bounds = DecoyEstimator.expectedCountBounds(counts, epsilon, false);
            int misses = 0;
            for (int i = 0; i < draws; i++) {
                misses += bounds[0][i] > mean || bounds[1][i] < mean ? 1 : 0;
                assertThat(bounds[0][i]).isLessThanOrEqualTo(counts[i]);
                assertThat(counts[i]).isLessThanOrEqualTo(bounds[1][i]);
            }
            assertThat((double) misses / draws).isLessThanOrEqualTo(2 * epsilon);
        }
    }

    @Test
    void anEavesdropperRaisesTheSingleErrorBound() {
        var honest = LinkParameters.defaults().withPulsesPerBlock(300_000_000);
        double clean = estimate(honest, 8, false).phaseErrorRate();
        double attacked = estimate(honest.withEveFraction(0.5), 8, false).phaseErrorRate();
        assertThat(attacked).isGreaterThan(clean + 0.08);
    }

    @Test
    void photonNumberDistributionIsTheIntensityMixOfPoissons() {
        var params = LinkParameters.defaults();
        double tau1 = 0.6 * 0.5 * Math.exp(-0.5) + 0.3 * 0.1 * Math.exp(-0.1);
        assertThat(DecoyEstimator.photonNumberProbability(params, 1)).isCloseTo(tau1, within(1e-15));
        double total = 0;
        for (int n = 0; n < 30; n++) {
            total += DecoyEstimator.photonNumberProbability(params, n);
        }
        assertThat(total).isCloseTo(1.0, within(1e-12));
    }
}
