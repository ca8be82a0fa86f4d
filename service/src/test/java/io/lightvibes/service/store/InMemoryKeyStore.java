package io.lightvibes.service.store;

import io.lightvibes.service.evidence.EvidenceAppends.Appended;
import io.lightvibes.service.evidence.EvidenceAppends.NodeId;
import io.lightvibes.service.evidence.EvidenceEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link KeyStore} and {@link EvidenceStore} in memory with the JDBC store's semantics, for
 * tests and benchmarks of the layers above: one lock plays the transaction, times are kept to the
 * microsecond, conflicts and refusals throw the same exceptions, the evidence log is the same RFC
 * 9162 tree of the same entry bytes ({@link io.lightvibes.service.evidence.EvidenceAppends}), and a change whose events cannot
 * be built or appended changes nothing. {@link #refuseAppends} makes the log refuse entries the
 * way a failing database does, to test fail-closed callers. It needs no {@link #open()}; after
 * {@link #close()} every operation is refused as on a closed store.
 */
public final class InMemoryKeyStore implements KeyStore, EvidenceStore {

    private static final String CONFLICT = "Could not %s: it conflicts with stored data "
            + "(a session_id, key_ref or party that already exists) [%s].";

    private final Object lock = new Object();
    private final Map<String, SessionRecord> sessions = new LinkedHashMap<>();
    private final Map<String, SealedKeyRecord> sealedKeys = new LinkedHashMap<>();
    private final InMemoryEvidenceLog log = new InMemoryEvidenceLog();
    private boolean closed;

    @Override
    public void open() {
        synchronized (lock) {
            closed = false;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
    }

    @Override
    public boolean ping() {
        synchronized (lock) {
            return !closed;
        }
    }

    @Override
    public void createSession(SessionRecord session, List<SealedKeyRecord> copies, List<EvidenceEvent> newEvents) {
        if (copies.isEmpty()) {
            throw new IllegalArgumentException("a session needs at least one sealed copy of its key");
        }
        if (copies.stream().anyMatch(copy -> !copy.sessionId().equals(session.sessionId()))) {
            throw new IllegalArgumentException("every sealed copy must belong to the session being created");
        }
        synchronized (lock) {
            requireOpen("create a session");
            if (sessions.containsKey(session.sessionId())) {
                throw conflict("create a session", "session_id");
            }
            List<String> parties = new ArrayList<>();
            for (SealedKeyRecord copy : copies) {
                if (sealedKeys.containsKey(id(copy)) || copies.stream().filter(c -> id(c).equals(id(copy))).count() > 1) {
                    throw conflict("create a session", "key_ref");
                }
                if (parties.contains(copy.party())) {
                    throw conflict("create a session", "party");
                }
                parties.add(copy.party());
            }
            SessionRecord stored = truncated(session);
            Appended appended = log.encode("create a session", newEvents);
            sessions.put(stored.sessionId(), stored);
            copies.forEach(copy -> sealedKeys.put(id(copy), truncated(copy)));
            log.apply(appended);
        }
    }

    @Override
    public Optional<SessionRecord> getSession(String sessionId) {
        synchronized (lock) {
            requireOpen("read a session");
            return Optional.ofNullable(sessions.get(sessionId));
        }
    }

    @Override
    public Optional<SealedKeyRecord> takeKey(String keyRef, String party, Instant now,
            EventsFor<SealedKeyRecord> eventsFor) {
        Instant at = micros(now);
        synchronized (lock) {
            requireOpen("take a key");
            SealedKeyRecord copy = sealedKeys.get(id(keyRef, party));
            if (copy == null || !at.isBefore(copy.expiresAt())) {
                return Optional.empty();
            }
            Appended appended = log.encode("take a key", eventsFor.eventsFor(copy));
            sealedKeys.remove(id(copy));
            closeIfNoCopies(copy.sessionId(), SessionState.DELIVERED, at);
            log.apply(appended);
            return Optional.of(copy);
        }
    }

    @Override
    public Optional<SessionRecord> revokeSession(String sessionId, Instant now, EventsFor<SessionRecord> eventsFor) {
        Instant at = micros(now);
        synchronized (lock) {
            requireOpen("revoke a session");
            SessionRecord session = sessions.get(sessionId);
            if (session == null || session.state() != SessionState.OPEN) {
                // A closed session has no copies left: destroying them changes nothing.
                return Optional.ofNullable(session);
            }
            SessionRecord revoked = session.closed(SessionState.REVOKED, at);
            Appended appended = log.encode("revoke a session", eventsFor.eventsFor(revoked));
            sealedKeys.values().removeIf(copy -> copy.sessionId().equals(sessionId));
            sessions.put(sessionId, revoked);
            log.apply(appended);
            return Optional.of(revoked);
        }
    }

    @Override
    public int sweepExpired(Instant now, EventsFor<List<SealedKeyRecord>> eventsFor) {
        Instant at = micros(now);
        synchronized (lock) {
            requireOpen("sweep expired keys");
            List<SealedKeyRecord> swept = sealedKeys.values().stream()
                    .filter(copy -> !copy.expiresAt().isAfter(at))
                    .toList();
            if (swept.isEmpty()) {
                return 0;
            }
            Appended appended = log.encode("sweep expired keys", eventsFor.eventsFor(swept));
            swept.forEach(copy -> sealedKeys.remove(id(copy)));
            swept.stream().map(SealedKeyRecord::sessionId).distinct()
                    .forEach(sessionId -> closeIfNoCopies(sessionId, SessionState.EXPIRED, at));
            log.apply(appended);
            return swept.size();
        }
    }

    @Override
    public long appendEvents(List<EvidenceEvent> events) {
        synchronized (lock) {
            requireOpen("append evidence");
            log.apply(log.encode("append evidence", events));
            return log.size();
        }
    }

    @Override
    public long evidenceSize() {
        synchronized (lock) {
            requireOpen("read the log size");
            return log.size();
        }
    }

    @Override
    public List<byte[]> evidenceEntries(long start, long end) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "entries [%d, %d) is not a range of the log: need 0 <= start <= end", start, end));
        }
        synchronized (lock) {
            requireOpen("read evidence entries");
            return log.entries(start, end);
        }
    }

    @Override
    public Map<NodeId, byte[]> evidenceNodes(Collection<NodeId> ids) {
        synchronized (lock) {
            requireOpen("read evidence nodes");
            return log.nodes(ids);
        }
    }

    @Override
    public StoredCheckpoint signCheckpoint(CheckpointSigner signer, Instant createdAt) {
        synchronized (lock) {
            requireOpen("sign a checkpoint");
            return log.sign(signer, micros(createdAt));
        }
    }

    @Override
    public Optional<StoredCheckpoint> latestCheckpoint() {
        synchronized (lock) {
            requireOpen("read the latest checkpoint");
            return log.latestCheckpoint();
        }
    }

    @Override
    public List<StoredCheckpoint> checkpoints(long start, int limit) {
        if (start < 0 || limit < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "checkpoints from %d, at most %d: both must not be negative", start, limit));
        }
        synchronized (lock) {
            requireOpen("read checkpoints");
            return log.checkpoints(start, limit);
        }
    }

    /**
     * While {@code refusing}, every change that carries events fails with
     * {@link StoreUnavailableException} and changes nothing, as when the database refuses entries.
     */
    public void refuseAppends(boolean refusing) {
        synchronized (lock) {
            log.refuse(refusing);
        }
    }

    /** The sealed blobs held now (what a scan of the database would find). */
    public List<byte[]> sealedBlobs() {
        synchronized (lock) {
            return sealedKeys.values().stream().map(copy -> Arrays.copyOf(copy.sealed(), copy.sealed().length)).toList();
        }
    }

    private void closeIfNoCopies(String sessionId, SessionState state, Instant at) {
        SessionRecord session = sessions.get(sessionId);
        boolean copiesLeft = sealedKeys.values().stream().anyMatch(copy -> copy.sessionId().equals(sessionId));
        if (session != null && session.state() == SessionState.OPEN && !copiesLeft) {
            sessions.put(sessionId, session.closed(state, at));
        }
    }

    private void requireOpen(String doing) {
        if (closed) {
            throw new StoreUnavailableException(String.format(Locale.ROOT,
                    "Could not %s: the store is closed.", doing), null);
        }
    }

    private static StoreConflictException conflict(String doing, String what) {
        return new StoreConflictException(String.format(Locale.ROOT, CONFLICT, doing,
                "duplicate " + what), null);
    }

    private static Instant micros(Instant moment) {
        return Micros.toInstant(Micros.of(moment));
    }

    private static SessionRecord truncated(SessionRecord session) {
        return new SessionRecord(session.sessionId(), session.peerId(), session.mode(), session.keyBits(),
                session.ttlS(), micros(session.createdAt()), micros(session.expiresAt()), session.state(),
                session.qber(), session.rateBps(), session.sealSuite(), session.recipientKeyId(),
                session.closedAt().map(InMemoryKeyStore::micros), session.openedBy());
    }

    private static SealedKeyRecord truncated(SealedKeyRecord copy) {
        return new SealedKeyRecord(copy.keyRef(), copy.sessionId(), copy.party(),
                Arrays.copyOf(copy.sealed(), copy.sealed().length), copy.mode(), copy.sealSuite(),
                copy.recipientKeyId(), micros(copy.expiresAt()));
    }

    /** A copy's identity, as the primary key (key_ref, party) of sealed_keys. */
    private static String id(String keyRef, String party) {
        return keyRef + "\u0000" + party;
    }

    private static String id(SealedKeyRecord copy) {
        return id(copy.keyRef(), copy.party());
    }
}
