package io.lightvibes.service.store;

import static io.lightvibes.service.store.Sessions.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.store.Sessions.Made;
import io.lightvibes.service.store.TestDatabases.Engine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link KeyStore} promises, checked on SQLite (always), PostgreSQL (when
 * {@value TestDatabases#POSTGRES_URL_VARIABLE} is set) and the in-memory fake alike: the
 * prototype's {@code tests/store/test_sqlstore.py}.
 */
class KeyStoreContractTest {

    /** The stores under contract. */
    enum Kind {
        SQLITE,
        POSTGRESQL,
        IN_MEMORY
    }

    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    private KeyStore store(Kind kind) {
        return switch (kind) {
            case SQLITE -> databases.openStore(Engine.SQLITE);
            case POSTGRESQL -> databases.openStore(Engine.POSTGRESQL);
            case IN_MEMORY -> new InMemoryKeyStore();
        };
    }

    private static void assertSameCopy(Optional<SealedKeyRecord> actual, SealedKeyRecord expected) {
        assertThat(actual).isPresent();
        assertThat(actual.get()).usingRecursiveComparison().isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void answersPingOnceOpen(Kind kind) {
        assertThat(store(kind).ping()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sessionRoundTripsEveryField(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1", "initiator", "peer");
        store.createSession(made.session(), made.copies(), List.of());

        assertThat(store.getSession("s-1")).contains(made.session());

        SessionRecord pqc = new SessionRecord("s-2", "peer-carol", "PQC", 512, 30, NOW.plusNanos(1_000),
                NOW.plusSeconds(30), SessionState.OPEN, OptionalDouble.empty(), 0.0, "X-Wing", "rk-2", Optional.empty());
        store.createSession(pqc, List.of(Sessions.withKeyRef(made.copy(0), "s-2-i", "s-2")), List.of());
        assertThat(store.getSession("s-2")).contains(pqc);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void timesAreKeptToTheMicrosecond(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1", Instant.parse("2030-01-02T03:04:05.123456789Z"));
        store.createSession(made.session(), made.copies(), List.of());

        SessionRecord stored = store.getSession("s-1").orElseThrow();

        assertThat(stored.createdAt()).isEqualTo(Instant.parse("2030-01-02T03:04:05.123456Z"));
        assertThat(stored.expiresAt()).isEqualTo(Instant.parse("2030-01-02T03:06:05.123456Z"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void secondTakeOfAKeyIsEmpty(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1");
        store.createSession(made.session(), made.copies(), List.of());

        assertSameCopy(store.takeKey("s-1-initiator", NOW, EventsFor.none()), made.copy(0));
        assertThat(store.takeKey("s-1-initiator", NOW, EventsFor.none())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sealedBytesComeBackExactlyAsStored(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1");
        byte[] everyByte = new byte[512];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) (255 - i % 256);
        }
        store.createSession(made.session(), List.of(Sessions.withSealed(made.copy(0), everyByte.clone())), List.of());

        SealedKeyRecord taken = store.takeKey("s-1-initiator", NOW, EventsFor.none()).orElseThrow();

        assertThat(taken.sealed()).isEqualTo(everyByte);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void expiredAndUnknownRefsAreEmptyAndNotConsumed(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1");
        store.createSession(made.session(), made.copies(), List.of());

        assertThat(store.takeKey("s-1-initiator", made.session().expiresAt(), EventsFor.none())).isEmpty();
        assertThat(store.takeKey("no-such-ref", NOW, EventsFor.none())).isEmpty();
        // Refusing the expired copy neither consumed it nor closed the session.
        assertThat(store.getSession("s-1")).contains(made.session());
        Instant justBefore = made.session().expiresAt().minusNanos(1_000);
        assertSameCopy(store.takeKey("s-1-initiator", justBefore, EventsFor.none()), made.copy(0));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void lastCopyTakenDeliversTheSession(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1", "initiator", "peer");
        store.createSession(made.session(), made.copies(), List.of());
        Instant firstTake = NOW.plusSeconds(1);
        Instant lastTake = NOW.plusSeconds(2);

        store.takeKey("s-1-initiator", firstTake, EventsFor.none());
        assertThat(store.getSession("s-1")).contains(made.session());
        store.takeKey("s-1-peer", "peer", lastTake, EventsFor.none());

        assertThat(store.getSession("s-1")).contains(made.session().closed(SessionState.DELIVERED, lastTake));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void revokeDestroysUndeliveredCopies(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1", "initiator", "peer");
        store.createSession(made.session(), made.copies(), List.of());
        store.takeKey("s-1-initiator", NOW, EventsFor.none());
        Instant revokedAt = NOW.plusSeconds(3);

        Optional<SessionRecord> revoked = store.revokeSession("s-1", revokedAt, EventsFor.none());

        SessionRecord expected = made.session().closed(SessionState.REVOKED, revokedAt);
        assertThat(revoked).contains(expected);
        assertThat(store.getSession("s-1")).contains(expected);
        assertThat(store.takeKey("s-1-peer", "peer", NOW, EventsFor.none())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void revocationIsIdempotentAndReportsOnlyOnce(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1");
        store.createSession(made.session(), made.copies(), List.of());
        List<SessionRecord> reported = new ArrayList<>();
        EventsFor<SessionRecord> report = found -> {
            reported.add(found);
            return List.of();
        };

        Optional<SessionRecord> first = store.revokeSession("s-1", NOW.plusSeconds(1), report);
        Optional<SessionRecord> second = store.revokeSession("s-1", NOW.plusSeconds(9), report);

        SessionRecord expected = made.session().closed(SessionState.REVOKED, NOW.plusSeconds(1));
        assertThat(first).contains(expected);
        assertThat(second).contains(expected);
        assertThat(reported).containsExactly(expected);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void revokeLeavesADeliveredSessionDelivered(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1");
        store.createSession(made.session(), made.copies(), List.of());
        store.takeKey("s-1-initiator", NOW, EventsFor.none());
        SessionRecord delivered = made.session().closed(SessionState.DELIVERED, NOW);

        assertThat(store.revokeSession("s-1", NOW.plusSeconds(5), EventsFor.none())).contains(delivered);
        assertThat(store.getSession("s-1")).contains(delivered);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void revokeOfAnUnknownSessionIsEmpty(Kind kind) {
        KeyStore store = store(kind);
        assertThat(store.revokeSession("no-such-session", NOW, EventsFor.none())).isEmpty();
        assertThat(store.getSession("no-such-session")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sweepDestroysExpiredCopiesAndExpiresTheirSessions(Kind kind) {
        KeyStore store = store(kind);
        Made early = Sessions.make("early", "initiator", "peer");
        Made delivered = Sessions.make("delivered");
        Made later = Sessions.make("later", NOW.plus(Duration.ofMinutes(10)));
        for (Made made : List.of(early, delivered, later)) {
            store.createSession(made.session(), made.copies(), List.of());
        }
        store.takeKey("delivered-initiator", NOW, EventsFor.none());
        Instant sweepAt = early.session().expiresAt();
        List<List<SealedKeyRecord>> reported = new ArrayList<>();

        assertThat(store.sweepExpired(sweepAt, swept -> {
            reported.add(swept);
            return List.of();
        })).isEqualTo(2);
        assertThat(store.sweepExpired(sweepAt, swept -> {
            reported.add(swept);
            return List.of();
        })).isZero();

        assertThat(reported).hasSize(1);
        assertThat(reported.getFirst()).extracting(SealedKeyRecord::keyRef)
                .containsExactlyInAnyOrder("early-initiator", "early-peer");
        assertThat(store.getSession("early")).contains(early.session().closed(SessionState.EXPIRED, sweepAt));
        assertThat(store.getSession("delivered")).contains(delivered.session().closed(SessionState.DELIVERED, NOW));
        assertThat(store.getSession("later")).contains(later.session());
        assertSameCopy(store.takeKey("later-initiator", sweepAt, EventsFor.none()), later.copy(0));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sixtyFourRacingTakesDeliverExactlyOnce(Kind kind) throws InterruptedException {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1");
        store.createSession(made.session(), made.copies(), List.of());

        List<Optional<SealedKeyRecord>> results = Race.run(64,
                i -> () -> store.takeKey("s-1-initiator", NOW, EventsFor.none()));

        assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
        assertSameCopy(results.stream().filter(Optional::isPresent).findFirst().orElseThrow(), made.copy(0));
        assertThat(store.getSession("s-1").orElseThrow().state()).isEqualTo(SessionState.DELIVERED);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void bothCopiesTakenAtOnceStillDeliverTheSession(Kind kind) throws InterruptedException {
        // Each taker must see the other's deletion before deciding the session is not finished.
        KeyStore store = store(kind);
        List<Made> sessions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Made made = Sessions.make("s-" + i, "initiator", "peer");
            store.createSession(made.session(), made.copies(), List.of());
            sessions.add(made);
        }
        Instant at = NOW.plusSeconds(1);

        List<Optional<SealedKeyRecord>> taken = Race.run(20,
                i -> () -> store.takeKey(sessions.get(i / 2).copy(i % 2).keyRef(), sessions.get(i / 2).copy(i % 2).party(), at, EventsFor.none()));

        assertThat(taken).allMatch(Optional::isPresent);
        for (Made made : sessions) {
            assertThat(store.getSession(made.session().sessionId()))
                    .contains(made.session().closed(SessionState.DELIVERED, at));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void revokeRacingTakeLeavesAConsistentOutcome(Kind kind) throws InterruptedException {
        KeyStore store = store(kind);
        for (int i = 0; i < 10; i++) {
            Made made = Sessions.make("s-" + i);
            store.createSession(made.session(), made.copies(), List.of());
        }

        List<Object> outcomes = Race.run(20, i -> () -> i % 2 == 0
                ? store.takeKey("s-" + i / 2 + "-initiator", NOW, EventsFor.none())
                : store.revokeSession("s-" + i / 2, NOW, EventsFor.none()));

        for (int i = 0; i < 10; i++) {
            @SuppressWarnings("unchecked")
            Optional<SealedKeyRecord> taken = (Optional<SealedKeyRecord>) outcomes.get(2 * i);
            @SuppressWarnings("unchecked")
            Optional<SessionRecord> revoked = (Optional<SessionRecord>) outcomes.get(2 * i + 1);
            SessionRecord last = store.getSession("s-" + i).orElseThrow();
            assertThat(revoked).contains(last);
            // Either the taker won (delivered) or the revoker did (nothing was handed out).
            assertThat(last.state()).isEqualTo(taken.isPresent() ? SessionState.DELIVERED : SessionState.REVOKED);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void twoPartiesShareOneKeyRefAndEachTakesOnlyItsOwnCopy(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1", "alice", "bob");
        List<SealedKeyRecord> shared = List.of(Sessions.withKeyRef(made.copy(0), "ref-1", "s-1"),
                Sessions.withKeyRef(made.copy(1), "ref-1", "s-1"));
        store.createSession(made.session(), shared, List.of());

        assertThat(store.takeKey("ref-1", "mallory", NOW, EventsFor.none())).isEmpty();
        assertThat(store.takeKey("ref-1", NOW, EventsFor.none())).isEmpty(); // no initiator copy
        assertThat(store.takeKey("ref-1", "alice", NOW, EventsFor.none()).orElseThrow().sealed())
                .isEqualTo(made.copy(0).sealed());
        assertThat(store.takeKey("ref-1", "alice", NOW, EventsFor.none())).isEmpty();
        assertThat(store.getSession("s-1").orElseThrow().state()).isEqualTo(SessionState.OPEN);
        assertThat(store.takeKey("ref-1", "bob", NOW, EventsFor.none()).orElseThrow().sealed())
                .isEqualTo(made.copy(1).sealed());
        assertThat(store.getSession("s-1").orElseThrow().state()).isEqualTo(SessionState.DELIVERED);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theOpenerIsKept(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1", "alice", "bob");
        SessionRecord s = made.session();
        SessionRecord opened = new SessionRecord(s.sessionId(), s.peerId(), s.mode(), s.keyBits(), s.ttlS(),
                s.createdAt(), s.expiresAt(), s.state(), s.qber(), s.rateBps(), s.sealSuite(), s.recipientKeyId(),
                s.closedAt(), Optional.of("alice"));
        store.createSession(opened, made.copies(), List.of());

        SessionRecord read = store.getSession("s-1").orElseThrow();
        assertThat(read.openedBy()).contains("alice");
        assertThat(read.hasParty("alice")).isTrue();
        assertThat(read.hasParty(s.peerId())).isTrue();
        assertThat(read.hasParty("mallory")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void createSessionIsAtomic(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1", "initiator", "peer");
        // The same party's copy twice: (key_ref, party) is the copy's identity.
        List<SealedKeyRecord> duplicateRef = List.of(made.copy(0), Sessions.withSealed(made.copy(0), new byte[] {1}));

        assertThatThrownBy(() -> store.createSession(made.session(), duplicateRef, List.of()))
                .isInstanceOf(StoreConflictException.class);

        assertThat(store.getSession("s-1")).isEmpty();
        store.createSession(made.session(), made.copies(), List.of());
        assertThat(store.getSession("s-1")).contains(made.session());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDuplicateSessionOrKeyRefIsAConflict(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1");
        store.createSession(made.session(), made.copies(), List.of());
        Made other = Sessions.make("s-2");

        assertThatThrownBy(() -> store.createSession(made.session(),
                List.of(Sessions.withKeyRef(made.copy(0), "fresh", "s-1")), List.of()))
                .isInstanceOf(StoreConflictException.class)
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> store.createSession(other.session(),
                List.of(Sessions.withKeyRef(other.copy(0), "s-1-initiator", "s-2")), List.of()))
                .isInstanceOf(StoreConflictException.class)
                .hasMessageContaining("already exists");

        assertThat(store.getSession("s-2")).isEmpty();
        assertSameCopy(store.takeKey("s-1-initiator", NOW, EventsFor.none()), made.copy(0));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void twoCopiesForOnePartyAreAConflict(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1", "initiator", "initiator-2");
        SealedKeyRecord second = made.copy(1);
        SealedKeyRecord sameParty = new SealedKeyRecord(second.keyRef(), "s-1", "initiator", second.sealed(),
                second.mode(), second.sealSuite(), second.recipientKeyId(), second.expiresAt());

        assertThatThrownBy(() -> store.createSession(made.session(), List.of(made.copy(0), sameParty), List.of()))
                .isInstanceOf(StoreConflictException.class);
        assertThat(store.getSession("s-1")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void copiesOfAnotherSessionOrNoCopiesAreRefused(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1");
        Made other = Sessions.make("s-2");

        assertThatThrownBy(() -> store.createSession(made.session(), other.copies(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belong to the session");
        assertThatThrownBy(() -> store.createSession(made.session(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void eventsAreBuiltFromWhatTheChangeFoundAndOnlyWhenItChangedSomething(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1");
        store.createSession(made.session(), made.copies(), List.of());
        List<SealedKeyRecord> seen = new ArrayList<>();
        EventsFor<SealedKeyRecord> record = copy -> {
            seen.add(copy);
            return List.of();
        };

        store.takeKey("no-such-ref", NOW, record);
        assertThat(seen).isEmpty();
        store.takeKey("s-1-initiator", NOW, record);
        assertThat(seen).singleElement().usingRecursiveComparison().isEqualTo(made.copy(0));
        AtomicInteger sweeps = new AtomicInteger();
        store.sweepExpired(NOW.plus(Duration.ofDays(1)), swept -> {
            sweeps.incrementAndGet();
            return List.of();
        });
        assertThat(sweeps).hasValue(0);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aChangeWhoseEventsCannotBeBuiltDoesNotHappen(Kind kind) {
        KeyStore store = store(kind);
        Made made = Sessions.make("s-1", "initiator", "peer");
        store.createSession(made.session(), made.copies(), List.of());
        EventsFor<Object> refuse = found -> {
            throw new IllegalStateException("cannot log this");
        };

        assertThatThrownBy(() -> store.takeKey("s-1-initiator", NOW, refuse::eventsFor))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.revokeSession("s-1", NOW, refuse::eventsFor))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.sweepExpired(NOW.plus(Duration.ofDays(1)), refuse::eventsFor))
                .isInstanceOf(IllegalStateException.class);

        assertThat(store.getSession("s-1")).contains(made.session());
        assertSameCopy(store.takeKey("s-1-initiator", NOW, EventsFor.none()), made.copy(0));
        assertSameCopy(store.takeKey("s-1-peer", "peer", NOW, EventsFor.none()), made.copy(1));
    }
}
