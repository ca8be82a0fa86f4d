package io.lightvibes.sim.postprocess;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One block's statistics, as measured by the post-processing (no key material).
 *
 * @param asymptotic the asymptotic key length was used
 * @param distanceKm fibre length
 * @param pulses pulses sent
 * @param detections clicks
 * @param siftedBits sifted key bits (both ends in X)
 * @param testBits announced test bits (both ends in Z)
 * @param qber error rate of the sifted key as verified error correction measured it (the test
 *     estimate when the block stopped before, or verification failed)
 * @param qberEstimate error rate of the announced test basis
 * @param gainSignal clicks per signal pulse
 * @param gainDecoy clicks per decoy pulse
 * @param gainVacuum clicks per vacuum pulse
 * @param errorRateSignal test-basis error rate of signal clicks, empty without any
 * @param errorRateDecoy test-basis error rate of decoy clicks
 * @param errorRateVacuum test-basis error rate of vacuum clicks
 * @param y1Lower decoy lower bound on the single-photon yield (0 without statistics)
 * @param e1Upper decoy upper bound on the single-photon error rate (1/2 without statistics)
 * @param phaseErrorUpper upper bound on the phase error rate (1/2 without statistics)
 * @param leakedBits every bit disclosed on the channel (Cascade parities and the tag)
 * @param ecLeakedBits the parities Cascade disclosed
 * @param ecEfficiency f = leak_EC / (n h(QBER)), when Cascade corrected something
 * @param verified the hashes agreed after Cascade
 * @param secretBits final key bits
 * @param secretKeyRatePerPulse secret bits per pulse sent
 * @param cascadePasses passes Cascade ran
 * @param messages classical messages
 * @param wireBits classical traffic in bits
 * @param aborted why the block yielded no key
 */
public record BlockStatistics(
        boolean asymptotic,
        double distanceKm,
        long pulses,
        long detections,
        long siftedBits,
        long testBits,
        double qber,
        double qberEstimate,
        double gainSignal,
        double gainDecoy,
        double gainVacuum,
        OptionalDouble errorRateSignal,
        OptionalDouble errorRateDecoy,
        OptionalDouble errorRateVacuum,
        double y1Lower,
        double e1Upper,
        double phaseErrorUpper,
        long leakedBits,
        long ecLeakedBits,
        OptionalDouble ecEfficiency,
        boolean verified,
        long secretBits,
        double secretKeyRatePerPulse,
        int cascadePasses,
        long messages,
        long wireBits,
        Optional<String> aborted) {

    public BlockStatistics {
        Objects.requireNonNull(errorRateSignal, "errorRateSignal");
        Objects.requireNonNull(errorRateDecoy, "errorRateDecoy");
        Objects.requireNonNull(errorRateVacuum, "errorRateVacuum");
        Objects.requireNonNull(ecEfficiency, "ecEfficiency");
        Objects.requireNonNull(aborted, "aborted");
    }

    /** Secret bits per sifted bit. */
    public double secretFraction() {
        return siftedBits > 0 ? (double) secretBits / siftedBits : 0.0;
    }
}
