package io.lightvibes.service.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.evidence.EvidenceAppends;
import io.lightvibes.service.evidence.EvidenceEvent;
import io.lightvibes.service.store.SessionState;
import io.lightvibes.service.testing.Bytes;
import io.lightvibes.service.testing.FakePqc;
import io.lightvibes.service.sealing.HpkeOpener;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.testing.MemoryStore;
import io.lightvibes.service.testing.MutableClock;
import io.lightvibes.service.testing.StaticLink;
import io.lightvibes.sim.link.AbsentLink;
import io.lightvibes.sim.link.Link;
import io.lightvibes.sim.link.LinkState;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** KeyService with fakes: the life of one key, the mode decision, expiry and revocation. */
class KeyServiceTest {

    private final MemoryStore store = new MemoryStore();
    private final MutableClock clock = new MutableClock();
    private static final RecipientPrivateKey RECIPIENT = RecipientPrivateKey.generate(SealSuite.X25519, new SecureRandom());

    private KeyService service(Link link, double qberThreshold, RecipientPrivateKey recipient) {
        var modes = new ModeController(link, new FakePqc(), qberThreshold, 7);
        return new KeyService(store, modes, new HpkeSealer(recipient.publicKey(), new SecureRandom()), clock, 120,
                new EvidenceEvents(clock), new SecureRandom());
    }

    private KeyService service(Link link, double qberThreshold) {
        return service(link, qberThreshold, RECIPIENT);
    }

    private KeyService service() {
        return service(new AbsentLink(), 0.08);
    }

    private static SessionRequest request(int bits, Fallback fallback) {
        return new SessionRequest("node-b", bits, OptionalInt.empty(), fallback);
    }

    private static byte[] unseal(DeliveredKey key) {
        return unseal(key, RECIPIENT);
    }

    private static byte[] unseal(DeliveredKey key, RecipientPrivateKey recipient) {
        try (var opened = HpkeOpener.open(recipient, key.keySealed(), key.keyRef())) {
            return opened.reveal().clone();
        }
    }

    @Test
    void pqcSessionDeliversASealedKeyExactlyOnce() {
        KeyService keys = service();
        IssuedSession issued = keys.openSession(request(512, Fallback.PQC));
        assertThat(issued.mode()).isEqualTo(Mode.PQC);
        assertThat(issued.health().qber()).isEmpty();
        assertThat(issued.health().state()).isEqualTo(LinkState.DOWN);
        DeliveredKey delivered = keys.deliver(issued.keyRef());
        assertThat(unseal(delivered)).hasSize(64);
        assertThat(delivered.mode()).isEqualTo(Mode.PQC);
        assertThat(delivered.seal().suite()).isEqualTo("x25519");
        assertThatThrownBy(() -> keys.deliver(issued.keyRef())).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void keysOfDifferentSessionsDiffer() {
        KeyService keys = service();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            IssuedSession issued = keys.openSession(request(256, Fallback.PQC));
            seen.add(Arrays.toString(unseal(keys.deliver(issued.keyRef()))));
        }
        assertThat(seen).hasSize(5);
    }

    @Test
    void theStoreHoldsOnlyTheSealedBlob() {
        KeyService keys = service();
        IssuedSession issued = keys.openSession(request(256, Fallback.PQC));
        byte[] stored = store.sealedKeys.get(issued.keyRef()).sealed().clone();
        byte[] key = unseal(keys.deliver(issued.keyRef()));
        assertThat(stored).isNotEqualTo(key);
        assertThat(Bytes.indexOf(stored, key)).isNegative();
    }


    @Test
    void aHybridRecipientGetsAHybridSeal() {
        RecipientPrivateKey hybrid = RecipientPrivateKey.generate(SealSuite.MLKEM768_X25519, new SecureRandom());
        KeyService keys = service(new AbsentLink(), 0.08, hybrid);
        IssuedSession issued = keys.openSession(request(256, Fallback.PQC));
        assertThat(issued.seal().suite()).isEqualTo("mlkem768-x25519");
        assertThat(issued.seal().recipientKeyId()).isEqualTo(hybrid.keyId());
        assertThat(unseal(keys.deliver(issued.keyRef()), hybrid)).hasSize(32);
    }

