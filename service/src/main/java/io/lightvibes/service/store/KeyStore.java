package io.lightvibes.service.store;

import io.lightvibes.service.evidence.EvidenceEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of sessions and sealed keys, with their evidence.
 *
 * <p>Every method is one database transaction, and the evidence events of a change are appended
 * to the evidence log in that same transaction (fail-closed: if the entries cannot be written,
 * the change does not happen). {@link #takeKey} is a single atomic delete-and-return, so
 * concurrent callers deliver a key at most once. Methods are safe to call from many threads.
 * Failures throw {@link StoreException}: {@link StoreUnavailableException} when retrying later may
 * succeed (nothing was changed), {@link StoreConflictException} when the change collides with
 * stored data.
 */
public interface KeyStore extends AutoCloseable {

    /** Connects and brings the schema up to date (migrations); safe to race other processes. */
    void open();

    /** Releases connections; idempotent. */
    @Override
    void close();

    /** True when the database answers a trivial query within the store's busy timeout. */
    boolean ping();

    /** Inserts the session, all of its sealed copies and {@code events}, atomically. */
    void createSession(SessionRecord session, List<SealedKeyRecord> sealedKeys, List<EvidenceEvent> events);

    /** The session, if it exists. */
    Optional<SessionRecord> getSession(String sessionId);

    /**
     * Deletes and returns {@code party}'s sealed copy of {@code keyRef} if it exists and
     * {@code now < expiresAt}. When the last copy of a session is taken the session becomes
     * {@code delivered} ({@code closedAt = now}) in the same transaction. Unknown, already taken,
     * expired refs and refs of other parties all give empty. {@code events} is called with the
     * taken copy.
     */
    Optional<SealedKeyRecord> takeKey(String keyRef, String party, Instant now, EventsFor<SealedKeyRecord> events);

    /** {@link #takeKey(String, String, Instant, EventsFor)} of the {@link SealedKeyRecord#INITIATOR}'s copy. */
    default Optional<SealedKeyRecord> takeKey(String keyRef, Instant now, EventsFor<SealedKeyRecord> events) {
        return takeKey(keyRef, SealedKeyRecord.INITIATOR, now, events);
    }

    /**
     * Destroys the session's undelivered copies and marks it {@code revoked} if it is
     * {@code open}. Returns the session as it is afterwards (unchanged when it was already
     * closed), or empty when it does not exist. {@code events} is called with the revoked session,
     * only when this call revoked it.
     */
    Optional<SessionRecord> revokeSession(String sessionId, Instant now, EventsFor<SessionRecord> events);

    /**
     * Destroys every sealed copy with {@code expiresAt <= now} and marks their sessions
     * {@code expired}. Returns how many copies went; {@code events} is called with them when there
     * are any.
     */
    int sweepExpired(Instant now, EventsFor<List<SealedKeyRecord>> events);
}
