package io.lightvibes.service.keys;

import io.lightvibes.sim.link.LinkHealth;
import java.time.Instant;

/** What opening a session produced; never key material. */
public record IssuedSession(
        String sessionId,
        String keyRef,
        Mode mode,
        LinkHealth health,
        int keyBits,
        int ttlS,
        Instant expiresAt,
        SealInfo seal) {
}
