package io.lightvibes.service.identity;

import io.lightvibes.service.sealing.RecipientPublicKey;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An active peer as delivery needs it: who it is, what it may do, and the public key its copy of a
 * session key is sealed to (its newest registered one). Holds no credential.
 *
 * @param peerId the registered name
 * @param roles its roles, e.g. {@code admin}
 * @param recipientKey its newest recipient public key
 * @param certSubject the canonical subject DN of its client certificate, when it has one
 */
public record RegisteredPeer(String peerId, Set<String> roles, RecipientPublicKey recipientKey,
        Optional<String> certSubject) {

    public RegisteredPeer {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(recipientKey, "recipientKey");
        Objects.requireNonNull(certSubject, "certSubject");
        roles = Set.copyOf(roles);
    }

    /** The peer as a request's caller. */
    public Principal principal() {
        return Principal.peer(peerId, roles);
    }
}
