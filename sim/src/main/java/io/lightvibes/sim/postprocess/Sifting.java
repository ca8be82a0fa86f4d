package io.lightvibes.sim.postprocess;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.Kernels;
import java.util.Objects;

/**
 * Basis reconciliation on packed records: which clicks become key (both ends chose X), which are
 * test bits (both chose Z), and the per-intensity statistics of each. Selection runs through
 * {@link Kernels#compress}, error counting through {@link Kernels#countErrors}.
 */
public final class Sifting {

    private final Kernels kernels;

    public Sifting(Kernels kernels) {
        this.kernels = Objects.requireNonNull(kernels, "kernels");
    }

    /** Positions where both ends measured in X (0 bits in both basis records). */
    public static long[] keyMask(long[] aliceZ, long[] bobZ, int detections) {
        long[] mask = new long[Bits.words(detections)];
        for (int w = 0; w < mask.length; w++) {
            mask[w] = ~(aliceZ[w] | bobZ[w]);
        }
        Bits.clearTail(mask, detections);
        return mask;
    }

    /** Positions where both ends measured in Z. */
    public static long[] testMask(long[] aliceZ, long[] bobZ, int detections) {
        long[] mask = new long[Bits.words(detections)];
        for (int w = 0; w < mask.length; w++) {
            mask[w] = aliceZ[w] & bobZ[w];
        }
        Bits.clearTail(mask, detections);
        return mask;
    }

    /** One mask per intensity index from the per-click intensity bytes. */
    public static long[][] intensityMasks(byte[] intensity) {
        long[][] masks = new long[3][Bits.words(intensity.length)];
        for (int i = 0; i < intensity.length; i++) {
            int k = intensity[i];
            if (k < 0 || k > 2) {
                throw new ProtocolException("intensity record holds " + k + ", not 0, 1 or 2");
            }
            masks[k][i >>> 6] |= 1L << (i & 63);
        }
        return masks;
    }

    /** popcount(mask AND intensity mask k) for each k. */
    public static double[] countPerIntensity(long[] mask, long[][] intensityMasks) {
        double[] counts = new double[3];
        for (int k = 0; k < 3; k++) {
            long total = 0;
            long[] level = intensityMasks[k];
            for (int w = 0; w < mask.length; w++) {
                total += Long.bitCount(mask[w] & level[w]);
            }
            counts[k] = total;
        }
        return counts;
    }

    /** Clicks per intensity: the popcount of each intensity mask. */
    public static double[] clicksPerIntensity(long[][] intensityMasks) {
        double[] counts = new double[3];
        for (int k = 0; k < 3; k++) {
            for (long word : intensityMasks[k]) {
                counts[k] += Long.bitCount(word);
            }
        }
        return counts;
    }

    /** The bits of {@code record} at the positions of {@code mask}, in order. */
    public BitString select(long[] record, long[] mask, int detections) {
        long selected = 0;
        for (long word : mask) {
            selected += Long.bitCount(word);
        }
        long[] target = new long[Bits.words(selected)];
        long copied = kernels.compress(record, mask, detections, target);
        return BitString.wrap(target, copied);
    }

    /**
     * Errors between two ends' test bits per intensity: {@code testIntensity[k]} marks the test
     * positions (in the sifted order) whose pulse had intensity k.
     */
    public double[] errorsPerIntensity(BitString aliceTest, BitString bobTest, BitString[] testIntensity) {
        double[] errors = new double[3];
        for (int k = 0; k < 3; k++) {
            errors[k] = kernels.countErrors(aliceTest.words(), bobTest.words(), testIntensity[k].words(),
                    aliceTest.length());
        }
        return errors;
    }
}
