package io.lightvibes.service.identity;

import io.lightvibes.service.sealing.RecipientPublicKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A peer to register: its name, roles, the hash of its first bearer token (never the token), the
 * subject of its client certificate and its first recipient key.
 *
 * @param peerId the name, {@link Principal#PEER_ID}
 * @param roles its roles, each {@link Roles#ROLE}
 * @param tokenHash SHA-256 of its bearer token
 * @param certSubject canonical subject DN ({@link CertificateSubjects#canonical}), if any
 * @param recipientKey the public key its copies of session keys are sealed to
 * @param createdAt now
 */
public record NewPeer(String peerId, Set<String> roles, TokenHash tokenHash, Optional<String> certSubject,
        RecipientPublicKey recipientKey, Instant createdAt) {

    public NewPeer {
        Objects.requireNonNull(peerId, "peerId");
        if (!Principal.PEER_ID.matcher(peerId).matches()) {
            throw new IllegalArgumentException("a peer id is 1 to 128 of A-Z a-z 0-9 . _ : -");
        }
        roles = Roles.checked(roles);
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(certSubject, "certSubject");
        Objects.requireNonNull(recipientKey, "recipientKey");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
