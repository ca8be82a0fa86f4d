package io.lightvibes.nativebridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.DetectionBlock;
import io.lightvibes.sim.driver.PhotonicsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped library's simulated driver through the Java binding, against the model it samples
 * from: the gains and error rates of Ma, Qi, Zhao and Lo, Phys. Rev. A 72, 012326 (2005), Sec. II,
 * and intercept-resend raising the QBER by p (1/4 - e_d / 2) on non-background clicks (about p/4;
 * Gisin et al., Rev. Mod. Phys. 74, 145 (2002)). Five standard deviations, as in the prototype.
 */
class NativePhotonicsDriverTest {

    private static final double SIGMAS = 5.0;
    private final QmkLibrary library = ShippedLibrary.get();

    /** The GYS link of docs/PHYSICS.md (the prototype's LinkParameters defaults). */
    static PhotonicsConfig gys(double distanceKm, long pulses, double eveFraction) {
        return new PhotonicsConfig(0.5, 0.1, 0.0, 0.6, 0.3, 0.7, 0.21, distanceKm, 0.045, 0.0, 1.7e-6, 0.033,
                eveFraction, pulses);
    }

    static double gain(PhotonicsConfig c, int k) {
        double eta = Math.pow(10, -c.alphaDbPerKm() * c.distanceKm() / 10) * c.detectorEfficiency()
                * Math.pow(10, -c.bobLossDb() / 10);
        double mean = k == 0 ? c.mu() : k == 1 ? c.nu() : c.vacuum();
        return Math.min(1, c.darkCountProbability() - Math.expm1(-eta * mean));
    }

    static double errorRate(PhotonicsConfig c, int k) {
        double y0 = c.darkCountProbability();
        double signal = gain(c, k) - y0;
        double p = c.eveFraction();
        double disturbed = (1 - p) * c.misalignment() + p * (0.5 * c.misalignment() + 0.25);
        return (0.5 * y0 + disturbed * signal) / gain(c, k);
    }

    static double probability(PhotonicsConfig c, int k) {
        return k == 0 ? c.signalProbability() : k == 1 ? c.decoyProbability()
                : 1 - c.signalProbability() - c.decoyProbability();
    }

