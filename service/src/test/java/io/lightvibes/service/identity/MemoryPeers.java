package io.lightvibes.service.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link PeerRegistry} in memory, for the authenticators' tests. */
final class MemoryPeers implements PeerRegistry {

    private record Row(NewPeer peer, Optional<TokenHash> token, PeerStatus status, Optional<Instant> revokedAt) {
    }

    private final Map<String, Row> rows = new TreeMap<>();

    @Override
    public synchronized void add(NewPeer peer) {
        boolean subjectTaken = peer.certSubject().isPresent()
                && rows.values().stream().anyMatch(row -> row.peer().certSubject().equals(peer.certSubject()));
        if (rows.containsKey(peer.peerId()) || subjectTaken) {
            throw new PeerConflictException("taken: " + peer.peerId());
        }
        rows.put(peer.peerId(), new Row(peer, Optional.of(peer.tokenHash()), PeerStatus.ACTIVE, Optional.empty()));
    }

    @Override
    public synchronized List<PeerRecord> list() {
        List<PeerRecord> all = new ArrayList<>();
        rows.keySet().forEach(id -> all.add(find(id).orElseThrow()));
        return all;
    }

    @Override
    public synchronized Optional<PeerRecord> find(String peerId) {
        return Optional.ofNullable(rows.get(peerId)).map(row -> new PeerRecord(peerId, row.peer().roles(),
                row.status(), row.peer().certSubject(), row.token().isPresent(),
                List.of(new PeerRecord.RecipientKey(row.peer().recipientKey(), row.peer().createdAt())),
                row.peer().createdAt(), row.revokedAt()));
    }

    @Override
    public synchronized Optional<RegisteredPeer> active(String peerId) {
        return Optional.ofNullable(rows.get(peerId)).filter(row -> row.status() == PeerStatus.ACTIVE)
                .map(row -> new RegisteredPeer(peerId, row.peer().roles(), row.peer().recipientKey(),
                        row.peer().certSubject()));
    }

    @Override
    public synchronized boolean revoke(String peerId, Instant now) {
        Row row = rows.get(peerId);
        if (row == null || row.status() != PeerStatus.ACTIVE) {
            return false;
        }
        rows.put(peerId, new Row(row.peer(), Optional.empty(), PeerStatus.REVOKED, Optional.of(now)));
        return true;
    }

    @Override
    public synchronized boolean replaceToken(String peerId, TokenHash tokenHash) {
        Row row = rows.get(peerId);
        if (row == null || row.status() != PeerStatus.ACTIVE) {
            return false;
        }
        rows.put(peerId, new Row(row.peer(), Optional.of(tokenHash), row.status(), row.revokedAt()));
        return true;
    }

    @Override
    public synchronized Optional<Principal> activeByToken(TokenHash presented) {
        return rows.values().stream()
                .filter(row -> row.status() == PeerStatus.ACTIVE && row.token().filter(presented::matches).isPresent())
                .map(row -> Principal.peer(row.peer().peerId(), row.peer().roles())).findFirst();
    }

    @Override
    public synchronized Optional<Principal> activeBySubject(String subject) {
        return rows.values().stream()
                .filter(row -> row.status() == PeerStatus.ACTIVE && row.peer().certSubject().equals(Optional.of(subject)))
                .map(row -> Principal.peer(row.peer().peerId(), row.peer().roles())).findFirst();
    }
}
