package io.lightvibes.service.store;

import io.lightvibes.service.evidence.EvidenceEvent;
import java.util.List;

/**
 * Builds the evidence events of a change from what the change found in the database. Called
 * inside the transaction (keep it pure and quick): the events commit with the change or not at all.
 *
 * @param <T> what the change found (the taken copy, the revoked session, the expired copies)
 */
@FunctionalInterface
public interface EventsFor<T> {

    /** No events: for callers that run without an evidence log. */
    static <T> EventsFor<T> none() {
        return found -> List.of();
    }

    List<EvidenceEvent> eventsFor(T found);
}
