package io.lightvibes.service.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.evidence.EvidenceAppends.Appended;
import io.lightvibes.service.evidence.EvidenceAppends.Entry;
import io.lightvibes.service.evidence.EvidenceAppends.Node;
import io.lightvibes.service.evidence.EvidenceAppends.NodeId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shared append: it reads only the nodes fetched up front, and builds the RFC 9162 tree. */
class EvidenceAppendsTest {

    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    static List<EvidenceEvent> events(int count) {
        List<EvidenceEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new EvidenceEvent("key.issued", "t", T0, Map.of("n", i)));
        }
        return events;
    }

    @Test
    void readsOnlyThePrefetchedNodesAndBuildsTheRfcTree() {
        for (int size = 0; size < 70; size++) {
            Appended first = EvidenceAppends.encode(0, T0, events(size), (level, index) -> {
                throw new AssertionError("a fresh tree reads nothing it did not create");
            });
            assertThat(first.size()).isEqualTo(size);
            Map<NodeId, byte[]> stored = new HashMap<>();
            first.nodes().forEach(node -> stored.put(node.id(), node.hash()));
            for (int count = 1; count <= 5; count++) {
                Set<NodeId> prefetched = new HashSet<>(EvidenceAppends.siblingsReadBy(size, count));
                List<NodeId> reads = new ArrayList<>();
                Appended more = EvidenceAppends.encode(size, T0, events(count), (level, index) -> {
                    reads.add(new NodeId(level, index));
                    return stored.get(new NodeId(level, index));
                });
                assertThat(prefetched).as("size %d, count %d", size, count).containsAll(reads);
                assertThat(more.size()).isEqualTo(size + count);
                assertThat(more.entries().stream().map(Entry::seq).toList())
                        .isEqualTo(java.util.stream.LongStream.range(size, size + count).boxed().toList());
                List<byte[]> leaves = new ArrayList<>();
                first.entries().forEach(entry -> leaves.add(entry.data()));
                more.entries().forEach(entry -> leaves.add(entry.data()));
                Map<NodeId, byte[]> nodes = new HashMap<>(stored);
                for (Node node : more.nodes()) {
                    assertThat(nodes.put(node.id(), node.hash())).as("node %s written twice", node.id()).isNull();
                }
                // Every perfect subtree the batch completed hashes as RFC 9162 says, and all exist.
                assertThat(nodes).hasSize(2 * (size + count) - Long.bitCount(size + count));
                nodes.forEach((id, hash) -> {
                    int start = (int) (id.index() << id.level());
                    int end = (int) ((id.index() + 1) << id.level());
                    assertThat(hash).as("node %s", id).isEqualTo(Merkle.rootHash(leaves.subList(start, end)));
                });
            }
        }
    }

    @Test
    void siblingsReadByAreTheLeftSiblingsAlreadyStored() {
        // Appending leaf 7 to a tree of 7 completes (0,7), (1,3), (2,1), (3,0): it reads (0,6), (1,2), (2,0).
        assertThat(EvidenceAppends.siblingsReadBy(7, 1))
                .containsExactly(new NodeId(0, 6), new NodeId(1, 2), new NodeId(2, 0));
        // Within a batch, siblings the batch itself creates are not fetched.
        assertThat(EvidenceAppends.siblingsReadBy(6, 2)).containsExactly(new NodeId(1, 2), new NodeId(2, 0));
        assertThat(EvidenceAppends.siblingsReadBy(0, 8)).isEmpty();
        assertThat(EvidenceAppends.siblingsReadBy(5, 0)).isEmpty();
    }

    @Test
    void timesNeverGoBackwards() {
        List<EvidenceEvent> batch = List.of(
                new EvidenceEvent("key.issued", "t", T0.plusSeconds(3), Map.of()),
                new EvidenceEvent("key.issued", "t", T0, Map.of()));
        Appended appended = EvidenceAppends.encode(0, T0.plusSeconds(1), batch, (level, index) -> null);
        assertThat(appended.lastTime()).isEqualTo(T0.plusSeconds(3));
        for (Entry entry : appended.entries()) {
            assertThat(new String(entry.data(), StandardCharsets.UTF_8)).contains("\"time\":\"2030-01-01T00:00:03.000000Z\"");
        }
        Appended later = EvidenceAppends.encode(0, T0, List.of(
                new EvidenceEvent("key.issued", "t", T0.plus(Duration.ofNanos(1500)), Map.of())), (level, index) -> null);
        assertThat(later.lastTime()).isEqualTo(T0.plus(Duration.ofNanos(1000))); // to the microsecond, as written
        assertThat(EvidenceAppends.encode(4, T0, List.of(), (level, index) -> null))
                .satisfies(empty -> {
                    assertThat(empty.entries()).isEmpty();
                    assertThat(empty.nodes()).isEmpty();
                    assertThat(empty.size()).isEqualTo(4);
                    assertThat(empty.lastTime()).isEqualTo(T0);
                });
    }

    @Test
    void anUnloggableEventRefusesTheWholeBatchBeforeAnyRead() {
        List<EvidenceEvent> batch = List.of(
                new EvidenceEvent("key.issued", "t", T0, Map.of("n", 1)),
                new EvidenceEvent("key.issued", "t", T0, Map.of("session_key", "00ff")));
        assertThatThrownBy(() -> EvidenceAppends.encode(1, T0, batch, (level, index) -> {
                    throw new AssertionError("no node is read for a refused batch");
                }))
                .isInstanceOf(UnloggableEventException.class)
                .isInstanceOf(EvidenceException.class)
                .hasMessage("fields.session_key: a field named like key material is never logged")
                .hasMessageNotContaining("00ff");
    }

    @Test
    void aMissingStoredSiblingIsAStoredNodeFailure() {
        assertThatThrownBy(() -> EvidenceAppends.encode(1, T0, events(1), (level, index) -> null))
                .isInstanceOf(StoredNodeException.class).hasMessage("stored Merkle node (0, 0) is missing");
        assertThatThrownBy(() -> EvidenceAppends.encode(1, T0, events(1), (level, index) -> new byte[3]))
                .isInstanceOf(StoredNodeException.class).hasMessage("stored Merkle node (0, 0) is 3 bytes, not 32");
    }

    @Test
    void nodeKeysPackLevelAndIndexIntoOneBigint() {
        assertThat(EvidenceAppends.nodeKey(0, 0)).isZero();
        assertThat(EvidenceAppends.nodeKey(1, 5)).isEqualTo((1L << 56) | 5);
        assertThat(EvidenceAppends.nodeKey(56, 0)).isEqualTo(56L << 56).isPositive();
        long maxIndex = (1L << 56) - 1;
        for (NodeId id : List.of(new NodeId(0, 0), new NodeId(3, 17), new NodeId(0, maxIndex), new NodeId(127, maxIndex))) {
            assertThat(EvidenceAppends.nodeId(EvidenceAppends.nodeKey(id.level(), id.index()))).isEqualTo(id);
        }
        assertThatThrownBy(() -> EvidenceAppends.nodeKey(0, 1L << 56)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EvidenceAppends.nodeKey(128, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EvidenceAppends.nodeKey(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EvidenceAppends.nodeId(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