    @Test
    void ttlCountsDownAndExpiredKeysAreNotDelivered() {
        KeyService keys = service();
        IssuedSession first = keys.openSession(request(256, Fallback.PQC));
        IssuedSession second = keys.openSession(new SessionRequest("p", 256, OptionalInt.of(10), Fallback.PQC));
        assertThat(first.ttlS()).isEqualTo(120);
        assertThat(second.ttlS()).isEqualTo(10);
        clock.advance(Duration.ofMillis(30_500));
        assertThat(keys.deliver(first.keyRef()).ttlS()).isEqualTo(89); // 120 - 30.5 = 89.5 whole seconds
        assertThatThrownBy(() -> keys.deliver(second.keyRef())).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void sweepDestroysExpiredMaterialAndMarksTheSession() {
        KeyService keys = service();
        IssuedSession expiring = keys.openSession(new SessionRequest("p", 256, OptionalInt.of(5), Fallback.PQC));
        IssuedSession kept = keys.openSession(new SessionRequest("p", 256, OptionalInt.of(60), Fallback.PQC));
        clock.advance(Duration.ofSeconds(5));
        assertThat(keys.sweep()).isEqualTo(1);
        assertThat(store.sealedKeys).doesNotContainKey(expiring.keyRef()).containsKey(kept.keyRef());
        var session = keys.session(expiring.sessionId());
        assertThat(session.state()).isEqualTo(SessionState.EXPIRED);
        assertThat(session.closedAt()).contains(clock.instant());
    }

    @Test
    void revokeDestroysUndeliveredMaterialAndIsIdempotent() {
        KeyService keys = service();
        IssuedSession issued = keys.openSession(request(256, Fallback.PQC));
        assertThat(keys.revoke(issued.sessionId()).state()).isEqualTo(SessionState.REVOKED);
        assertThatThrownBy(() -> keys.deliver(issued.keyRef())).isInstanceOf(KeyNotFoundException.class);
        assertThat(keys.revoke(issued.sessionId()).state()).isEqualTo(SessionState.REVOKED);
    }

    @Test
    void aDeliveredSessionStaysDeliveredWhenRevoked() {
        KeyService keys = service();
        IssuedSession issued = keys.openSession(request(256, Fallback.PQC));
        keys.deliver(issued.keyRef());
        assertThat(keys.session(issued.sessionId()).state()).isEqualTo(SessionState.DELIVERED);
        assertThat(keys.revoke(issued.sessionId()).state()).isEqualTo(SessionState.DELIVERED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "00000000-0000-4000-8000-000000000000", ""})
    void unknownSessionsAreNotFound(String sessionId) {
        KeyService keys = service();
        assertThatThrownBy(() -> keys.session(sessionId)).isInstanceOf(SessionNotFoundException.class);
        assertThatThrownBy(() -> keys.revoke(sessionId)).isInstanceOf(SessionNotFoundException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "../../etc/passwd",
        "éééééééééééééééééééééééééééééééé"})
    void malformedAndUnknownKeyRefsAreNotFoundWithOneMessage(String keyRef) {
        assertThatThrownBy(() -> service().deliver(keyRef))
                .isInstanceOf(KeyNotFoundException.class).hasMessage(KeyNotFoundException.MESSAGE);
    }

    @Test
    void noLinkAndNoFallbackIsUnavailableWithRetryAfterAndNothingWritten() {
        assertThatThrownBy(() -> service().openSession(request(256, Fallback.NONE)))
                .isInstanceOfSatisfying(KeySourceUnavailableException.class, e -> {
                    assertThat(e.retryAfterS()).isEqualTo(7);
                    assertThat(e.getMessage()).contains("fallback");
                });
        assertThat(store.sessions).isEmpty();
        assertThat(store.events).isEmpty();
    }

    @Test
    void aHealthyLinkServesQmkFromItsPool() {
        StaticLink link = StaticLink.healthy(0.02, 128);
        byte[] expected = StaticLink.healthy(0.02, 128).takeKey(256).orElseThrow();
        KeyService keys = service(link, 0.08);
        IssuedSession issued = keys.openSession(request(256, Fallback.NONE));
        assertThat(issued.mode()).isEqualTo(Mode.QMK);
        assertThat(issued.health().qber()).hasValue(0.02);
        assertThat(link.health().poolBits()).isEqualTo(1024 - 256);
        assertThat(unseal(keys.deliver(issued.keyRef()))).isEqualTo(expected);
    }

    @Test
    void anUnfitLinkFallsBackToPqcOrRefuses() {
        for (String why : List.of("qber above threshold", "degraded", "quarantined", "no rate", "pool too small")) {
            StaticLink link = StaticLink.healthy(0.02, 128);
            switch (why) {
                case "qber above threshold" -> link.set(LinkState.HEALTHY, 0.09, 24_000);
                case "degraded" -> link.set(LinkState.DEGRADED, 0.02, 24_000);
                case "quarantined" -> link.set(LinkState.QUARANTINED, 0.02, 24_000);
                case "no rate" -> link.set(LinkState.HEALTHY, 0.02, 0.0);
                default -> link.fill(new byte[16]);
            }
            long poolBefore = link.health().poolBits();
            KeyService keys = service(link, 0.08);
            assertThat(keys.openSession(request(256, Fallback.PQC)).mode()).as(why).isEqualTo(Mode.PQC);
            assertThat(link.health().poolBits()).as(why).isEqualTo(poolBefore);
            assertThat(keys.health().mode()).as(why).isEqualTo(Mode.PQC);
            assertThatThrownBy(() -> keys.openSession(request(256, Fallback.NONE)))
                    .as(why).isInstanceOf(KeySourceUnavailableException.class);
        }
    }

    @Test
    void healthReportsTheLinkAndTheModeASessionWouldGet() {
        StaticLink link = StaticLink.healthy(0.03, 512);
        ServiceHealth health = service(link, 0.05).health();
        assertThat(health.mode()).isEqualTo(Mode.QMK);
        assertThat(health.link().qber()).hasValue(0.03);
        assertThat(health.link().poolBits()).isEqualTo(4096);
        assertThat(health.qberThreshold()).isEqualTo(0.05);
    }

    @Test
    void everyChangeLeavesTheEvidenceThePrototypeWrote() {
        KeyService keys = service();
        IssuedSession delivered = keys.openSession(request(256, Fallback.PQC));
        keys.deliver(delivered.keyRef());
        IssuedSession revoked = keys.openSession(request(256, Fallback.PQC));
        keys.revoke(revoked.sessionId());
        keys.openSession(new SessionRequest("p", 256, OptionalInt.of(1), Fallback.PQC));
        clock.advance(Duration.ofSeconds(1));
        keys.sweep();
        assertThat(store.events).extracting(EvidenceEvent::type).containsExactly("session.created", "key.issued",
                "key.delivered", "session.created", "key.issued", "key.destroyed", "session.created", "key.issued",
                "key.destroyed");
        EvidenceEvent created = store.events.get(0);
        assertThat(created.actor()).isEqualTo("anonymous");
        assertThat(created.fields()).containsKeys("session_id", "peer_id", "policy", "fallback", "mode",
                "link_state", "qber", "rate_bps");
        assertThat(store.events.get(8).actor()).isEqualTo("sweeper");
        assertThat(store.events.get(8).fields()).containsEntry("reason", "expired");
        // Every event encodes as an entry (the encoder refuses key material).
        var appended = EvidenceAppends.encode(0, Instant.EPOCH, store.events, (level, index) -> {
            throw new AssertionError("a fresh tree reads no stored node");
        });
        assertThat(appended.size()).isEqualTo(9);
    }
}
