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
        public List<EvidenceEvent> opened(SessionRecord session, SealedKeyRecord copy, Fallback fallback,
                IssuedSession issued) {
            return List.of();
        }

        @Override
        public List<EvidenceEvent> delivered(SealedKeyRecord copy) {
            return List.of();
        }

        @Override
        public List<EvidenceEvent> revoked(SessionRecord session) {
            return List.of();
        }

        @Override
        public List<EvidenceEvent> expired(List<SealedKeyRecord> copies) {
            return List.of();
        }
    };

    /** {@code session.created} and {@code key.issued}. */
    List<EvidenceEvent> opened(SessionRecord session, SealedKeyRecord copy, Fallback fallback, IssuedSession issued);

    /** {@code key.delivered}. */
    List<EvidenceEvent> delivered(SealedKeyRecord copy);

    /** {@code key.destroyed} with reason {@code revoked}. */
    List<EvidenceEvent> revoked(SessionRecord session);

    /** {@code key.destroyed} with reason {@code expired}, one per copy. */
    List<EvidenceEvent> expired(List<SealedKeyRecord> copies);
}
