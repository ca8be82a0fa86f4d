package io.lightvibes.service.evidence;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One event for the evidence log; the store gives it its sequence number when it appends it.
 *
 * @param type the entry type, e.g. {@code "session.created"}
 * @param actor who caused it, e.g. {@code "anonymous"} or {@code "sweeper"}
 * @param time when it happened (the entry may carry a later time so times never go backwards)
 * @param fields JSON values ({@code String}, {@code Boolean}, {@code Long}/{@code Integer},
 *     {@code Double}, {@code null}, {@code List}, {@code Map}); never key material (the entry
 *     encoder refuses it)
 */
public record EvidenceEvent(String type, String actor, Instant time, Map<String, Object> fields) {

    public EvidenceEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(fields, "fields");
    }
}
