package io.lightvibes.service.keys;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A validated request to open a session.
 *
 * @param peerId the other party
 * @param minKeybits key length in bits, a multiple of 8
 * @param ttlS seconds the key may wait for delivery; empty means the deployment's default
 * @param fallback what to do when the link cannot serve
 */
public record SessionRequest(String peerId, int minKeybits, OptionalInt ttlS, Fallback fallback) {

    public SessionRequest {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(ttlS, "ttlS");
        Objects.requireNonNull(fallback, "fallback");
    }
}
