package io.lightvibes.sim.link;

/**
 * Receives every link state transition, on the link's thread. The service turns them into
 * evidence entries; implementations must not block for long and must not throw.
 */
@FunctionalInterface
public interface EventSink {

    void emit(LinkTransition transition);
}
