package io.lightvibes.service.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The registered peers: who may call (by bearer-token hash or certificate subject), with which
 * roles, and the recipient keys their copies of session keys are sealed to. The store implements
 * it on the service's database; {@code lightvibes peers} administers it.
 */
public interface PeerRegistry extends PeerDirectory {

    /**
     * Registers {@code peer}, active.
     *
     * @throws PeerConflictException when its name, token hash or certificate subject is taken,
     *     also by a revoked peer (names and subjects are never reused)
     */
    void add(NewPeer peer);

    /** Every peer, active or revoked, ordered by name. */
    List<PeerRecord> list();

    /** The peer named {@code peerId}, whatever its status. */
    Optional<PeerRecord> find(String peerId);

    /**
     * Revokes an active peer and forgets its token hash; true when it was active. Its name and
     * certificate subject stay taken.
     */
    boolean revoke(String peerId, Instant now);

    /** Replaces an active peer's token hash (the old token stops working at once); true when it was active. */
    boolean replaceToken(String peerId, TokenHash tokenHash);

    /** The active peer whose token hashes to {@code presented} (compared in constant time). */
    Optional<Principal> activeByToken(TokenHash presented);

    /** The active peer registered with the canonical certificate subject {@code subject}. */
    Optional<Principal> activeBySubject(String subject);
}
