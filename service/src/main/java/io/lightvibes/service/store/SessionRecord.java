package io.lightvibes.service.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A session as stored: never key material.
 *
 * @param sessionId UUID text
 * @param peerId the other party
 * @param mode {@code "QMK"} or {@code "PQC"}
 * @param keyBits key length in bits
 * @param ttlS validity granted, seconds
 * @param createdAt when it was opened
 * @param expiresAt when undelivered material is destroyed
 * @param state its life-cycle state
 * @param qber link QBER when it was opened; empty if the link had none
 * @param rateBps link secret key rate when it was opened
 * @param sealSuite the sealing suite's wire name
 * @param recipientKeyId the recipient key's id
 * @param closedAt when it became delivered, expired or revoked
 * @param openedBy the registered peer that opened it; empty when it was opened without
 *     authentication (then its one copy is the {@code initiator}'s)
 */
public record SessionRecord(
        String sessionId,
        String peerId,
        String mode,
        int keyBits,
        int ttlS,
        Instant createdAt,
        Instant expiresAt,
        SessionState state,
        OptionalDouble qber,
        double rateBps,
        String sealSuite,
        String recipientKeyId,
        Optional<Instant> closedAt,
        Optional<String> openedBy) {

    public SessionRecord {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(qber, "qber");
        Objects.requireNonNull(sealSuite, "sealSuite");
        Objects.requireNonNull(recipientKeyId, "recipientKeyId");
        Objects.requireNonNull(closedAt, "closedAt");
        Objects.requireNonNull(openedBy, "openedBy");
    }

    /** A session opened without authentication. */
    public SessionRecord(String sessionId, String peerId, String mode, int keyBits, int ttlS, Instant createdAt,
            Instant expiresAt, SessionState state, OptionalDouble qber, double rateBps, String sealSuite,
            String recipientKeyId, Optional<Instant> closedAt) {
        this(sessionId, peerId, mode, keyBits, ttlS, createdAt, expiresAt, state, qber, rateBps, sealSuite,
                recipientKeyId, closedAt, Optional.empty());
    }

    /** True when {@code peer} is one of the session's two parties (the opener or {@code peerId}). */
    public boolean hasParty(String peer) {
        return peerId.equals(peer) || openedBy.filter(peer::equals).isPresent();
    }

    /** This session in {@code state}, closed at {@code closedAt}. */
    public SessionRecord closed(SessionState newState, Instant when) {
        return new SessionRecord(sessionId, peerId, mode, keyBits, ttlS, createdAt, expiresAt, newState,
                qber, rateBps, sealSuite, recipientKeyId, Optional.of(when), openedBy);
    }
}
