package io.lightvibes.service.keys;

import io.lightvibes.service.evidence.EvidenceEvent;
import io.lightvibes.service.store.SealedKeyRecord;
import io.lightvibes.service.store.SessionRecord;
import java.util.List;

/**
 * The evidence entries of each change the key service makes; the store appends them in the
 * change's own transaction. {@link #NONE} runs without an evidence log (to measure its cost).
 */
public interface SessionEvidence {

    /** No evidence log. */
    SessionEvidence NONE = new SessionEvidence() {
        @Override
        public List<EvidenceEvent> opened(String actor, SessionRecord session, List<SealedKeyRecord> copies,
                Fallback fallback, IssuedSession issued) {
            return List.of();
        }

        @Override
        public List<EvidenceEvent> delivered(String actor, SealedKeyRecord copy) {
            return List.of();
        }

        @Override
        public List<EvidenceEvent> revoked(String actor, SessionRecord session) {
            return List.of();
        }

        @Override
        public List<EvidenceEvent> expired(List<SealedKeyRecord> copies) {
            return List.of();
        }
    };

    /** {@code session.created} and one {@code key.issued} per copy, by {@code actor}. */
    List<EvidenceEvent> opened(String actor, SessionRecord session, List<SealedKeyRecord> copies, Fallback fallback,
            IssuedSession issued);

    /** {@code key.delivered}, by {@code actor}. */
    List<EvidenceEvent> delivered(String actor, SealedKeyRecord copy);

    /** {@code key.destroyed} with reason {@code revoked}, by {@code actor}. */
    List<EvidenceEvent> revoked(String actor, SessionRecord session);

    /** {@code key.destroyed} with reason {@code expired}, one per copy. */
    List<EvidenceEvent> expired(List<SealedKeyRecord> copies);
}
