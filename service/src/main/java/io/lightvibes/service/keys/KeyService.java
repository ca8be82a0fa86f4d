package io.lightvibes.service.keys;

import io.lightvibes.service.identity.Principal;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.sealing.KeySealed;
import io.lightvibes.service.sealing.RecipientPublicKey;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The only place that decides how a key is made, sealed, kept and handed out (DESIGN.md §2).
 *
 * <p>A session opened by an authenticated peer has two parties, the caller and {@code peer_id}:
 * the one key is sealed to each party's registered recipient key, and each party fetches its own
 * copy once, by the session's one key_ref. Without authentication (the local operator) a session
 * has one copy, the {@link SealedKeyRecord#INITIATOR}'s, sealed to the configured recipient key,
 * for whoever holds the key_ref (the prototype's behaviour).
 */
public final class KeyService {

    private static final int DEFAULT_POLICY_BITS = 256;

    private final KeyStore store;
    private final ModeController modes;
    private final Sealer sealer;
    private final Recipients recipients;
    private final SecureRandom random;
    private final Clock clock;
    private final int defaultTtlS;
    private final SessionEvidence evidence;
    private final Identifiers identifiers;

    /** A service without registered peers: every session is the local operator's, with one copy. */
    public KeyService(KeyStore store, ModeController modes, Sealer sealer, Clock clock, int defaultTtlS,
            SessionEvidence evidence, SecureRandom random) {
        this(store, modes, sealer, Recipients.NONE, clock, defaultTtlS, evidence, random);
    }

    /**
     * @param sealer seals the one copy of sessions opened without authentication
     * @param recipients the registered peers' recipient keys, for two-party sessions
     */
    public KeyService(KeyStore store, ModeController modes, Sealer sealer, Recipients recipients, Clock clock,
            int defaultTtlS, SessionEvidence evidence, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.modes = Objects.requireNonNull(modes, "modes");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.recipients = Objects.requireNonNull(recipients, "recipients");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultTtlS = defaultTtlS;
        this.evidence = Objects.requireNonNull(evidence, "evidence");
        this.identifiers = new Identifiers(random);
    }

    /** {@link #openSession(SessionRequest, Principal)} by the local operator. */
    public IssuedSession openSession(SessionRequest request) {
        return openSession(request, Principal.local());
    }

    /**
     * Sources the key, seals it at once to each party and stores only the sealed copies, with
     * their evidence, in one transaction.
     */
    public IssuedSession openSession(SessionRequest request, Principal caller) {
        if (request.minKeybits() <= 0 || request.minKeybits() % 8 != 0) {
            throw new InvalidRequestException("min_keybits must be a positive multiple of 8");
        }
        List<Party> parties = parties(request, caller);
        int ttlS = request.ttlS().orElse(defaultTtlS);
        Identifiers.Fresh fresh = identifiers.next();
        ModeController.SourcedKey sourced = modes.sourceKey(request.minKeybits(), request.fallback(),
                fresh.sessionId().getBytes(StandardCharsets.US_ASCII));
        Instant now = clock.instant();
        Instant expiresAt = now.plusSeconds(ttlS);
        Mode mode = sourced.mode();
        List<SealedKeyRecord> copies = new ArrayList<>(parties.size());
        try (var key = sourced.key()) {
            for (Party party : parties) {
                copies.add(new SealedKeyRecord(fresh.keyRef(), fresh.sessionId(), party.name(),
                        party.sealer().seal(key, fresh.keyRef()), mode.name(), party.sealer().suite().wireName(),
                        party.sealer().recipientKeyId(), expiresAt));
            }
        }
        LinkHealth health = sourced.health();
        SealInfo seal = new SealInfo(copies.getFirst().sealSuite(), copies.getFirst().recipientKeyId());
        var session = new SessionRecord(fresh.sessionId(), request.peerId(), mode.name(), request.minKeybits(), ttlS,
                now, expiresAt, SessionState.OPEN, health.qber(), health.rateBps(), seal.suite(),
                seal.recipientKeyId(), Optional.empty(),
                caller.authenticated() ? Optional.of(caller.peerId()) : Optional.empty());
        var issued = new IssuedSession(fresh.sessionId(), fresh.keyRef(), mode, health, request.minKeybits(), ttlS,
                expiresAt, seal);
        store.createSession(session, copies,
                evidence.opened(actor(caller), session, copies, request.fallback(), issued));
        return issued;
    }

    /** {@link #deliver(String, Principal)} to the local operator. */
    public DeliveredKey deliver(String keyRef) {
        return deliver(keyRef, Principal.local());
    }

    /**
     * Hands out the caller's sealed copy once; every kind of miss (unknown, delivered, expired,
     * revoked, another party's) is the same {@link KeyNotFoundException}.
     */
    public DeliveredKey deliver(String keyRef, Principal caller) {
        if (!Identifiers.isKeyRef(keyRef)) {
            throw new KeyNotFoundException();
        }
        Instant now = clock.instant();
        String actor = actor(caller);
        SealedKeyRecord copy = store.takeKey(keyRef, party(caller), now, taken -> evidence.delivered(actor, taken))
                .orElseThrow(KeyNotFoundException::new);
        return new DeliveredKey(copy.keyRef(), KeySealed.encode(copy.sealed()),
                secondsLeft(copy.expiresAt(), now), Mode.valueOf(copy.mode()),
                new SealInfo(copy.sealSuite(), copy.recipientKeyId()));
    }

    /** {@link #session(String, Principal)} for the local operator. */
    public SessionRecord session(String sessionId) {
        return session(sessionId, Principal.local());
    }

    /** The session's state, if the caller is one of its parties; never key material. */
    public SessionRecord session(String sessionId, Principal caller) {
        return Identifiers.canonicalSessionId(sessionId)
                .flatMap(store::getSession)
                .filter(found -> visibleTo(found, caller))
                .orElseThrow(SessionNotFoundException::new);
    }

    /** {@link #revoke(String, Principal)} by the local operator. */
    public SessionRecord revoke(String sessionId) {
        return revoke(sessionId, Principal.local());
    }

    /**
     * Destroys the session's undelivered material now, if the caller is one of its parties;
     * idempotent for closed sessions.
     */
    public SessionRecord revoke(String sessionId, Principal caller) {
        String id = Identifiers.canonicalSessionId(sessionId).orElseThrow(SessionNotFoundException::new);
        if (caller.authenticated()) {
            // Check the parties first: a stranger's revoke must not destroy anything.
            session(id, caller);
        }
        String actor = actor(caller);
        return store.revokeSession(id, clock.instant(), revoked -> evidence.revoked(actor, revoked))
                .orElseThrow(SessionNotFoundException::new);
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

    /** Who gets a copy, and sealed to which key: the opener first. */
    private List<Party> parties(SessionRequest request, Principal caller) {
        if (!caller.authenticated()) {
            return List.of(new Party(SealedKeyRecord.INITIATOR, sealer));
        }
        if (caller.peerId().equals(request.peerId())) {
            throw new InvalidRequestException("peer_id names the caller itself; a session is between two peers");
        }
        RecipientPublicKey own = recipients.of(caller.peerId()).orElseThrow(() -> new InvalidRequestException(
                "the calling peer has no registered recipient key to seal its copy to"));
        RecipientPublicKey other = recipients.of(request.peerId()).orElseThrow(() -> new InvalidRequestException(
                "peer_id '" + request.peerId() + "' is not an active registered peer"));
        return List.of(new Party(caller.peerId(), new HpkeSealer(own, random)),
                new Party(request.peerId(), new HpkeSealer(other, random)));
    }

    private static String party(Principal caller) {
        return caller.authenticated() ? caller.peerId() : SealedKeyRecord.INITIATOR;
    }

    private static String actor(Principal caller) {
        return caller.authenticated() ? caller.peerId() : EvidenceEvents.ACTOR_ANONYMOUS;
    }

    private static boolean visibleTo(SessionRecord session, Principal caller) {
        // Without authentication every session is the local operator's (the prototype's rule).
        return !caller.authenticated() || session.hasParty(caller.peerId());
    }

    /** One party of a session: its name in the store and the sealer of its copy. */
    private record Party(String name, Sealer sealer) {
    }
}
