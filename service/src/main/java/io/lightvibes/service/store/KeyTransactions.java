package io.lightvibes.service.store;

import io.lightvibes.service.evidence.EvidenceEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The key store's transaction bodies, written once for SQLite and PostgreSQL.
 *
 * <p>Every body runs in a write group that holds the log's head before anything else (SQLite's
 * file lock at BEGIN IMMEDIATE, PostgreSQL's evidence head row: {@link GroupTransaction}), so on
 * both databases one write runs at a time and sees every write before it committed. That is what
 * makes a take decide its session's state: the write that deletes the last copy closes the
 * session, with no row lock of its own.
 */
final class KeyTransactions {

    /** Sessions closed per statement by a sweep, well under SQLite's bound-parameter limit. */
    private static final int SWEEP_BATCH = 500;

    private static final String INSERT_SESSION = "INSERT INTO sessions (" + Rows.SESSION_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_SEALED_KEY = "INSERT INTO sealed_keys (" + Rows.SEALED_KEY_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT_SESSION = "SELECT " + Rows.SESSION_COLUMNS
            + " FROM sessions WHERE session_id = ?";
    /** The one statement that decides who gets a key: whoever deletes the row. */
    private static final String TAKE_SEALED_KEY = "DELETE FROM sealed_keys WHERE key_ref = ? AND party = ? AND expires_at > ? "
            + "RETURNING " + Rows.SEALED_KEY_COLUMNS;
    private static final String DESTROY_SEALED_KEYS = "DELETE FROM sealed_keys WHERE session_id = ?";
    private static final String SWEEP_SEALED_KEYS = "DELETE FROM sealed_keys WHERE expires_at <= ? "
            + "RETURNING " + Rows.SEALED_KEY_COLUMNS;
    private static final String NO_COPIES_LEFT =
            " AND state = 'open' AND NOT EXISTS (SELECT 1 FROM sealed_keys WHERE sealed_keys.session_id = sessions.session_id)";
    private static final String CLOSE_SESSION_IF_NO_COPIES =
            "UPDATE sessions SET state = ?, closed_at = ? WHERE session_id = ?" + NO_COPIES_LEFT;
    /**
     * PostgreSQL: the take and the session's close in one statement, one round trip instead of two
     * on the writer's connection. Every part of a statement sees the data as it was when the
     * statement began (data-modifying WITH), so the copy being deleted is still visible to NOT
     * EXISTS and is left out of it by name.
     */
    private static final String TAKE_AND_CLOSE = "WITH taken AS (" + TAKE_SEALED_KEY + "), closed AS ("
            + "UPDATE sessions SET state = ?, closed_at = ? WHERE session_id IN (SELECT session_id FROM taken)"
            + " AND state = 'open' AND NOT EXISTS (SELECT 1 FROM sealed_keys WHERE sealed_keys.session_id = "
            + "sessions.session_id AND NOT (sealed_keys.key_ref = ? AND sealed_keys.party = ?))"
            + ") SELECT " + Rows.SEALED_KEY_COLUMNS + " FROM taken";
    private static final String REVOKE_SESSION =
            "UPDATE sessions SET state = 'revoked', closed_at = ? WHERE session_id = ?";

    private final Dialect dialect;
    private final EvidenceAppender evidence;

    KeyTransactions(Dialect dialect, EvidenceAppender evidence) {
        this.dialect = dialect;
        this.evidence = evidence;
    }

