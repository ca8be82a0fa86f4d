package io.lightvibes.service.identity;

import io.lightvibes.service.sealing.RecipientPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A peer as the registry lists it, whatever its status: what {@code lightvibes peers list} prints.
 * It has no token and no token hash; {@link #hasToken()} only says whether one is set.
 *
 * @param peerId the registered name
 * @param roles its roles
 * @param status active or revoked
 * @param certSubject canonical subject DN of its client certificate, if registered
 * @param hasToken whether a bearer token is set (a revoked peer has none)
 * @param recipientKeys its recipient public keys, newest first
 * @param createdAt when it was added
 * @param revokedAt when it was revoked
 */
public record PeerRecord(String peerId, Set<String> roles, PeerStatus status, Optional<String> certSubject,
        boolean hasToken, List<RecipientKey> recipientKeys, Instant createdAt, Optional<Instant> revokedAt) {

    /** One registered recipient public key and when it was added. */
    public record RecipientKey(RecipientPublicKey publicKey, Instant addedAt) {
        public RecipientKey {
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(addedAt, "addedAt");
        }
    }

    public PeerRecord {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(certSubject, "certSubject");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        roles = Set.copyOf(roles);
        recipientKeys = List.copyOf(recipientKeys);
    }
}
