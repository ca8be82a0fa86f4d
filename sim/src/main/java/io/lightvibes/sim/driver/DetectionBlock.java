package io.lightvibes.sim.driver;

import java.util.Objects;

/**
 * One block of light as both ends recorded it: Alice's record of the pulses Bob detected, and
 * Bob's record of his clicks, one entry per detection in time order. The two halves are handed
 * to different objects ({@code AliceEnd}, {@code BobEnd}) that never read each other's.
 *
 * @param pulses pulses Alice sent per intensity (index 0 signal, 1 decoy, 2 vacuum), detected or not
 * @param detections number of detections in this block
 * @param alice Alice's half
 * @param bob Bob's half
 */
public record DetectionBlock(long[] pulses, int detections, Transmitter alice, Receiver bob) {

    public DetectionBlock {
        Objects.requireNonNull(pulses, "pulses");
        Objects.requireNonNull(alice, "alice");
        Objects.requireNonNull(bob, "bob");
        if (pulses.length != 3 || detections < 0) {
            throw new IllegalArgumentException("a block has 3 pulse counts and detections >= 0");
        }
        if (alice.intensity().length != detections
                || alice.basisZ().length < Bits.words(detections)
                || alice.bit().length < Bits.words(detections)
                || bob.basisZ().length < Bits.words(detections)
                || bob.bit().length < Bits.words(detections)) {
            throw new IllegalArgumentException("every record must hold one entry per detection");
        }
    }

    /**
     * Alice's record for each detected pulse.
     *
     * @param intensity 0 signal, 1 decoy, 2 vacuum, one byte per detection
     * @param basisZ packed: 1 = Z (test basis), 0 = X (key basis)
     * @param bit packed: the bit she encoded
     */
    public record Transmitter(byte[] intensity, long[] basisZ, long[] bit) {
    }

    /**
     * Bob's record for each click.
     *
     * @param basisZ packed: 1 = measured in Z, 0 = in X
     * @param bit packed: the bit he measured
     */
    public record Receiver(long[] basisZ, long[] bit) {
    }
}
