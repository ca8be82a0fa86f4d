package io.lightvibes.nativebridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightvibes.sim.driver.DetectionBlock;
import io.lightvibes.sim.driver.PhotonicsConfig;
import io.lightvibes.sim.driver.PhotonicsDriver;
import io.lightvibes.sim.photonics.JavaPhotonicsDriver;
import io.lightvibes.sim.photonics.LinkParameters;
import io.lightvibes.sim.photonics.RandomSources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The native and the Java simulated drivers agree statistically at the same parameters: per
 * intensity, the gain (clicks per pulse sent) and the matched-basis error rate of one driver lie
 * within sampling error of the other's (a two-sample z test at 5 standard deviations). They draw
 * from different generators (xoshiro256** and L64X128MixRandom), so equality is not expected.
 */
class DriverAgreementTest {

    private static final double SIGMAS = 5.0;

    @ParameterizedTest(name = "{0} km, eve {1}")
    @CsvSource({"0, 0", "25, 0", "25, 0.5", "80, 0", "10, 1"})
    void nativeAndJavaDriversAgreeOnGainsAndErrorRates(double distanceKm, double eveFraction) {
        PhotonicsConfig config = LinkParameters.defaults().withDistanceKm(distanceKm).withEveFraction(eveFraction)
                .withPulsesPerBlock(40_000_000).toPhotonicsConfig();
        DetectionBlock nativeBlock;
        DetectionBlock javaBlock;
        try (PhotonicsDriver nativeDriver = new NativePhotonicsDriver(ShippedLibrary.get(), 17);
                PhotonicsDriver javaDriver = new JavaPhotonicsDriver(RandomSources.seeded(17))) {
            nativeBlock = nativeDriver.nextBlock(config);
            javaBlock = javaDriver.nextBlock(config);
        }
        for (int k = 0; k < 3; k++) {
            long[] n = NativePhotonicsDriverTest.tally(nativeBlock, k);
            long[] j = NativePhotonicsDriverTest.tally(javaBlock, k);
            assertProportionsAgree("gain of intensity " + k, n[0], nativeBlock.pulses()[k], j[0],
                    javaBlock.pulses()[k]);
            assertProportionsAgree("error rate of intensity " + k, n[2], n[1], j[2], j[1]);
        }
        assertProportionsAgree("detections per pulse", nativeBlock.detections(), config.pulsesPerBlock(),
                javaBlock.detections(), config.pulsesPerBlock());
    }

    /** |a/n - b/m| within SIGMAS standard errors of the pooled proportion. */
    private static void assertProportionsAgree(String what, long a, long n, long b, long m) {
        if (n == 0 || m == 0) {
            return;
        }
        double pooled = (double) (a + b) / (n + m);
        double sigma = Math.sqrt(pooled * (1 - pooled) * (1.0 / n + 1.0 / m));
        double difference = Math.abs((double) a / n - (double) b / m);
        assertThat(difference).as("%s: native %d/%d, java %d/%d", what, a, n, b, m)
                .isLessThanOrEqualTo(SIGMAS * sigma + 1e-12);
    }
}
