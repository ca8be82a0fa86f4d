package io.lightvibes.service.identity;

import java.util.Optional;

/**
 * The registered peers a key may be delivered to: the port per-party delivery seals each copy
 * through, so a session's {@code peer_id} receives its copy under its own recipient key.
 */
@FunctionalInterface
public interface PeerDirectory {

    /** The active peer named {@code peerId}; empty when it is unknown or revoked. */
    Optional<RegisteredPeer> active(String peerId);
}
