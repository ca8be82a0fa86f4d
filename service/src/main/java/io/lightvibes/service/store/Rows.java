package io.lightvibes.service.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/** The columns of {@code sessions} and {@code sealed_keys}, and records to and from their rows. */
final class Rows {

    static final String SESSION_COLUMNS = "session_id, peer_id, mode, key_bits, ttl_s, created_at, expires_at, "
            + "state, qber, rate_bps, seal_suite, recipient_key_id, closed_at, opened_by";
    static final String SEALED_KEY_COLUMNS =
            "key_ref, session_id, party, sealed, mode, seal_suite, recipient_key_id, expires_at";

    private Rows() {
    }

    /** Binds every session column, in {@link #SESSION_COLUMNS} order, from parameter 1. */
    static void bindSession(PreparedStatement statement, SessionRecord session) throws SQLException {
        statement.setString(1, session.sessionId());
        statement.setString(2, session.peerId());
        statement.setString(3, session.mode());
        statement.setInt(4, session.keyBits());
        statement.setInt(5, session.ttlS());
        statement.setLong(6, Micros.of(session.createdAt()));
        statement.setLong(7, Micros.of(session.expiresAt()));
        statement.setString(8, session.state().wireName());
        if (session.qber().isPresent()) {
            statement.setDouble(9, session.qber().getAsDouble());
        } else {
            statement.setNull(9, Types.DOUBLE);
        }
        statement.setDouble(10, session.rateBps());
        statement.setString(11, session.sealSuite());
        statement.setString(12, session.recipientKeyId());
        if (session.closedAt().isPresent()) {
            statement.setLong(13, Micros.of(session.closedAt().get()));
        } else {
            statement.setNull(13, Types.BIGINT);
        }
        if (session.openedBy().isPresent()) {
            statement.setString(14, session.openedBy().get());
        } else {
            statement.setNull(14, Types.VARCHAR);
        }
    }

    /** Binds every sealed-key column, in {@link #SEALED_KEY_COLUMNS} order, from parameter 1. */
    static void bindSealedKey(PreparedStatement statement, SealedKeyRecord copy) throws SQLException {
        statement.setString(1, copy.keyRef());
        statement.setString(2, copy.sessionId());
        statement.setString(3, copy.party());
        statement.setBytes(4, copy.sealed());
        statement.setString(5, copy.mode());
        statement.setString(6, copy.sealSuite());
        statement.setString(7, copy.recipientKeyId());
        statement.setLong(8, Micros.of(copy.expiresAt()));
    }

    /** The session in the current row, selected as {@link #SESSION_COLUMNS}. */
    static SessionRecord session(ResultSet row) throws SQLException {
        double qber = row.getDouble(9);
        OptionalDouble maybeQber = row.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(qber);
        long closedAt = row.getLong(13);
        Optional<Instant> maybeClosedAt = row.wasNull() ? Optional.empty() : Optional.of(Micros.toInstant(closedAt));
        return new SessionRecord(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getInt(4),
                row.getInt(5),
                Micros.toInstant(row.getLong(6)),
                Micros.toInstant(row.getLong(7)),
                SessionState.fromWireName(row.getString(8)),
                maybeQber,
                row.getDouble(10),
                row.getString(11),
                row.getString(12),
                maybeClosedAt,
                Optional.ofNullable(row.getString(14)));
    }

    /** The sealed copy in the current row, selected as {@link #SEALED_KEY_COLUMNS}. */
    static SealedKeyRecord sealedKey(ResultSet row) throws SQLException {
        return new SealedKeyRecord(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getBytes(4),
                row.getString(5),
                row.getString(6),
                row.getString(7),
                Micros.toInstant(row.getLong(8)));
    }
}
