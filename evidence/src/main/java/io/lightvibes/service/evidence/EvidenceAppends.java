package io.lightvibes.service.evidence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Turning evidence events into log entries and Merkle nodes: the one append every store uses.
 *
 * <p>Pure: it reads stored nodes through a callback and returns what to write, so an SQL store
 * runs it inside the operation's transaction (under the head-row lock) and an in-memory fake
 * under its own lock. Entries are RFC 9162 §2.1 leaves; each append stores the complete subtrees
 * the new leaves finish ({@link StoredTree#nodesCreatedByAppend}).
 */
public final class EvidenceAppends {

    // 2^56 leaves is far beyond any log; levels then stay below 2^7 and the key stays positive.
    private static final int NODE_INDEX_BITS = 56;
    private static final long NODE_INDEX_MASK = (1L << NODE_INDEX_BITS) - 1;
    private static final int MAX_NODE_LEVEL = (1 << (Long.SIZE - 1 - NODE_INDEX_BITS)) - 1;

    private EvidenceAppends() {}

    /** Returns the stored hash of the perfect subtree {@code (level, index)}. */
    @FunctionalInterface
    public interface NodeReader {
        byte[] read(int level, long index);
    }

    /** The perfect subtree over leaves {@code [index·2^level, (index+1)·2^level)}. */
    public record NodeId(int level, long index) {}

    /**
     * One entry to store.
     *
     * @param seq its position
     * @param data its exact leaf bytes (RFC 8785 JSON)
     */
    public record Entry(long seq, byte[] data) {}

    /** One complete-subtree node to store: its id and its 32-byte hash. */
    public record Node(int level, long index, byte[] hash) {

        public NodeId id() {
            return new NodeId(level, index);
        }
    }

    /**
     * What an append writes.
     *
     * @param entries the new entries, in seq order
     * @param nodes every perfect subtree they complete, each once, leaf first per entry
     * @param size the tree size afterwards
     * @param lastTime the newest entry's time afterwards (microseconds)
     */
    public record Appended(List<Entry> entries, List<Node> nodes, long size, Instant lastTime) {

        public Appended {
            entries = List.copyOf(entries);
            nodes = List.copyOf(nodes);
            Objects.requireNonNull(lastTime, "lastTime");
        }
    }

    /**
     * The stored nodes that appending {@code count} leaves to a tree of {@code size} reads, in
     * ascending (level, index) order: fetch them in one query before {@link #encode}.
     *
     * <p>Appending leaf s reads the left siblings on the right edge, one per trailing 1 bit of s;
     * only those lying wholly inside the first {@code size} leaves exist before the batch.
     */
    public static List<NodeId> siblingsReadBy(long size, int count) {
        if (size < 0 || count < 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "size %d and count %d must not be negative", size, count));
        }
        TreeSet<NodeId> needed = new TreeSet<>(
                (a, b) -> a.level() != b.level() ? Integer.compare(a.level(), b.level()) : Long.compare(a.index(), b.index()));
        for (long seq = size; seq < size + count; seq++) {
            for (int level = 0; (seq >>> level & 1) == 1; level++) {
                long index = (seq >>> level) - 1;
                if ((index + 1) << level <= size) {
                    needed.add(new NodeId(level, index));
                }
            }
        }
        return List.copyOf(needed);
    }

    /**
     * Entries for {@code events} from seq {@code size} on, and the perfect-subtree nodes they
     * complete. An event built before a concurrent one may be appended after it: its entry takes
     * the later time, max(event time, previous entry time), so times in the log never go backwards
     * (the audit checks that). Every event is encoded before any node is read.
     *
     * @param stored the nodes already stored; asked only for those {@link #siblingsReadBy} names
     * @throws UnloggableEventException for an event that cannot be logged (e.g. key material),
     *     before anything is returned
     */
    public static Appended encode(long size, Instant lastTime, List<EvidenceEvent> events, NodeReader stored) {
        if (size < 0) {
            throw new IllegalArgumentException("tree size " + size + " is negative");
        }
        Instant time = lastTime.truncatedTo(ChronoUnit.MICROS);
        List<Entry> entries = new ArrayList<>(events.size());
        for (EvidenceEvent event : events) {
            Instant eventTime = event.time().truncatedTo(ChronoUnit.MICROS);
            time = eventTime.isAfter(time) ? eventTime : time;
            long seq = size + entries.size();
            entries.add(new Entry(seq, Entries.encode(seq, time, event.type(), event.actor(), event.fields())));
        }
        Map<NodeId, byte[]> created = new HashMap<>();
        NodeReader read = (level, index) -> {
            byte[] node = created.get(new NodeId(level, index));
            return node != null ? node : stored.read(level, index);
        };
        List<Node> nodes = new ArrayList<>();
        for (Entry entry : entries) {
            for (Node node : StoredTree.nodesCreatedByAppend(entry.seq(), Merkle.leafHash(entry.data()), read)) {
                created.put(node.id(), node.hash());
                nodes.add(node);
            }
        }
        return new Appended(entries, nodes, size + entries.size(), time);
    }

    /** {@code (level << 56) | index}: one BIGINT per stored node, so a batch is one indexed IN lookup. */
    public static long nodeKey(int level, long index) {
        if (level < 0 || level > MAX_NODE_LEVEL || index < 0 || index > NODE_INDEX_MASK) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "node (%d, %d) has no key: level 0..%d, index below 2^%d",
                    level, index, MAX_NODE_LEVEL, NODE_INDEX_BITS));
        }
        return (long) level << NODE_INDEX_BITS | index;
    }

    /** The node a {@link #nodeKey} names. */
    public static NodeId nodeId(long key) {
        if (key < 0) {
            throw new IllegalArgumentException("node key " + key + " is negative");
        }
        return new NodeId((int) (key >>> NODE_INDEX_BITS), key & NODE_INDEX_MASK);
    }
}
