package io.lightvibes.sim.photonics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.DetectionBlock;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulated photonics against the model they sample from.
 *
 * <p>Gain and error model: Ma, Qi, Zhao &amp; Lo, Phys. Rev. A 72, 012326 (2005), Sec. II,
 * Q_k = Y0 + 1 - exp(-eta k) and E_k Q_k = e0 Y0 + e_d (1 - exp(-eta k)). Intercept-resend: an
 * eavesdropper who measures every photon in a random basis and resends it causes a 25 % error
 * rate on the sifted key (Gisin, Ribordy, Tittel &amp; Zbinden, Rev. Mod. Phys. 74, 145 (2002));
 * on a fraction p of pulses that is about p/4 on top of the baseline. Tolerances are 5 sigma.
 */
class JavaPhotonicsDriverTest {

    private static final double SIGMAS = 5.0;

    static DetectionBlock transmit(LinkParameters params, long seed) {
        return new JavaPhotonicsDriver(RandomSources.seeded(seed)).nextBlock(params.toPhotonicsConfig());
    }

    /** Counts (matched-basis clicks, errors among them) of one intensity. */
    static long[] matchedCounts(DetectionBlock block, Intensity level) {
        long clicks = 0;
        long errors = 0;
        for (int i = 0; i < block.detections(); i++) {
            if (block.alice().intensity()[i] != level.index()
                    || Bits.get(block.alice().basisZ(), i) != Bits.get(block.bob().basisZ(), i)) {
                continue;
            }
            clicks++;
            if (Bits.get(block.alice().bit(), i) != Bits.get(block.bob().bit(), i)) {
                errors++;
            }
        }
        return new long[] {clicks, errors};
    }

    static long clicksOf(DetectionBlock block, Intensity level) {
        long clicks = 0;
        for (byte k : block.alice().intensity()) {
            clicks += k == level.index() ? 1 : 0;
        }
        return clicks;
    }

