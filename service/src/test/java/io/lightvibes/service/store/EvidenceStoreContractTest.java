package io.lightvibes.service.store;

import static io.lightvibes.service.store.Sessions.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.evidence.Entries;
import io.lightvibes.service.evidence.EvidenceAppends.NodeId;
import io.lightvibes.service.evidence.EvidenceEntry;
import io.lightvibes.service.evidence.EvidenceEvent;
import io.lightvibes.service.evidence.Merkle;
import io.lightvibes.service.evidence.StoredTree;
import io.lightvibes.service.evidence.UnloggableEventException;
import io.lightvibes.service.store.KeyStoreContractTest.Kind;
import io.lightvibes.service.store.Sessions.Made;
import io.lightvibes.service.store.TestDatabases.Engine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The evidence log in the store, on SQLite, PostgreSQL and the in-memory fake: appended with each
 * change and fail-closed, proofs and roots from stored nodes, checkpoints in size order (the
 * prototype's {@code tests/store/test_evidence_store.py}).
 */
class EvidenceStoreContractTest {

    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    /** Both ports of one store. */
    private <S extends KeyStore & EvidenceStore> S store(Kind kind) {
        @SuppressWarnings("unchecked")
        S store = (S) switch (kind) {
            case SQLITE -> databases.openStore(Engine.SQLITE);
            case POSTGRESQL -> databases.openStore(Engine.POSTGRESQL);
            case IN_MEMORY -> new InMemoryKeyStore();
        };
        return store;
    }

    static EvidenceEvent event(String type, Map<String, Object> fields) {
        return new EvidenceEvent(type, "test", NOW, fields);
    }

    static EvidenceEvent event(int n) {
        return event("session.created", Map.of("n", n));
    }

    private static List<byte[]> entries(EvidenceStore store) {
        return store.evidenceEntries(0, store.evidenceSize());
    }

    private static EvidenceEntry last(EvidenceStore store) {
        return Entries.decode(entries(store).getLast());
    }

    static String note(long size, byte[] root) {
        return "note " + size + " " + HexFormat.of().formatHex(root) + "\n";
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aNewLogIsEmpty(Kind kind) {
        EvidenceStore store = store(kind);
        assertThat(store.evidenceSize()).isZero();
        assertThat(store.evidenceEntries(0, 10)).isEmpty();
        assertThat(store.latestCheckpoint()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void appendsNumberTheEntriesAndTheStoredTreeIsRfc9162(Kind kind) {
        EvidenceStore store = store(kind);
        for (int batch = 0; batch < 7; batch++) {
            List<EvidenceEvent> events = new ArrayList<>();
            for (int i = 0; i <= batch; i++) {
                events.add(event(batch * 10 + i));
            }
            assertThat(store.appendEvents(events)).isEqualTo((batch + 1) * (batch + 2) / 2);
        }
        List<byte[]> leaves = entries(store);
        assertThat(leaves).extracting(leaf -> Entries.decode(leaf).seq())
                .containsExactlyElementsOf(LongStream.range(0, 28).boxed().toList());
        for (int size = 0; size <= leaves.size(); size++) {
            byte[] root = StoredTree.rootFromNodes(size, store.evidenceNodes(StoredTree.rootNodeIds(size)));
            assertThat(root).isEqualTo(Merkle.rootHash(leaves.subList(0, size)));
        }
        long size = leaves.size();
        for (long index : new long[] {0, 5, size - 1}) {
            List<byte[]> proof = StoredTree.inclusionProofFromNodes(index, size,
                    store.evidenceNodes(StoredTree.inclusionNodeIds(index, size)));
            assertThat(proof).containsExactlyElementsOf(Merkle.inclusionProof(leaves, index));
            assertThat(Merkle.verifyInclusion(Merkle.leafHash(leaves.get((int) index)), index, size, proof,
                    Merkle.rootHash(leaves))).isTrue();
        }
        List<byte[]> consistency = StoredTree.consistencyProofFromNodes(11, size,
                store.evidenceNodes(StoredTree.consistencyNodeIds(11, size)));
        assertThat(consistency).containsExactlyElementsOf(Merkle.consistencyProof(leaves, 11));
        assertThat(store.evidenceEntries(3, 5)).extracting(leaf -> Entries.decode(leaf).seq()).containsExactly(3L, 4L);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    <S extends KeyStore & EvidenceStore> void changesAppendTheirEventsInTheSameTransaction(Kind kind) {
        S store = store(kind);
        Made first = Sessions.make("s-1");
        store.createSession(first.session(), first.copies(),
                List.of(event("session.created", Map.of("session_id", "s-1")), event("key.issued", Map.of())));
        assertThat(store.evidenceSize()).isEqualTo(2);
        EventsFor<SealedKeyRecord> delivered = copy -> List.of(event("key.delivered",
                Map.of("session_id", copy.sessionId(), "party", copy.party())));

        assertThat(store.takeKey("nope", NOW, delivered)).isEmpty();
        assertThat(store.evidenceSize()).isEqualTo(2);  // a miss logs nothing here
        assertThat(store.takeKey(first.copy(0).keyRef(), NOW, delivered)).isPresent();
        assertThat(last(store).type()).isEqualTo("key.delivered");
        assertThat(last(store).fields()).isEqualTo(Map.of("session_id", "s-1", "party", "initiator"));

        EventsFor<SessionRecord> revoked = found -> List.of(event("key.destroyed",
                Map.of("session_id", found.sessionId(), "reason", "revoked")));
        store.revokeSession("s-1", NOW, revoked);  // already delivered: nothing destroyed
        assertThat(store.evidenceSize()).isEqualTo(3);
        Made second = Sessions.make("s-2");
        store.createSession(second.session(), second.copies(), List.of());
        store.revokeSession("s-2", NOW, revoked);
        assertThat(last(store).fields()).containsEntry("reason", "revoked");

        Made third = Sessions.make("s-3");
        store.createSession(third.session(), third.copies(), List.of());
        EventsFor<List<SealedKeyRecord>> expired = found -> found.stream()
                .map(copy -> event("key.destroyed", Map.of("session_id", copy.sessionId(), "reason", "expired")))
                .toList();
        assertThat(store.sweepExpired(NOW.plus(Duration.ofDays(1)), expired)).isEqualTo(1);
        assertThat(last(store).fields()).isEqualTo(Map.of("session_id", "s-3", "reason", "expired"));
        assertThat(store.sweepExpired(NOW.plus(Duration.ofDays(2)), expired)).isZero();
        assertThat(store.evidenceSize()).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    <S extends KeyStore & EvidenceStore> void aFailedChangeLeavesNoEntry(Kind kind) {
        S store = store(kind);
        Made made = Sessions.make("dup");
        store.createSession(made.session(), made.copies(), List.of(event(1)));

        assertThatThrownBy(() -> store.createSession(made.session(), made.copies(), List.of(event(2))))
                .isInstanceOf(StoreConflictException.class);
        assertThat(store.evidenceSize()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    <S extends KeyStore & EvidenceStore> void keyMaterialInAnEventFailsClosed(Kind kind) {
        S store = store(kind);
        Made made = Sessions.make("leaky");

        assertThatThrownBy(() -> store.createSession(made.session(), made.copies(),
                List.of(event("session.created", Map.of("key_sealed", "AAAA")))))
                .isInstanceOf(UnloggableEventException.class)
                .hasMessageContaining("key");
        assertThat(store.getSession("leaky")).isEmpty();
        assertThat(store.evidenceSize()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    <S extends KeyStore & EvidenceStore> void concurrentChangesGetContiguousSequenceNumbers(Kind kind)
            throws InterruptedException {
        S store = store(kind);

        Race.run(40, i -> () -> {
            Made made = Sessions.make("c-" + i);
            store.createSession(made.session(), made.copies(),
                    List.of(event(i), event("key.issued", Map.of("i", i))));
            return null;
        });

        List<byte[]> leaves = entries(store);
        assertThat(leaves).extracting(leaf -> Entries.decode(leaf).seq())
                .containsExactlyElementsOf(LongStream.range(0, 80).boxed().toList());
        assertThat(StoredTree.rootFromNodes(80, store.evidenceNodes(StoredTree.rootNodeIds(80))))
                .isEqualTo(Merkle.rootHash(leaves));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void checkpointsSignTheCurrentRootAndAreKeptInOrder(Kind kind) {
        EvidenceStore store = store(kind);
        for (int added : new int[] {0, 3, 0, 6}) {
            List<EvidenceEvent> events = new ArrayList<>();
            for (int i = 0; i < added; i++) {
                events.add(event(i));
            }
            store.appendEvents(events);
            store.signCheckpoint(EvidenceStoreContractTest::note, NOW);
        }
        List<byte[]> leaves = entries(store);

        assertThat(store.latestCheckpoint()).contains(new StoredCheckpoint(9, note(9, Merkle.rootHash(leaves)), NOW));
        assertThat(store.checkpoints(1, 2)).extracting(StoredCheckpoint::treeSize).containsExactly(3L, 3L);
        List<StoredCheckpoint> listed = store.checkpoints(0, 100);
        assertThat(listed).extracting(StoredCheckpoint::treeSize).containsExactly(0L, 3L, 3L, 9L);
        assertThat(listed.get(1).note()).isEqualTo(note(3, Merkle.rootHash(leaves.subList(0, 3))));
        assertThat(listed.getFirst().note()).isEqualTo(note(0, Merkle.emptyRootHash()));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void entryTimesNeverGoBackwards(Kind kind) {
        // An event built before another but appended after it takes the later time.
        EvidenceStore store = store(kind);
        EvidenceEvent later = new EvidenceEvent("key.issued", "t", NOW.plusSeconds(5), Map.of());
        EvidenceEvent earlier = new EvidenceEvent("key.issued", "t", NOW, Map.of());

        store.appendEvents(List.of(later));
        store.appendEvents(List.of(earlier, later));

        assertThat(entries(store)).extracting(leaf -> Entries.decode(leaf).time())
                .containsExactly(NOW.plusSeconds(5), NOW.plusSeconds(5), NOW.plusSeconds(5));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void missingNodesAreLeftOut(Kind kind) {
        EvidenceStore store = store(kind);
        store.appendEvents(List.of(event(0), event(1), event(2)));

        Map<NodeId, byte[]> found = store.evidenceNodes(List.of(new NodeId(1, 0),
                new NodeId(1, 1),
                new NodeId(0, 2)));

        assertThat(found.keySet()).extracting(id -> id.level() + ":" + id.index()).containsExactlyInAnyOrder("1:0", "0:2");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void badRangesAreRefused(Kind kind) {
        EvidenceStore store = store(kind);
        assertThatThrownBy(() -> store.evidenceEntries(5, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.evidenceEntries(-1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.checkpoints(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
