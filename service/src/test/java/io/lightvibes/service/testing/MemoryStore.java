package io.lightvibes.service.testing;

import io.lightvibes.service.evidence.EvidenceEvent;
import io.lightvibes.service.store.EventsFor;
import io.lightvibes.service.store.KeyStore;
import io.lightvibes.service.store.SealedKeyRecord;
import io.lightvibes.service.store.SessionRecord;
import io.lightvibes.service.store.SessionState;
import io.lightvibes.service.store.StoreUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A minimal in-memory KeyStore for the HTTP and domain tests, with a switch that makes it "down". */
public final class MemoryStore implements KeyStore {

    public final Map<String, SessionRecord> sessions = new LinkedHashMap<>();
    /** Copies by {@link #copyId}: the key_ref alone for the initiator's, so single-party tests read naturally. */
    public final Map<String, SealedKeyRecord> sealedKeys = new LinkedHashMap<>();
    public final List<EvidenceEvent> events = new ArrayList<>();
    public volatile boolean available = true;

    @Override
    public void open() {
    }

    @Override
    public void close() {
    }

    @Override
    public boolean ping() {
        return available;
    }

    /** The map key of {@code party}'s copy of {@code keyRef}. */
    public static String copyId(String keyRef, String party) {
        return SealedKeyRecord.INITIATOR.equals(party) ? keyRef : keyRef + "#" + party;
    }

    private void check() {
        if (!available) {
            throw new StoreUnavailableException("the test store is down", null);
        }
    }

    @Override
    public synchronized void createSession(SessionRecord session, List<SealedKeyRecord> copies,
            List<EvidenceEvent> evidence) {
        check();
        sessions.put(session.sessionId(), session);
        copies.forEach(copy -> sealedKeys.put(copyId(copy.keyRef(), copy.party()), copy));
        events.addAll(evidence);
    }

    @Override
    public synchronized Optional<SessionRecord> getSession(String sessionId) {
        check();
        return Optional.ofNullable(sessions.get(sessionId));
    }

    @Override
    public synchronized Optional<SealedKeyRecord> takeKey(String keyRef, String party, Instant now,
            EventsFor<SealedKeyRecord> found) {
        check();
        SealedKeyRecord copy = sealedKeys.get(copyId(keyRef, party));
        if (copy == null || !now.isBefore(copy.expiresAt())) {
            return Optional.empty();
        }
        sealedKeys.remove(copyId(keyRef, party));
        events.addAll(found.eventsFor(copy));
        boolean last = sealedKeys.values().stream().noneMatch(c -> c.sessionId().equals(copy.sessionId()));
        if (last) {
            sessions.computeIfPresent(copy.sessionId(), (id, s) -> s.closed(SessionState.DELIVERED, now));
        }
        return Optional.of(copy);
    }

    @Override
    public synchronized Optional<SessionRecord> revokeSession(String sessionId, Instant now,
            EventsFor<SessionRecord> found) {
        check();
        SessionRecord session = sessions.get(sessionId);
        if (session == null || session.state() != SessionState.OPEN) {
            return Optional.ofNullable(session);
        }
        sealedKeys.values().removeIf(c -> c.sessionId().equals(sessionId));
        SessionRecord revoked = session.closed(SessionState.REVOKED, now);
        sessions.put(sessionId, revoked);
        events.addAll(found.eventsFor(revoked));
        return Optional.of(revoked);
    }

    @Override
    public synchronized int sweepExpired(Instant now, EventsFor<List<SealedKeyRecord>> found) {
        check();
        List<SealedKeyRecord> expired = sealedKeys.values().stream().filter(c -> !now.isBefore(c.expiresAt())).toList();
        expired.forEach(c -> {
            sealedKeys.remove(copyId(c.keyRef(), c.party()));
            sessions.computeIfPresent(c.sessionId(), (id, s) -> s.state() == SessionState.OPEN
                    ? s.closed(SessionState.EXPIRED, now) : s);
        });
        if (!expired.isEmpty()) {
            events.addAll(found.eventsFor(expired));
        }
        return expired.size();
    }
}
