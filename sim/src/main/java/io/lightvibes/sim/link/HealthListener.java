package io.lightvibes.sim.link;

/**
 * Receives the link's health after every block it distils (and after an operator's restore), so
 * a live view can follow the link block by block without polling. Called on the link's thread
 * (the caller's, for a restore), outside the link's locks: implementations must return at once
 * (hand the value to a queue, never write to a socket here) and must not throw.
 */
@FunctionalInterface
public interface HealthListener {

    /** Listens to nothing: the default of a link nobody watches. */
    HealthListener NONE = health -> { };

    void published(LinkHealth health);
}