    /** {clicks, matched-basis clicks, matched-basis errors} of intensity k. */
    static long[] tally(DetectionBlock block, int k) {
        long clicks = 0;
        long matched = 0;
        long errors = 0;
        var alice = block.alice();
        var bob = block.bob();
        for (int i = 0; i < block.detections(); i++) {
            if (alice.intensity()[i] != k) {
                continue;
            }
            clicks++;
            if (Bits.get(alice.basisZ(), i) == Bits.get(bob.basisZ(), i)) {
                matched++;
                errors += Bits.get(alice.bit(), i) != Bits.get(bob.bit(), i) ? 1 : 0;
            }
        }
        return new long[] {clicks, matched, errors};
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 25.0, 100.0})
    void detectionsFollowTheGainModel(double distanceKm) {
        PhotonicsConfig config = gys(distanceKm, 20_000_000, 0.0);
        try (var driver = new NativePhotonicsDriver(library, 1)) {
            DetectionBlock block = driver.nextBlock(config);
            assertThat(block.pulses()[0] + block.pulses()[1] + block.pulses()[2]).isEqualTo(config.pulsesPerBlock());
            for (int k = 0; k < 3; k++) {
                double share = probability(config, k);
                double n = config.pulsesPerBlock();
                assertThat((double) block.pulses()[k]).isCloseTo(n * share,
                        offset(SIGMAS * Math.sqrt(n * share * (1 - share)) + 1));
                double q = gain(config, k);
                double sent = block.pulses()[k];
                assertThat((double) tally(block, k)[0]).as("clicks of intensity %d at %s km", k, distanceKm)
                        .isCloseTo(sent * q, offset(
                                SIGMAS * Math.sqrt(sent * q * (1 - q)) + 1));
            }
        }
    }

    @Test
    void matchedBasisErrorsFollowTheErrorModel() {
        PhotonicsConfig config = gys(10, 50_000_000, 0.0);
        try (var driver = new NativePhotonicsDriver(library, 2)) {
            DetectionBlock block = driver.nextBlock(config);
            for (int k = 0; k < 2; k++) {
                long[] t = tally(block, k);
                double e = errorRate(config, k);
                assertThat((double) t[2]).as("errors of intensity %d", k).isCloseTo(t[1] * e,
                        offset(SIGMAS * Math.sqrt(t[1] * e * (1 - e)) + 1));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.2, 0.5, 1.0})
    void interceptResendRaisesTheQberByAQuarterOfTheFraction(double eveFraction) {
        PhotonicsConfig honest = gys(25, 30_000_000, 0.0);
        PhotonicsConfig attacked = gys(25, 30_000_000, eveFraction);
        try (var driver = new NativePhotonicsDriver(library, 5)) {
            long[] t = tally(driver.nextBlock(attacked), 0);
            double qber = (double) t[2] / t[1];
            double exact = errorRate(honest, 0) + eveFraction * (0.25 - honest.misalignment() / 2)
                    * (1 - honest.darkCountProbability() / gain(honest, 0));
            double sigma = Math.sqrt(exact * (1 - exact) / t[1]);
            assertThat(qber).isCloseTo(exact, offset(SIGMAS * sigma));
            assertThat(qber).isCloseTo(errorRate(honest, 0) + eveFraction / 4,
                    offset(eveFraction * honest.misalignment() / 2 + SIGMAS * sigma));
        }
    }

    @Test
    void seededRunsAreReproducibleAndSeedsDiffer() {
        PhotonicsConfig config = gys(25, 2_000_000, 0.3);
        DetectionBlock first;
        DetectionBlock second;
        DetectionBlock other;
        try (var a = new NativePhotonicsDriver(library, 42); var b = new NativePhotonicsDriver(library, 42);
                var c = new NativePhotonicsDriver(library, 43)) {
            first = a.nextBlock(config);
            second = b.nextBlock(config);
            other = c.nextBlock(config);
        }
        assertThat(second.pulses()).isEqualTo(first.pulses());
        assertThat(second.alice().intensity()).isEqualTo(first.alice().intensity());
        assertThat(second.alice().bit()).isEqualTo(first.alice().bit());
        assertThat(second.bob().basisZ()).isEqualTo(first.bob().basisZ());
        assertThat(second.bob().bit()).isEqualTo(first.bob().bit());
        assertThat(other.bob().bit()).isNotEqualTo(first.bob().bit());
    }

    @Test
    void aChangedConfigAppliesFromTheNextBlock() {
        try (var driver = new NativePhotonicsDriver(library, 9)) {
            DetectionBlock small = driver.nextBlock(gys(0, 100_000, 0.0));
            DetectionBlock large = driver.nextBlock(gys(0, 300_000, 0.0));
            assertThat(small.pulses()[0] + small.pulses()[1] + small.pulses()[2]).isEqualTo(100_000);
            assertThat(large.pulses()[0] + large.pulses()[1] + large.pulses()[2]).isEqualTo(300_000);
            assertThat(large.detections()).isGreaterThan(small.detections());
        }
    }

    @Test
    void aConfigOutOfRangeNamesItsKey() {
        var bad = new PhotonicsConfig(0.5, 0.1, 0.0, 0.6, 0.3, 0.7, 0.21, 25, 0.045, 0.0, 1.7e-6, 0.6, 0.0, 1000);
        try (var driver = new NativePhotonicsDriver(library, 1)) {
            assertThatThrownBy(() -> driver.nextBlock(bad)).isInstanceOf(NativeStatusException.class)
                    .hasMessageContaining("qmk_driver_configure").hasMessageContaining("misalignment")
                    .satisfies(e -> assertThat(((NativeStatusException) e).status()).isEqualTo(QmkStatus.CONFIG));
            assertThat(driver.nextBlock(gys(25, 1000, 0)).pulses()).hasSize(3); // still usable
        }
    }

    @Test
    void aClosedDriverRefusesBlocksAndClosesOnce() {
        var driver = new NativePhotonicsDriver(library, 1);
        driver.close();
        driver.close();
        assertThatThrownBy(() -> driver.nextBlock(gys(25, 1000, 0))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(driver.name()).isEqualTo("native");
    }
}
