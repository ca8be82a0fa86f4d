package io.lightvibes.service.store;

import io.lightvibes.service.evidence.EvidenceAppends;
import io.lightvibes.service.evidence.EvidenceAppends.Appended;
import io.lightvibes.service.evidence.EvidenceAppends.Entry;
import io.lightvibes.service.evidence.EvidenceAppends.Node;
import io.lightvibes.service.evidence.EvidenceAppends.NodeId;
import io.lightvibes.service.evidence.EvidenceEvent;
import io.lightvibes.service.evidence.StoredNodeException;
import io.lightvibes.service.evidence.StoredTree;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The evidence log's transaction bodies (RFC 9162 tree over stored complete subtrees).
 *
 * <p>An append reads the single head row (locked FOR UPDATE on PostgreSQL; inside BEGIN
 * IMMEDIATE on SQLite the file lock already excludes other writers), fetches the few stored
 * nodes the new leaves need in one query, and writes the entries, the nodes they complete and
 * the new head: O(log n) hashes and reads, never the whole tree. It runs inside the transaction
 * of the change it records; a write group appends its writes' entries together, last
 * ({@link GroupedEvidence}).
 */
final class EvidenceTransactions {

    private static final String READ_HEAD = "SELECT size, last_time FROM evidence_head WHERE id = 1";
    private static final String SET_HEAD = "UPDATE evidence_head SET size = ?, last_time = ? WHERE id = 1";
    private static final String INSERT_ENTRY = "INSERT INTO evidence_entries (seq, data) VALUES (?, ?)";
    private static final String INSERT_NODE = "INSERT INTO evidence_nodes (node, hash) VALUES (?, ?)";
    private static final String READ_ENTRIES =
            "SELECT data FROM evidence_entries WHERE seq >= ? AND seq < ? ORDER BY seq";
    private static final String INSERT_CHECKPOINT =
            "INSERT INTO evidence_checkpoints (tree_size, note, created_at) VALUES (?, ?, ?)";
    private static final String CHECKPOINT_COLUMNS = "SELECT tree_size, note, created_at FROM evidence_checkpoints";
    private static final String LIST_CHECKPOINTS = CHECKPOINT_COLUMNS + " ORDER BY id LIMIT ? OFFSET ?";
    private static final String LATEST_CHECKPOINT = CHECKPOINT_COLUMNS + " ORDER BY id DESC LIMIT 1";

    private final Dialect dialect;

    EvidenceTransactions(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The tree size and newest entry time, as the head row holds them. */
    private record Head(long size, long lastTimeMicros) {
    }

    /**
     * Appends entries for {@code events} in the transaction open on {@code connection} and returns
     * the tree size afterwards. Entries that cannot be written throw {@link BackendFailure.EvidenceRefused}.
     */
    long append(Connection connection, List<EvidenceEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return size(connection);
        }
        Head head = lockHead(connection);
        Map<NodeId, byte[]> stored = nodes(connection, EvidenceAppends.siblingsReadBy(head.size(), events.size()));
        Appended appended;
        try {
            appended = EvidenceAppends.encode(head.size(), Micros.toInstant(head.lastTimeMicros()), events,
                    (level, index) -> stored.get(new NodeId(level, index)));
        } catch (StoredNodeException damaged) {
            throw new BackendFailure.EvidenceRefused(damaged);
        }
        try {
            insertEntries(connection, appended.entries());
            insertNodes(connection, appended.nodes());
            try (PreparedStatement update = connection.prepareStatement(SET_HEAD)) {
                update.setLong(1, appended.size());
                update.setLong(2, Micros.of(appended.lastTime()));
                update.executeUpdate();
            }
        } catch (SQLException refused) {
            // Fail-closed: the change this entry records rolls back with it.
            throw new BackendFailure.EvidenceRefused(refused);
        }
        return appended.size();
    }

    /**
     * Takes the append lock (the head row, FOR UPDATE) for the rest of the transaction open on
     * {@code connection}; PostgreSQL only, where a write group takes it before anything else.
     */
    void lockHeadFirst(Connection connection) throws SQLException {
        lockHead(connection);
    }

