package io.lightvibes.service.guard;

/**
 * Where the guard records its refusals: the evidence log ({@link EvidenceDenials}) or nowhere.
 * Recording never changes the decision: a refusal stands even if it cannot be written.
 */
@FunctionalInterface
public interface DenialLog {

    /** Records nothing (the evidence log is turned off). */
    DenialLog NONE = denial -> {
    };

    /** Records {@code denial}; throws if it could not. */
    void record(Denial denial);
}