    @ParameterizedTest(name = "{0} km")
    @ValueSource(doubles = {0.0, 25.0, 100.0})
    void detectionsFollowTheGainModel(double distanceKm) {
        var params = LinkParameters.builder().distanceKm(distanceKm).pulsesPerBlock(20_000_000).build();
        var block = transmit(params, 1);
        long n = params.pulsesPerBlock();
        assertThat(block.pulses()[0] + block.pulses()[1] + block.pulses()[2]).isEqualTo(n);
        var model = params.model();
        for (Intensity level : Intensity.all()) {
            long sent = block.pulses()[level.index()];
            double share = params.probability(level);
            assertThat(Math.abs(sent - n * share)).isLessThan(SIGMAS * Math.sqrt(n * share * (1 - share)));
            double gain = model.gain(level);
            long clicks = clicksOf(block, level);
            assertThat(Math.abs(clicks - sent * gain)).isLessThan(SIGMAS * Math.sqrt(sent * gain * (1 - gain)) + 1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Intensity.class, names = {"SIGNAL", "DECOY"})
    void matchedBasisErrorsFollowTheErrorModel(Intensity level) {
        var params = LinkParameters.builder().distanceKm(10.0).pulsesPerBlock(50_000_000).build();
        long[] counts = matchedCounts(transmit(params, 2), level);
        double e = params.model().errorRate(level);
        assertThat(Math.abs(counts[1] - counts[0] * e)).isLessThan(SIGMAS * Math.sqrt(counts[0] * e * (1 - e)));
    }

    @Test
    void vacuumClicksAreDarkCountsWithRandomBits() {
        var params = LinkParameters.builder().darkCountProbability(1e-3).pulsesPerBlock(5_000_000).build();
        long[] counts = matchedCounts(transmit(params, 3), Intensity.VACUUM);
        assertThat(counts[0]).isGreaterThan(100);
        assertThat(Math.abs(counts[1] - counts[0] / 2.0)).isLessThan(SIGMAS * Math.sqrt(counts[0] / 4.0));
    }

    @Test
    void basesAndBitsAreUnbiasedAsConfigured() {
        var params = LinkParameters.builder().distanceKm(0.0).pulsesPerBlock(20_000_000).build();
        var block = transmit(params, 4);
        long n = block.detections();
        double qz = 1 - params.basisXProbability();
        Object[][] cases = {
            {block.alice().basisZ(), qz}, {block.bob().basisZ(), qz}, {block.alice().bit(), 0.5}, {block.bob().bit(), 0.5},
        };
        for (Object[] c : cases) {
            long ones = popcount((long[]) c[0]);
            double p = (double) c[1];
            assertThat(Math.abs(ones - n * p)).isLessThan(SIGMAS * Math.sqrt(n * p * (1 - p)));
        }
    }

    @ParameterizedTest(name = "p = {0}")
    @ValueSource(doubles = {0.2, 0.5, 1.0})
    void interceptResendRaisesQberByAQuarterOfTheFraction(double eveFraction) {
        var honest = LinkParameters.builder().distanceKm(25.0).pulsesPerBlock(30_000_000).build();
        var attacked = honest.withEveFraction(eveFraction);
        long[] counts = matchedCounts(transmit(attacked, 5), Intensity.SIGNAL);
        double qber = (double) counts[1] / counts[0];
        var model = honest.model();
        double baseline = model.errorRate(Intensity.SIGNAL);
        // Exactly: an undisturbed half keeps misalignment e_d, the other half goes to 1/2, so the
        // rise is p (1/4 - e_d/2) on photon clicks; "p/4" up to that e_d correction.
        double exact = baseline + eveFraction * (0.25 - honest.misalignment() / 2)
                * (1 - honest.darkCountProbability() / model.gain(Intensity.SIGNAL));
        double sigma = Math.sqrt(exact * (1 - exact) / counts[0]);
        assertThat(Math.abs(qber - exact)).isLessThan(SIGMAS * sigma);
        assertThat(Math.abs(qber - (baseline + eveFraction / 4)))
                .isLessThan(eveFraction * honest.misalignment() / 2 + SIGMAS * sigma);
        assertThat(attacked.model().errorRate(Intensity.SIGNAL)).isCloseTo(exact, org.assertj.core.data.Percentage.withPercentage(1e-7));
    }

    @Test
    void interceptResendLeavesTheGainsUnchanged() {
        // Eve resends every intercepted pulse, so the decoy statistics alone cannot reveal her here.
        var attacked = LinkParameters.defaults().withEveFraction(1.0).model();
        var honest = LinkParameters.defaults().model();
        for (Intensity level : Intensity.all()) {
            assertThat(attacked.gain(level)).isEqualTo(honest.gain(level));
        }
    }

    @Test
    void seededRunsAreReproducible() {
        var params = LinkParameters.builder().pulsesPerBlock(2_000_000).eveFraction(0.3).build();
        var first = transmit(params, 42);
        var second = transmit(params, 42);
        var other = transmit(params, 43);
        assertThat(second.pulses()).isEqualTo(first.pulses());
        assertThat(second.detections()).isEqualTo(first.detections());
        assertThat(second.alice().intensity()).isEqualTo(first.alice().intensity());
        assertThat(second.alice().basisZ()).isEqualTo(first.alice().basisZ());
        assertThat(second.alice().bit()).isEqualTo(first.alice().bit());
        assertThat(second.bob().basisZ()).isEqualTo(first.bob().basisZ());
        assertThat(second.bob().bit()).isEqualTo(first.bob().bit());
        assertThat(other.bob().bit()).isNotEqualTo(first.bob().bit());
    }

    @Test
    void aBillionPulseBlockSamplesDetectionEvents() {
        var params = LinkParameters.defaults();
        var block = transmit(params, 6);
        assertThat(block.pulses()[0] + block.pulses()[1] + block.pulses()[2]).isEqualTo(1_000_000_000L);
        double expected = params.model().meanGain() * 1e9;
        assertThat(Math.abs(block.detections() - expected)).isLessThan(SIGMAS * Math.sqrt(expected));
        assertThat(block.alice().intensity()).hasSize(block.detections());
        assertThat(block.bob().bit()).hasSize(Bits.words(block.detections()));
        long tail = block.detections() % 64 == 0 ? 0 : block.bob().bit()[block.bob().bit().length - 1] >>> (block.detections() % 64);
        assertThat(tail).as("bits beyond the detections are zero").isZero();
    }

    @Test
    void blocksTooLargeForMemoryAreRefusedWithAReason() {
        var params = LinkParameters.builder().distanceKm(0).pulsesPerBlock(1_000_000_000_000L).build();
        assertThatThrownBy(() -> transmit(params, 1))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("lower pulses_per_block");
    }

    static Stream<UnaryOperator<LinkParameters.Builder>> unusable() {
        return Stream.of(
                b -> b.mu(0.1).nu(0.1),
                b -> b.vacuum(0.2),
                b -> b.signalProbability(0.7).decoyProbability(0.3),
                b -> b.basisXProbability(1.0),
                b -> b.misalignment(0.6),
                b -> b.eveFraction(-0.1),
                b -> b.distanceKm(Double.NaN),
                b -> b.distanceKm(Double.POSITIVE_INFINITY),
                b -> b.pulsesPerBlock(0),
                b -> b.ecEfficiency(0.9),
                b -> b.epsilonSec(0));
    }

    @ParameterizedTest
    @MethodSource("unusable")
    void unusableParametersAreRejected(UnaryOperator<LinkParameters.Builder> change) {
        assertThatThrownBy(() -> change.apply(LinkParameters.builder()).build())
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageStartingWith("invalid link parameters: ");
    }

    @Test
    void defaultsAreThePrototypes() {
        var p = LinkParameters.defaults();
        assertThat(p.toPhotonicsConfig().mu()).isEqualTo(0.5);
        assertThat(p.repetitionRateHz()).isEqualTo(1e9);
        assertThat(p.pulsesPerBlock()).isEqualTo(1_000_000_000L);
        assertThat(p.vacuumProbability()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(p.blockLightSeconds()).isEqualTo(1.0);
        assertThat(p.transmittance()).isCloseTo(0.045 * Math.pow(10, -0.525), org.assertj.core.data.Offset.offset(1e-15));
    }

    private static long popcount(long[] words) {
        long total = 0;
        for (long w : words) {
            total += Long.bitCount(w);
        }
        return total;
    }
}