    void insertSession(Connection connection, SessionRecord session, List<SealedKeyRecord> copies,
            List<EvidenceEvent> events) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_SESSION)) {
            Rows.bindSession(insert, session);
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_SEALED_KEY)) {
            for (SealedKeyRecord copy : copies) {
                Rows.bindSealedKey(insert, copy);
                insert.executeUpdate();
            }
        }
        append(connection, events);
    }

    Optional<SessionRecord> selectSession(Connection connection, String sessionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_SESSION)) {
            select.setString(1, sessionId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(Rows.session(row)) : Optional.empty();
            }
        }
    }

    Optional<SealedKeyRecord> takeKey(Connection connection, String keyRef, String party, Instant now,
            EventsFor<SealedKeyRecord> events) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            return takeAndClose(connection, keyRef, party, now, events);
        }
        Optional<SealedKeyRecord> taken;
        try (PreparedStatement take = connection.prepareStatement(TAKE_SEALED_KEY)) {
            take.setString(1, keyRef);
            take.setString(2, party);
            take.setLong(3, Micros.of(now));
            try (ResultSet row = take.executeQuery()) {
                taken = row.next() ? Optional.of(Rows.sealedKey(row)) : Optional.empty();
            }
        }
        if (taken.isEmpty()) {
            return taken;
        }
        SealedKeyRecord copy = taken.get();
        try (PreparedStatement close = connection.prepareStatement(CLOSE_SESSION_IF_NO_COPIES)) {
            close.setString(1, SessionState.DELIVERED.wireName());
            close.setLong(2, Micros.of(now));
            close.setString(3, copy.sessionId());
            close.executeUpdate();
        }
        append(connection, events.eventsFor(copy));
        return taken;
    }

    private Optional<SealedKeyRecord> takeAndClose(Connection connection, String keyRef, String party, Instant now,
            EventsFor<SealedKeyRecord> events) throws SQLException {
        Optional<SealedKeyRecord> taken;
        try (PreparedStatement take = connection.prepareStatement(TAKE_AND_CLOSE)) {
            take.setString(1, keyRef);
            take.setString(2, party);
            take.setLong(3, Micros.of(now));
            take.setString(4, SessionState.DELIVERED.wireName());
            take.setLong(5, Micros.of(now));
            take.setString(6, keyRef);
            take.setString(7, party);
            try (ResultSet row = take.executeQuery()) {
                taken = row.next() ? Optional.of(Rows.sealedKey(row)) : Optional.empty();
            }
        }
        if (taken.isPresent()) {
            append(connection, events.eventsFor(taken.get()));
        }
        return taken;
    }

    Optional<SessionRecord> revokeSession(Connection connection, String sessionId, Instant now,
            EventsFor<SessionRecord> events) throws SQLException {
        try (PreparedStatement destroy = connection.prepareStatement(DESTROY_SEALED_KEYS)) {
            destroy.setString(1, sessionId);
            destroy.executeUpdate();
        }
        Optional<SessionRecord> found = selectSession(connection, sessionId);
        if (found.isEmpty() || found.get().state() != SessionState.OPEN) {
            return found;
        }
        try (PreparedStatement revoke = connection.prepareStatement(REVOKE_SESSION)) {
            revoke.setLong(1, Micros.of(now));
            revoke.setString(2, sessionId);
            revoke.executeUpdate();
        }
        SessionRecord revoked = found.get().closed(SessionState.REVOKED, Micros.toInstant(Micros.of(now)));
        append(connection, events.eventsFor(revoked));
        return Optional.of(revoked);
    }

    int sweepExpired(Connection connection, Instant now, EventsFor<List<SealedKeyRecord>> events)
            throws SQLException {
        List<SealedKeyRecord> swept = new ArrayList<>();
        try (PreparedStatement sweep = connection.prepareStatement(SWEEP_SEALED_KEYS)) {
            sweep.setLong(1, Micros.of(now));
            try (ResultSet rows = sweep.executeQuery()) {
                while (rows.next()) {
                    swept.add(Rows.sealedKey(rows));
                }
            }
        }
        SortedSet<String> sessionIds = new TreeSet<>();
        swept.forEach(copy -> sessionIds.add(copy.sessionId()));
        List<String> ordered = List.copyOf(sessionIds);
        for (int start = 0; start < ordered.size(); start += SWEEP_BATCH) {
            expireSessions(connection, ordered.subList(start, Math.min(ordered.size(), start + SWEEP_BATCH)), now);
        }
        if (!swept.isEmpty()) {
            append(connection, events.eventsFor(Collections.unmodifiableList(swept)));
        }
        return swept.size();
    }

    /** Marks {@code sessionIds} expired if no copy is left. */
    private void expireSessions(Connection connection, List<String> sessionIds, Instant now) throws SQLException {
        String placeholders = String.join(", ", Collections.nCopies(sessionIds.size(), "?"));
        String close = "UPDATE sessions SET state = ?, closed_at = ? WHERE session_id IN (" + placeholders + ")"
                + NO_COPIES_LEFT;
        try (PreparedStatement statement = connection.prepareStatement(close)) {
            statement.setString(1, SessionState.EXPIRED.wireName());
            statement.setLong(2, Micros.of(now));
            bindStrings(statement, 3, sessionIds);
            statement.executeUpdate();
        }
    }

    private void append(Connection connection, List<EvidenceEvent> events) throws SQLException {
        if (!events.isEmpty()) {
            evidence.append(connection, events);
        }
    }

    private static void bindStrings(PreparedStatement statement, int first, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setString(first + i, values.get(i));
        }
    }
}
