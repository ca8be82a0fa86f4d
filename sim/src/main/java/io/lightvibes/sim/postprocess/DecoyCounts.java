package io.lightvibes.sim.postprocess;

import java.util.Objects;

/**
 * Observed statistics of one basis, indexed by {@link io.lightvibes.sim.photonics.Intensity}:
 * detections n_{B,k} and errors m_{B,k}. The key basis' errors are unknown at estimation time
 * (all zero here and never read); the test basis has both. Counts are doubles so expected values
 * can be fed in as well as observed ones.
 */
public record DecoyCounts(double[] detections, double[] errors) {

    public DecoyCounts {
        Objects.requireNonNull(detections, "detections");
        Objects.requireNonNull(errors, "errors");
        if (detections.length != 3 || errors.length != 3) {
            throw new IllegalArgumentException("decoy counts hold one value per intensity (3)");
        }
        detections = detections.clone();
        errors = errors.clone();
    }

    /** Detections only (the key basis before error correction). */
    public static DecoyCounts detectionsOnly(double[] detections) {
        return new DecoyCounts(detections, new double[3]);
    }

    /** Total detections over the intensities. */
    public double total() {
        return detections[0] + detections[1] + detections[2];
    }

    /** Total errors over the intensities. */
    public double totalErrors() {
        return errors[0] + errors[1] + errors[2];
    }

    @Override
    public double[] detections() {
        return detections.clone();
    }

    @Override
    public double[] errors() {
        return errors.clone();
    }
}
