package io.lightvibes.service.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.evidence.EntryType;
import io.lightvibes.service.evidence.EvidenceEvent;
import io.lightvibes.service.identity.Principal;
import io.lightvibes.service.sealing.HpkeOpener;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.store.SealedKeyRecord;
import io.lightvibes.service.store.SessionState;
import io.lightvibes.service.testing.FakePqc;
import io.lightvibes.service.testing.MemoryStore;
import io.lightvibes.service.testing.MutableClock;
import io.lightvibes.sim.link.AbsentLink;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sessions between two registered peers: one copy per party, each sealed to that party's own key. */
class TwoPartyDeliveryTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final RecipientPrivateKey ALICE_KEY = RecipientPrivateKey.generate(SealSuite.X25519, RANDOM);
    private static final RecipientPrivateKey BOB_KEY = RecipientPrivateKey.generate(SealSuite.MLKEM768_X25519, RANDOM);
    private static final RecipientPrivateKey LOCAL_KEY = RecipientPrivateKey.generate(SealSuite.X25519, RANDOM);
    private static final Principal ALICE = Principal.peer("alice", Set.of());
    private static final Principal BOB = Principal.peer("bob", Set.of());
    private static final Principal MALLORY = Principal.peer("mallory", Set.of());

    private final MemoryStore store = new MemoryStore();
    private final MutableClock clock = new MutableClock();
    private final Map<String, RecipientPrivateKey> registered = Map.of("alice", ALICE_KEY, "bob", BOB_KEY,
            "mallory", RecipientPrivateKey.generate(SealSuite.X25519, RANDOM));
    private final KeyService keys = new KeyService(store,
            new ModeController(new AbsentLink(), new FakePqc(), 0.08, 5),
            new HpkeSealer(LOCAL_KEY.publicKey(), RANDOM),
            peerId -> Optional.ofNullable(registered.get(peerId)).map(RecipientPrivateKey::publicKey),
            clock, 120, new EvidenceEvents(clock), RANDOM);

    private static SessionRequest withBob(int bits) {
        return new SessionRequest("bob", bits, OptionalInt.empty(), Fallback.PQC);
    }

    private static byte[] unseal(DeliveredKey key, RecipientPrivateKey recipient) {
        try (var opened = HpkeOpener.open(recipient, key.keySealed(), key.keyRef())) {
            return opened.reveal().clone();
        }
    }

    @Test
    void bothPartiesGetTheSameKeyEachSealedToItsOwnRecipientKey() {
        IssuedSession issued = keys.openSession(withBob(256), ALICE);

        DeliveredKey toAlice = keys.deliver(issued.keyRef(), ALICE);
        DeliveredKey toBob = keys.deliver(issued.keyRef(), BOB);

        assertThat(toAlice.seal().recipientKeyId()).isEqualTo(ALICE_KEY.publicKey().keyId());
        assertThat(toBob.seal().recipientKeyId()).isEqualTo(BOB_KEY.publicKey().keyId());
        assertThat(toBob.seal().suite()).isEqualTo("mlkem768-x25519");
        assertThat(toAlice.keySealed()).isNotEqualTo(toBob.keySealed());
        byte[] aliceBytes = unseal(toAlice, ALICE_KEY);
        assertThat(aliceBytes).hasSize(32).isEqualTo(unseal(toBob, BOB_KEY));
        // Each copy opens only with its own party's key.
        assertThatThrownBy(() -> unseal(toBob, ALICE_KEY)).isInstanceOf(RuntimeException.class);
        // The response's seal names the opener's copy.
        assertThat(issued.seal().recipientKeyId()).isEqualTo(ALICE_KEY.publicKey().keyId());
    }

    @Test
    void eachPartyFetchesOnceAndMaterialIsDestroyedWhenBothHave() {
        IssuedSession issued = keys.openSession(withBob(256), ALICE);
        keys.deliver(issued.keyRef(), BOB);
        assertThatThrownBy(() -> keys.deliver(issued.keyRef(), BOB)).isInstanceOf(KeyNotFoundException.class);
        assertThat(keys.session(issued.sessionId(), ALICE).state()).isEqualTo(SessionState.OPEN);

        keys.deliver(issued.keyRef(), ALICE);

        assertThat(store.sealedKeys).isEmpty();
        assertThat(keys.session(issued.sessionId(), BOB).state()).isEqualTo(SessionState.DELIVERED);
        assertThatThrownBy(() -> keys.deliver(issued.keyRef(), ALICE)).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void aThirdPartyGetsTheSameNotFoundAsForAnUnknownKey() {
        IssuedSession issued = keys.openSession(withBob(256), ALICE);

        var stranger = org.assertj.core.api.Assertions.catchThrowable(() -> keys.deliver(issued.keyRef(), MALLORY));
        var unknown = org.assertj.core.api.Assertions.catchThrowable(
                () -> keys.deliver("kr_" + "A".repeat(43), MALLORY));
        assertThat(stranger).isInstanceOf(KeyNotFoundException.class).hasMessage(unknown.getMessage());
        // Nor does the local operator's (unauthenticated) fetch reach a two-party session's copies.
        assertThatThrownBy(() -> keys.deliver(issued.keyRef())).isInstanceOf(KeyNotFoundException.class);
        assertThat(store.sealedKeys).hasSize(2);
        assertThatThrownBy(() -> keys.session(issued.sessionId(), MALLORY))
                .isInstanceOf(SessionNotFoundException.class);
        assertThatThrownBy(() -> keys.revoke(issued.sessionId(), MALLORY))
                .isInstanceOf(SessionNotFoundException.class);
        assertThat(keys.session(issued.sessionId(), BOB).state()).isEqualTo(SessionState.OPEN);
    }

    @Test
    void eitherPartyMayRevoke() {
        IssuedSession issued = keys.openSession(withBob(256), ALICE);

        assertThat(keys.revoke(issued.sessionId(), BOB).state()).isEqualTo(SessionState.REVOKED);

        assertThat(store.sealedKeys).isEmpty();
        assertThatThrownBy(() -> keys.deliver(issued.keyRef(), ALICE)).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void expiryDestroysBothCopies() {
        IssuedSession issued = keys.openSession(new SessionRequest("bob", 256, OptionalInt.of(5), Fallback.PQC), ALICE);
        keys.deliver(issued.keyRef(), ALICE);
        clock.advance(Duration.ofSeconds(5));

        assertThat(keys.sweep()).isEqualTo(1);

        assertThat(store.sealedKeys).isEmpty();
        assertThat(keys.session(issued.sessionId(), ALICE).state()).isEqualTo(SessionState.EXPIRED);
    }

    @Test
    void evidenceNamesTheCallerAndEveryCopy() {
        IssuedSession issued = keys.openSession(withBob(256), ALICE);
        keys.deliver(issued.keyRef(), BOB);

        assertThat(store.events).extracting(EvidenceEvent::type).containsExactly(EntryType.SESSION_CREATED.value(),
                EntryType.KEY_ISSUED.value(), EntryType.KEY_ISSUED.value(), EntryType.KEY_DELIVERED.value());
        assertThat(store.events.subList(0, 3)).allMatch(event -> event.actor().equals("alice"));
        assertThat(store.events.get(1).fields()).containsEntry("party", "alice");
        assertThat(store.events.get(2).fields()).containsEntry("party", "bob")
                .containsEntry("recipient_key_id", BOB_KEY.publicKey().keyId());
        assertThat(store.events.get(3).actor()).isEqualTo("bob");
        assertThat(store.events.get(3).fields()).containsEntry("party", "bob");
    }

    @Test
    void theLocalOperatorKeepsTheSingleCopyOfThePrototype() {
        IssuedSession issued = keys.openSession(withBob(256));

        assertThat(store.sealedKeys.values()).extracting(SealedKeyRecord::party)
                .containsExactly(SealedKeyRecord.INITIATOR);
        assertThat(store.events.getFirst().actor()).isEqualTo(EvidenceEvents.ACTOR_ANONYMOUS);
        assertThat(unseal(keys.deliver(issued.keyRef()), LOCAL_KEY)).hasSize(32);
    }

    @Test
    void aSessionNeedsTwoDistinctRegisteredPeers() {
        assertThatThrownBy(() -> keys.openSession(new SessionRequest("alice", 256, OptionalInt.empty(), Fallback.PQC),
                ALICE)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("caller itself");
        assertThatThrownBy(() -> keys.openSession(new SessionRequest("carol", 256, OptionalInt.empty(), Fallback.PQC),
                ALICE)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("'carol'");
        assertThatThrownBy(() -> keys.openSession(withBob(256), Principal.peer("dave", Set.of())))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no registered recipient key");
        assertThat(store.sessions).isEmpty();
        assertThat(store.events).isEmpty();
    }
}
