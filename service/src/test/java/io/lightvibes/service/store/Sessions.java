package io.lightvibes.service.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Sessions and sealed copies for the store tests, as the prototype's {@code make_session}. */
final class Sessions {

    static final Instant NOW = Instant.parse("2030-01-02T03:04:05.678901Z");
    static final Duration TTL = Duration.ofSeconds(120);
    static final String SUITE = "DHKEM(X25519, HKDF-SHA256)/HKDF-SHA256/AES-256-GCM";

    /** A session opened at {@code createdAt} and one sealed copy per party. */
    record Made(SessionRecord session, List<SealedKeyRecord> copies) {
        SealedKeyRecord copy(int index) {
            return copies.get(index);
        }
    }

    private Sessions() {
    }

    static Made make(String sessionId, Instant createdAt, String... parties) {
        Instant expiresAt = createdAt.plus(TTL);
        SessionRecord session = new SessionRecord(sessionId, "peer-bob", "QMK", 256, (int) TTL.toSeconds(), createdAt,
                expiresAt, SessionState.OPEN, OptionalDouble.of(0.0312), 1234.5, SUITE, "rk-1", Optional.empty());
        List<SealedKeyRecord> copies = new ArrayList<>();
        for (String party : parties.length == 0 ? new String[] {"initiator"} : parties) {
            copies.add(new SealedKeyRecord(sessionId + "-" + party, sessionId, party, sealedBytes(sessionId, party), "QMK",
                    SUITE, "rk-" + party, expiresAt));
        }
        return new Made(session, List.copyOf(copies));
    }

    static Made make(String sessionId, String... parties) {
        return make(sessionId, NOW, parties);
    }

    /** Distinct bytes per copy, with every byte value in them (the blob must come back bit for bit). */
    static byte[] sealedBytes(String sessionId, String party) {
        byte[] label = ("enc||ct of " + sessionId + "/" + party).getBytes(StandardCharsets.UTF_8);
        byte[] sealed = new byte[label.length + 256];
        System.arraycopy(label, 0, sealed, 0, label.length);
        for (int i = 0; i < 256; i++) {
            sealed[label.length + i] = (byte) i;
        }
        return sealed;
    }

    static SealedKeyRecord withKeyRef(SealedKeyRecord copy, String keyRef, String sessionId) {
        return new SealedKeyRecord(keyRef, sessionId, copy.party(), copy.sealed(), copy.mode(), copy.sealSuite(),
                copy.recipientKeyId(), copy.expiresAt());
    }

    static SealedKeyRecord withSealed(SealedKeyRecord copy, byte[] sealed) {
        return new SealedKeyRecord(copy.keyRef(), copy.sessionId(), copy.party(), sealed, copy.mode(), copy.sealSuite(),
                copy.recipientKeyId(), copy.expiresAt());
    }
}
