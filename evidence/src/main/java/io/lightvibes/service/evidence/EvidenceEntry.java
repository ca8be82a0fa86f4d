package io.lightvibes.service.evidence;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One decoded evidence entry ({@code docs/EVIDENCE.md}, Entries): its position, time, dotted
 * type, actor and the event's own JSON fields.
 *
 * @param seq position in the log, 0, 1, 2, ... with no gap
 * @param time the entry's time, to the microsecond, UTC
 * @param type dotted lowercase name such as {@code key.issued}
 * @param actor who caused it: a peer id, {@code lightvibes}, an operator
 * @param fields JSON values as {@link CanonicalJson} takes them; decoded integers are {@link Long}s
 */
public record EvidenceEntry(long seq, Instant time, String type, String actor, Map<String, Object> fields) {

    public EvidenceEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        // JSON null is a value, so no Map.copyOf (it refuses nulls).
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
    }

    /** The entry's canonical bytes, the leaf the log hashes; {@link UnloggableEventException} if none. */
    public byte[] encode() {
        return Entries.encode(seq, time, type, actor, fields);
    }

    /** The known type this entry has, if it is one this version knows. */
    public Optional<EntryType> entryType() {
        return EntryType.of(type);
    }
}
