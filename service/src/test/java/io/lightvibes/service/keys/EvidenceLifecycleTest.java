package io.lightvibes.service.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.evidence.Entries;
import io.lightvibes.service.evidence.EvidenceAudit;
import io.lightvibes.service.evidence.EvidenceEntry;
import io.lightvibes.service.evidence.NoteSigner;
import io.lightvibes.service.evidence.NoteSigningKey;
import io.lightvibes.service.link.EvidenceLinkSink;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.store.InMemoryKeyStore;
import io.lightvibes.service.store.StoreException;
import io.lightvibes.service.store.StoredCheckpoint;
import io.lightvibes.service.testing.FakePqc;
import io.lightvibes.service.testing.MutableClock;
import io.lightvibes.sim.link.AbsentLink;
import io.lightvibes.sim.link.LinkState;
import io.lightvibes.sim.link.LinkTransition;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every operation of a session's life leaves its evidence, the log audits, and nothing happens if it cannot. */
class EvidenceLifecycleTest {

    private static final String ORIGIN = "lifecycle.test/evidence";

    private final InMemoryKeyStore store = new InMemoryKeyStore();
    private final MutableClock clock = new MutableClock();
    private final NoteSigner signer = new NoteSigner(ORIGIN, NoteSigningKey.generate(new SecureRandom()));
    private EvidenceLog log;
    private KeyService keys;

    @BeforeEach
    void start() {
        store.open();
        log = new EvidenceLog(store, clock, ORIGIN, signer, 256, Duration.ofSeconds(10));
        log.start();
        keys = new KeyService(store, new ModeController(new AbsentLink(), new FakePqc(), 0.08, 5),
                new HpkeSealer(RecipientPrivateKey.generate(SealSuite.X25519, new SecureRandom()).publicKey(),
                        new SecureRandom()), clock, 120, new EvidenceEvents(clock), new SecureRandom());
    }

    private List<EvidenceEntry> logged() {
        return store.evidenceEntries(0, store.evidenceSize()).stream().map(Entries::decode).toList();
    }

    @Test
    void aSessionsLifeIsInTheLogAndAuditsUnderTheServersKey() {
        IssuedSession delivered = keys.openSession(new SessionRequest("node-b", 384, OptionalInt.empty(), Fallback.PQC));
        keys.deliver(delivered.keyRef());
        IssuedSession revoked = keys.openSession(new SessionRequest("node-c", 256, OptionalInt.empty(), Fallback.PQC));
        keys.revoke(revoked.sessionId());
        IssuedSession expired = keys.openSession(new SessionRequest("node-d", 256, OptionalInt.of(5), Fallback.PQC));
        clock.advance(Duration.ofSeconds(5));
        keys.sweep();
        log.close();

        assertThat(logged()).extracting(EvidenceEntry::type, e -> e.fields().get("session_id")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("log.started", null),
                org.assertj.core.groups.Tuple.tuple("session.created", delivered.sessionId()),
                org.assertj.core.groups.Tuple.tuple("key.issued", delivered.sessionId()),
                org.assertj.core.groups.Tuple.tuple("key.delivered", delivered.sessionId()),
                org.assertj.core.groups.Tuple.tuple("session.created", revoked.sessionId()),
                org.assertj.core.groups.Tuple.tuple("key.issued", revoked.sessionId()),
                org.assertj.core.groups.Tuple.tuple("key.destroyed", revoked.sessionId()),
                org.assertj.core.groups.Tuple.tuple("session.created", expired.sessionId()),
                org.assertj.core.groups.Tuple.tuple("key.issued", expired.sessionId()),
                org.assertj.core.groups.Tuple.tuple("key.destroyed", expired.sessionId()));
        assertThat(logged().get(0).fields()).containsEntry("verifier", signer.verifierKey());
        List<String> notes = store.checkpoints(0, 1000).stream().map(StoredCheckpoint::note).toList();
        var report = EvidenceAudit.audit(store.evidenceEntries(0, store.evidenceSize()).iterator(), notes,
                List.of(signer.verifierKey()), Optional.empty());
        assertThat(report.ok()).as(report.verdict()).isTrue();
        assertThat(report.checkpoints()).isGreaterThanOrEqualTo(2); // at start and at close
    }

    @Test
    void linkTransitionsAreLoggedAndOnesThatChangeTheModeTwice() {
        var sink = new EvidenceLinkSink(log, clock);
        sink.emit(new LinkTransition(LinkTransition.Kind.HEALTHY, LinkState.DEGRADED, LinkState.HEALTHY,
                "2 blocks below threshold", OptionalDouble.of(0.031), 2));
        sink.emit(new LinkTransition(LinkTransition.Kind.QUARANTINED, LinkState.HEALTHY, LinkState.QUARANTINED,
                "QBER jumped", OptionalDouble.of(0.16), 3));
        sink.emit(new LinkTransition(LinkTransition.Kind.RESTORED, LinkState.QUARANTINED, LinkState.DEGRADED,
                "operator restore", OptionalDouble.empty(), 3));
        List<EvidenceEntry> entries = logged();
        assertThat(entries).extracting(EvidenceEntry::type).containsExactly("log.started", "link.healthy",
                "mode.changed", "link.quarantined", "mode.changed", "link.restored");
        assertThat(entries.get(2).fields()).containsEntry("from", "PQC").containsEntry("to", "QMK");
        assertThat(entries.get(4).fields()).containsEntry("from", "QMK").containsEntry("to", "PQC");
        assertThat(entries.get(5).fields()).containsEntry("qber", null);
        assertThat(entries.get(5).actor()).isEqualTo(EvidenceLinkSink.ACTOR_LINK);
    }

    @Test
    void whenTheLogRefusesNoKeyIsIssuedAndNothingIsDelivered() {
        IssuedSession issued = keys.openSession(new SessionRequest("p", 256, OptionalInt.empty(), Fallback.PQC));
        long size = store.evidenceSize();
        store.refuseAppends(true);
        assertThatThrownBy(() -> keys.openSession(new SessionRequest("q", 256, OptionalInt.empty(), Fallback.PQC)))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> keys.deliver(issued.keyRef())).isInstanceOf(StoreException.class);
        store.refuseAppends(false);
        assertThat(store.evidenceSize()).isEqualTo(size);
        assertThat(keys.deliver(issued.keyRef()).keyRef()).isEqualTo(issued.keyRef()); // still there, once
        assertThatThrownBy(() -> keys.deliver(issued.keyRef())).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void aRefusedLinkTransitionIsLoggedNotThrown() {
        store.refuseAppends(true);
        var sink = new EvidenceLinkSink(log, clock);
        sink.emit(new LinkTransition(LinkTransition.Kind.DEGRADED, LinkState.HEALTHY, LinkState.DEGRADED, "noisy",
                OptionalDouble.of(0.09), 4));
        store.refuseAppends(false);
        assertThat(logged()).extracting(EvidenceEntry::type).containsExactly("log.started");
    }
}
