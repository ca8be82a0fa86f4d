package io.lightvibes.service.guard;

import io.lightvibes.service.evidence.EntryType;
import io.lightvibes.service.evidence.EvidenceEvent;
import io.lightvibes.service.keys.EvidenceLog;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code guard.denied} evidence entry per refusal, with the fields {@code docs/EVIDENCE.md}
 * lists: the peer, the action, the deciding policy (null when none permits) and the resource. A
 * key's key_ref is never written (the log is public and a key_ref is what fetches a key); nor is
 * a credential, an address or anything of a request body.
 */
public final class EvidenceDenials implements DenialLog {

    private final EvidenceLog log;
    private final Clock clock;

    public EvidenceDenials(EvidenceLog log, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void record(Denial denial) {
        log.append(List.of(event(denial, clock)));
    }

    /** The entry's event: type {@code guard.denied}, actor the peer. */
    static EvidenceEvent event(Denial denial, Clock clock) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("type", denial.resource().type());
        if (!denial.resource().type().equals("key")) {
            resource.put("id", denial.resource().id());
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("peer", denial.principal().peerId());
        fields.put("action", denial.action().policyName());
        fields.put("policy", denial.decision().policyId().orElse(null));
        fields.put("resource", resource);
        return new EvidenceEvent(EntryType.GUARD_DENIED.value(), denial.principal().peerId(), clock.instant(), fields);
    }
}
