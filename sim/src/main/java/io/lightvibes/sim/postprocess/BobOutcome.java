package io.lightvibes.sim.postprocess;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What Bob learned about one block, and his final key if there is one.
 *
 * @param pulses pulses per intensity, as Alice announced
 * @param detections clicks per intensity, both bases
 * @param keyBasis X-basis clicks per intensity (the sifted key)
 * @param testBasis Z-basis clicks and errors per intensity (announced in full)
 * @param qberEstimate error rate of the test basis (1/2 without test bits)
 * @param bounds decoy-state bounds, once estimated
 * @param correctedErrors bits Cascade corrected, once it ran
 * @param ecLeakedBits parity bits Cascade disclosed
 * @param verificationBits the verification tag's length
 * @param verified the two keys' hashes agreed after Cascade
 * @param ecEfficiency f = leak / (n h(QBER)), when Cascade corrected something
 * @param cascadePasses passes Cascade ran
 * @param key Bob's final key
 * @param aborted why the block yields no key, if it does not
 */
public record BobOutcome(
        long[] pulses,
        double[] detections,
        DecoyCounts keyBasis,
        DecoyCounts testBasis,
        double qberEstimate,
        Optional<DecoyBounds> bounds,
        OptionalLong correctedErrors,
        long ecLeakedBits,
        int verificationBits,
        boolean verified,
        OptionalDouble ecEfficiency,
        int cascadePasses,
        Optional<BitString> key,
        Optional<String> aborted) {

    public BobOutcome {
        pulses = pulses.clone();
        detections = detections.clone();
        Objects.requireNonNull(keyBasis, "keyBasis");
        Objects.requireNonNull(testBasis, "testBasis");
        Objects.requireNonNull(bounds, "bounds");
        Objects.requireNonNull(correctedErrors, "correctedErrors");
        Objects.requireNonNull(ecEfficiency, "ecEfficiency");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(aborted, "aborted");
    }

    @Override
    public long[] pulses() {
        return pulses.clone();
    }

    @Override
    public double[] detections() {
        return detections.clone();
    }

    /** Bits of sifted key. */
    public long siftedBits() {
        return (long) keyBasis.total();
    }

    /** The final key's length (0 without one). */
    public long secretBits() {
        return key.map(BitString::length).orElse(0);
    }
}
