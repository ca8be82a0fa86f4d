package io.lightvibes.service.keys;

import io.lightvibes.service.sealing.RecipientPublicKey;
import java.util.Optional;

/**
 * The recipient public key each registered peer's copies are sealed to (the identity registry).
 * Without authentication there are no registered peers and one configured recipient key.
 */
@FunctionalInterface
public interface Recipients {

    /** No registered peers. */
    Recipients NONE = peerId -> Optional.empty();

    /** The newest recipient key of the active peer {@code peerId}; empty when unknown or revoked. */
    Optional<RecipientPublicKey> of(String peerId);
}