    long size(Connection connection) throws SQLException {
        return readHead(connection, READ_HEAD).size();
    }

    List<byte[]> entries(Connection connection, long start, long end) throws SQLException {
        List<byte[]> entries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(READ_ENTRIES)) {
            select.setLong(1, start);
            select.setLong(2, end);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(rows.getBytes(1));
                }
            }
        }
        return Collections.unmodifiableList(entries);
    }

    /** The stored nodes among {@code ids}, in one indexed {@code IN} query. */
    Map<NodeId, byte[]> nodes(Connection connection, Collection<NodeId> ids) throws SQLException {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String placeholders = String.join(", ", Collections.nCopies(ids.size(), "?"));
        Map<NodeId, byte[]> found = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT node, hash FROM evidence_nodes WHERE node IN (" + placeholders + ")")) {
            int parameter = 1;
            for (NodeId id : ids) {
                select.setLong(parameter++, EvidenceAppends.nodeKey(id.level(), id.index()));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.put(EvidenceAppends.nodeId(rows.getLong(1)), rows.getBytes(2));
                }
            }
        }
        return Collections.unmodifiableMap(found);
    }

    /** Signs the current tree under the append lock and stores the note (RFC 9162 §2.1.1 root). */
    StoredCheckpoint signCheckpoint(Connection connection, CheckpointSigner signer, Instant createdAt)
            throws SQLException {
        long size = lockHead(connection).size();
        byte[] root;
        try {
            root = StoredTree.rootFromNodes(size, nodes(connection, StoredTree.rootNodeIds(size)));
        } catch (StoredNodeException damaged) {
            throw new BackendFailure.EvidenceRefused(damaged);
        }
        String note = signer.sign(size, root);
        long created = Micros.of(createdAt);
        try (PreparedStatement insert = connection.prepareStatement(INSERT_CHECKPOINT)) {
            insert.setLong(1, size);
            insert.setString(2, note);
            insert.setLong(3, created);
            insert.executeUpdate();
        }
        return new StoredCheckpoint(size, note, Micros.toInstant(created));
    }

    Optional<StoredCheckpoint> latestCheckpoint(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(LATEST_CHECKPOINT);
                ResultSet row = select.executeQuery()) {
            return row.next() ? Optional.of(checkpoint(row)) : Optional.empty();
        }
    }

    List<StoredCheckpoint> checkpoints(Connection connection, long start, int limit) throws SQLException {
        List<StoredCheckpoint> listed = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(LIST_CHECKPOINTS)) {
            select.setInt(1, limit);
            select.setLong(2, start);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    listed.add(checkpoint(rows));
                }
            }
        }
        return Collections.unmodifiableList(listed);
    }

    private Head lockHead(Connection connection) throws SQLException {
        return readHead(connection, dialect.hasRowLocks() ? READ_HEAD + " FOR UPDATE" : READ_HEAD);
    }

    private static Head readHead(Connection connection, String query) throws SQLException {
        // Prepared, so the writer reuses it (CachedStatements).
        try (PreparedStatement select = connection.prepareStatement(query); ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("the evidence head row is missing");
            }
            return new Head(row.getLong(1), row.getLong(2));
        }
    }

    private static void insertEntries(Connection connection, List<Entry> entries) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_ENTRY)) {
            for (Entry entry : entries) {
                insert.setLong(1, entry.seq());
                insert.setBytes(2, entry.data());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void insertNodes(Connection connection, List<Node> nodes) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_NODE)) {
            for (Node node : nodes) {
                insert.setLong(1, EvidenceAppends.nodeKey(node.level(), node.index()));
                insert.setBytes(2, node.hash());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static StoredCheckpoint checkpoint(ResultSet row) throws SQLException {
        return new StoredCheckpoint(row.getLong(1), row.getString(2), Micros.toInstant(row.getLong(3)));
    }

    static void requireRange(long start, long end) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "entries [%d, %d) is not a range of the log: need 0 <= start <= end", start, end));
        }
    }
}
