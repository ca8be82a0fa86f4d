package io.lightvibes.service.store;

import io.lightvibes.service.evidence.EvidenceEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The ETSI key copies' transaction bodies, for SQLite and PostgreSQL alike. */
final class EtsiKeyTransactions {

    private static final String COLUMNS =
            "key_id, slave_sae_id, master_sae_id, wrapped, key_bits, mode, created_at, expires_at";
    private static final String INSERT = "INSERT INTO etsi_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    /** Whoever deletes the row takes the copy: at most once, across processes. */
    private static final String TAKE = "DELETE FROM etsi_keys WHERE key_id = ? AND slave_sae_id = ? "
            + "AND master_sae_id = ? AND expires_at > ? RETURNING " + COLUMNS;
    private static final String COUNT = "SELECT COUNT(*) FROM etsi_keys WHERE master_sae_id = ? AND slave_sae_id = ? "
            + "AND expires_at > ?";
    private static final String SWEEP = "DELETE FROM etsi_keys WHERE expires_at <= ? RETURNING " + COLUMNS;

    private final EvidenceAppender evidence;

    EtsiKeyTransactions(EvidenceAppender evidence) {
        this.evidence = evidence;
    }

    void insert(Connection connection, List<EtsiKeyRecord> copies, List<EvidenceEvent> events) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (EtsiKeyRecord copy : copies) {
                insert.setString(1, copy.keyId());
                insert.setString(2, copy.slaveSaeId());
                insert.setString(3, copy.masterSaeId());
                insert.setBytes(4, copy.wrapped());
                insert.setInt(5, copy.keyBits());
                insert.setString(6, copy.mode());
                insert.setLong(7, Micros.of(copy.createdAt()));
                insert.setLong(8, Micros.of(copy.expiresAt()));
                insert.executeUpdate();
            }
        }
        append(connection, events);
    }

    /** Takes every named copy, or none: a single missing one rolls the others back (empty). */
    Optional<List<EtsiKeyRecord>> takeAll(Connection connection, String masterSaeId, String slaveSaeId,
            List<String> keyIds, Instant now, Function<List<EtsiKeyRecord>, List<EvidenceEvent>> events)
            throws SQLException {
        List<EtsiKeyRecord> taken = new ArrayList<>(keyIds.size());
        try (PreparedStatement take = connection.prepareStatement(TAKE)) {
            for (String keyId : keyIds) {
                take.setString(1, keyId);
                take.setString(2, slaveSaeId);
                take.setString(3, masterSaeId);
                take.setLong(4, Micros.of(now));
                try (ResultSet row = take.executeQuery()) {
                    if (!row.next()) {
                        throw new MissingCopy();
                    }
                    taken.add(record(row));
                }
            }
        }
        append(connection, events.apply(List.copyOf(taken)));
        return Optional.of(List.copyOf(taken));
    }

    long count(Connection connection, String masterSaeId, String slaveSaeId, Instant now) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(COUNT)) {
            count.setString(1, masterSaeId);
            count.setString(2, slaveSaeId);
            count.setLong(3, Micros.of(now));
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    List<EtsiKeyRecord> sweep(Connection connection, Instant now, Function<List<EtsiKeyRecord>, List<EvidenceEvent>> events)
            throws SQLException {
        List<EtsiKeyRecord> swept = new ArrayList<>();
        try (PreparedStatement sweep = connection.prepareStatement(SWEEP)) {
            sweep.setLong(1, Micros.of(now));
            try (ResultSet rows = sweep.executeQuery()) {
                while (rows.next()) {
                    swept.add(record(rows));
                }
            }
        }
        if (!swept.isEmpty()) {
            append(connection, events.apply(List.copyOf(swept)));
        }
        return List.copyOf(swept);
    }

    private static EtsiKeyRecord record(ResultSet row) throws SQLException {
        return new EtsiKeyRecord(row.getString(1), row.getString(2), row.getString(3), row.getBytes(4), row.getInt(5),
                row.getString(6), Micros.toInstant(row.getLong(7)), Micros.toInstant(row.getLong(8)));
    }

    private void append(Connection connection, List<EvidenceEvent> events) throws SQLException {
        if (!events.isEmpty()) {
            evidence.append(connection, events);
        }
    }

    /** Thrown inside the transaction so that it rolls back; {@link EtsiKeyStore} answers empty. */
    static final class MissingCopy extends RuntimeException {
        MissingCopy() {
            super("a named key is not there for this pair", null, false, false);
        }
    }
}
