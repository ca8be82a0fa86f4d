package io.lightvibes.sim.driver;

/**
 * A photonics back end: turns a {@link PhotonicsConfig} into blocks of detection records. The
 * simulators (Java and C) sample detection events per intensity rather than per pulse, so a
 * 10^9-pulse block costs time in proportion to its detections; a hardware driver reads them from
 * the time-tagger. One driver instance is used by one thread at a time.
 */
public interface PhotonicsDriver extends AutoCloseable {

    /** A short name for logs and {@code /lightvibes/health}: {@code "java"}, {@code "native"}, ... */
    String name();

    /**
     * Sends one block of {@code config.pulsesPerBlock()} pulses under {@code config} and returns
     * both ends' records. A driver may be given a different config on every call (drills change
     * the eavesdropper or the distance between blocks).
     */
    DetectionBlock nextBlock(PhotonicsConfig config);

    /** Releases the driver's resources; idempotent. */
    @Override
    void close();
}
