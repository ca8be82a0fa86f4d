package io.lightvibes.service.keys;

import io.lightvibes.service.sealing.KeySealed;
import io.lightvibes.service.sealing.Sealer;
import io.lightvibes.service.store.KeyStore;
import io.lightvibes.service.store.SealedKeyRecord;
import io.lightvibes.service.store.SessionRecord;
import io.lightvibes.service.store.SessionState;
import io.lightvibes.sim.link.LinkHealth;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The only place that decides how a key is made, sealed, kept and handed out (DESIGN.md §2). */
public final class KeyService {

    static final String INITIATOR = "initiator";
    private static final int DEFAULT_POLICY_BITS = 256;

    private final KeyStore store;
    private final ModeController modes;
    private final Sealer sealer;
    private final SealInfo seal;
    private final Clock clock;
    private final int defaultTtlS;
    private final SessionEvidence evidence;
    private final Identifiers identifiers;

    public KeyService(KeyStore store, ModeController modes, Sealer sealer, Clock clock, int defaultTtlS,
            SessionEvidence evidence, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.modes = Objects.requireNonNull(modes, "modes");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.seal = new SealInfo(sealer.suite().wireName(), sealer.recipientKeyId());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultTtlS = defaultTtlS;
        this.evidence = Objects.requireNonNull(evidence, "evidence");
        this.identifiers = new Identifiers(random);
    }

    /** Sources the key, seals it at once and stores only the sealed copy, with its evidence. */
    public IssuedSession openSession(SessionRequest request) {
        if (request.minKeybits() <= 0 || request.minKeybits() % 8 != 0) {
            throw new InvalidRequestException("min_keybits must be a positive multiple of 8");
        }
        int ttlS = request.ttlS().orElse(defaultTtlS);
        Identifiers.Fresh fresh = identifiers.next();
        byte[] sealed;
        Mode mode;
        LinkHealth health;
        ModeController.SourcedKey sourced = modes.sourceKey(request.minKeybits(), request.fallback(),
                fresh.sessionId().getBytes(StandardCharsets.US_ASCII));
        try (var key = sourced.key()) {
            sealed = sealer.seal(key, fresh.keyRef());
            mode = sourced.mode();
            health = sourced.health();
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plusSeconds(ttlS);
        var session = new SessionRecord(fresh.sessionId(), request.peerId(), mode.name(), request.minKeybits(), ttlS,
                now, expiresAt, SessionState.OPEN, health.qber(), health.rateBps(), seal.suite(),
                seal.recipientKeyId(), Optional.empty());
        var copy = new SealedKeyRecord(fresh.keyRef(), fresh.sessionId(), INITIATOR, sealed, mode.name(),
                seal.suite(), seal.recipientKeyId(), expiresAt);
        var issued = new IssuedSession(fresh.sessionId(), fresh.keyRef(), mode, health, request.minKeybits(), ttlS,
                expiresAt, seal);
        store.createSession(session, List.of(copy), evidence.opened(session, copy, request.fallback(), issued));
        return issued;
    }

    /** Hands out the sealed key once; every kind of miss is the same {@link KeyNotFoundException}. */
    public DeliveredKey deliver(String keyRef) {
        if (!Identifiers.isKeyRef(keyRef)) {
            throw new KeyNotFoundException();
        }
        Instant now = clock.instant();
        SealedKeyRecord copy = store.takeKey(keyRef, now, evidence::delivered).orElseThrow(KeyNotFoundException::new);
        return new DeliveredKey(copy.keyRef(), KeySealed.encode(copy.sealed()),
                secondsLeft(copy.expiresAt(), now), Mode.valueOf(copy.mode()),
                new SealInfo(copy.sealSuite(), copy.recipientKeyId()));
    }

    /** The session's state; never key material. */
    public SessionRecord session(String sessionId) {
        return Identifiers.canonicalSessionId(sessionId)
                .flatMap(store::getSession)
                .orElseThrow(SessionNotFoundException::new);
    }

    /** Destroys the session's undelivered material now; idempotent for closed sessions. */
    public SessionRecord revoke(String sessionId) {
        String id = Identifiers.canonicalSessionId(sessionId).orElseThrow(SessionNotFoundException::new);
        return store.revokeSession(id, clock.instant(), evidence::revoked).orElseThrow(SessionNotFoundException::new);
    }

    /** Destroys expired material; returns how many sealed copies went. */
    public int sweep() {
        return store.sweepExpired(clock.instant(), evidence::expired);
    }

    /** The link's health and the mode a new session with the default policy would get. */
    public ServiceHealth health() {
        LinkHealth link = modes.link().health();
        Mode mode = modes.modeFor(DEFAULT_POLICY_BITS, Fallback.PQC).orElse(Mode.PQC);
        return new ServiceHealth(mode, link, modes.qberThreshold());
    }

    /** True when the store answers. */
    public boolean storeReady() {
        return store.ping();
    }

    static int secondsLeft(Instant expiresAt, Instant now) {
        long left = Duration.between(now, expiresAt).toMillis();
        return (int) Math.max(0, Math.floorDiv(left, 1000));
    }
}
