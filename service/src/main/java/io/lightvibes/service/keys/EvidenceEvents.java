package io.lightvibes.service.keys;

import io.lightvibes.service.evidence.EntryType;
import io.lightvibes.service.evidence.EvidenceEvent;
import io.lightvibes.service.store.SealedKeyRecord;
import io.lightvibes.service.store.SessionRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The evidence entries of the key service's changes, with the fields {@code docs/EVIDENCE.md}
 * lists (the prototype's, unchanged). Never key material: only ids, sizes, modes and key ids.
 */
public final class EvidenceEvents implements SessionEvidence {

    /** Callers when authentication is off (the prototype's actor for every HTTP caller). */
    public static final String ACTOR_ANONYMOUS = "anonymous";
    /** The background task that destroys expired material. */
    public static final String ACTOR_SWEEPER = "sweeper";

    private final Clock clock;

    public EvidenceEvents(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<EvidenceEvent> opened(String actor, SessionRecord session, List<SealedKeyRecord> copies,
            Fallback fallback, IssuedSession issued) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("min_keybits", session.keyBits());
        policy.put("ttl_s", session.ttlS());
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("session_id", session.sessionId());
        created.put("peer_id", session.peerId());
        created.put("policy", policy);
        created.put("fallback", fallback.name());
        created.put("mode", session.mode());
        created.put("link_state", issued.health().state().wireName());
        created.put("qber", session.qber().isPresent() ? session.qber().getAsDouble() : null);
        created.put("rate_bps", session.rateBps());
        List<EvidenceEvent> events = new ArrayList<>(1 + copies.size());
        events.add(event(EntryType.SESSION_CREATED, actor, created));
        for (SealedKeyRecord copy : copies) {
            Map<String, Object> keyIssued = new LinkedHashMap<>();
            keyIssued.put("session_id", copy.sessionId());
            keyIssued.put("party", copy.party());
            keyIssued.put("bits", session.keyBits());
            keyIssued.put("mode", copy.mode());
            keyIssued.put("seal_suite", copy.sealSuite());
            keyIssued.put("recipient_key_id", copy.recipientKeyId());
            events.add(event(EntryType.KEY_ISSUED, actor, keyIssued));
        }
        return List.copyOf(events);
    }

    @Override
    public List<EvidenceEvent> delivered(String actor, SealedKeyRecord copy) {
        return List.of(event(EntryType.KEY_DELIVERED, actor,
                fields("session_id", copy.sessionId(), "party", copy.party())));
    }

    @Override
    public List<EvidenceEvent> revoked(String actor, SessionRecord session) {
        return List.of(event(EntryType.KEY_DESTROYED, actor,
                fields("session_id", session.sessionId(), "reason", "revoked")));
    }

    @Override
    public List<EvidenceEvent> expired(List<SealedKeyRecord> copies) {
        return copies.stream()
                .map(copy -> event(EntryType.KEY_DESTROYED, ACTOR_SWEEPER,
                        fields("session_id", copy.sessionId(), "party", copy.party(), "reason", "expired")))
                .toList();
    }

    private EvidenceEvent event(EntryType type, String actor, Map<String, Object> fields) {
        return new EvidenceEvent(type.value(), actor, clock.instant(), fields);
    }

    private static Map<String, Object> fields(String... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }
}
