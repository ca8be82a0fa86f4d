package io.lightvibes.benchmarks.store;

import io.lightvibes.service.evidence.EvidenceEvent;
import io.lightvibes.service.store.EvidenceStore;
import io.lightvibes.service.store.SealedKeyRecord;
import io.lightvibes.service.store.SessionRecord;
import io.lightvibes.service.store.SessionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Sessions, sealed copies and events shaped like the service's, for the store benchmarks. */
final class BenchRecords {

    static final Instant NOW = Instant.parse("2030-01-02T03:04:05.678901Z");
    static final String SUITE = "DHKEM(X25519, HKDF-SHA256)/HKDF-SHA256/AES-256-GCM";
    /** An X25519 suite blob for a 256-bit key: 32-byte enc, 32-byte ciphertext, 16-byte tag. */
    private static final byte[] SEALED = new byte[80];

    private BenchRecords() {
    }

    static SessionRecord session(String sessionId) {
        return new SessionRecord(sessionId, "peer-bob", "PQC", 256, 120, NOW, NOW.plusSeconds(120), SessionState.OPEN,
                OptionalDouble.empty(), 0.0, SUITE, "rk-0123456789abcdef", Optional.empty());
    }

    static SealedKeyRecord copy(String sessionId) {
        return new SealedKeyRecord("kr_" + sessionId, sessionId, "initiator", SEALED.clone(), "PQC", SUITE,
                "rk-0123456789abcdef", NOW.plusSeconds(120));
    }

    /** The two events an issuance logs (their fields as the service's, no key material). */
    static List<EvidenceEvent> issued(String sessionId) {
        return List.of(
                new EvidenceEvent("session.created", "anonymous", NOW, Map.of("session_id", sessionId,
                        "peer_id", "peer-bob", "mode", "PQC", "key_bits", 256, "ttl_s", 120)),
                new EvidenceEvent("key.issued", "anonymous", NOW, Map.of("session_id", sessionId,
                        "party", "initiator", "seal_suite", SUITE, "recipient_key_id", "rk-0123456789abcdef")));
    }

    static EvidenceEvent delivered(SealedKeyRecord copy) {
        return new EvidenceEvent("key.delivered", "anonymous", NOW, Map.of("session_id", copy.sessionId(),
                "party", copy.party()));
    }

    static EvidenceEvent linkEvent(long n) {
        return new EvidenceEvent("link.healthy", "link", NOW, Map.of("block", n, "qber", 0.0312));
    }

    /** Appends {@code count} {@link #linkEvent}s to {@code store}, 2,000 to a transaction (to build a log). */
    static void appendLinkEvents(EvidenceStore store, long count) {
        final int batchSize = 2000;
        for (long start = 0; start < count; start += batchSize) {
            List<EvidenceEvent> batch = new ArrayList<>(batchSize);
            for (long n = start; n < Math.min(count, start + batchSize); n++) {
                batch.add(linkEvent(n));
            }
            store.appendEvents(batch);
        }
    }
}
