package io.lightvibes.service.store;

import io.lightvibes.service.identity.NewPeer;
import io.lightvibes.service.identity.PeerConflictException;
import io.lightvibes.service.identity.PeerRecord;
import io.lightvibes.service.identity.PeerStatus;
import io.lightvibes.service.identity.Principal;
import io.lightvibes.service.identity.RegisteredPeer;
import io.lightvibes.service.identity.Roles;
import io.lightvibes.service.identity.TokenHash;
import io.lightvibes.service.sealing.RecipientPublicKey;
import io.lightvibes.service.sealing.SealSuite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The peer registry's transaction bodies, written once for SQLite and PostgreSQL (tables
 * {@code peers} and {@code peer_recipient_keys}, migration V4). No statement ever carries a token:
 * only its SHA-256.
 */
final class PeerTransactions {

    private static final String PEER_COLUMNS = "peer_id, token_hash, cert_subject, roles, status, created_at, revoked_at";
    private static final String KEY_COLUMNS = "peer_id, key_id, suite, public_key, created_at";
    private static final String INSERT_PEER = "INSERT INTO peers (" + PEER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_KEY = "INSERT INTO peer_recipient_keys (" + KEY_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?)";
    private static final String SELECT_PEERS = "SELECT " + PEER_COLUMNS + " FROM peers";
    private static final String SELECT_KEYS = "SELECT " + KEY_COLUMNS + " FROM peer_recipient_keys";
    /** Newest first; a key added in the same microsecond is ordered by its id, so the answer is stable. */
    private static final String NEWEST_FIRST = " ORDER BY created_at DESC, key_id DESC";
    private static final String STATUS_OF_NAME = "SELECT status FROM peers WHERE peer_id = ?";
    private static final String OWNER_OF_SUBJECT = "SELECT peer_id FROM peers WHERE cert_subject = ?";
    private static final String REVOKE = "UPDATE peers SET status = 'revoked', revoked_at = ?, token_hash = NULL "
            + "WHERE peer_id = ? AND status = 'active'";
    private static final String REPLACE_TOKEN = "UPDATE peers SET token_hash = ? WHERE peer_id = ? AND status = 'active'";
    private static final String ACTIVE_BY_TOKEN = "SELECT peer_id, roles, token_hash FROM peers "
            + "WHERE token_hash = ? AND status = 'active'";
    private static final String ACTIVE_BY_SUBJECT = "SELECT peer_id, roles FROM peers "
            + "WHERE cert_subject = ? AND status = 'active'";

    void insert(Connection connection, NewPeer peer) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(STATUS_OF_NAME)) {
            select.setString(1, peer.peerId());
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    throw new PeerConflictException(String.format(Locale.ROOT,
                            "A peer named %s exists already (%s); peer names are never reused, choose another.",
                            peer.peerId(), row.getString(1)));
                }
            }
        }
        if (peer.certSubject().isPresent()) {
            try (PreparedStatement select = connection.prepareStatement(OWNER_OF_SUBJECT)) {
                select.setString(1, peer.certSubject().get());
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        throw new PeerConflictException(String.format(Locale.ROOT,
                                "The certificate subject %s is registered to peer %s (subjects are never reused, "
                                        + "not even after a revocation); issue the certificate with another subject.",
                                peer.certSubject().get(), row.getString(1)));
                    }
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_PEER)) {
            insert.setString(1, peer.peerId());
            insert.setBytes(2, peer.tokenHash().bytes());
            if (peer.certSubject().isPresent()) {
                insert.setString(3, peer.certSubject().get());
            } else {
                insert.setNull(3, Types.VARCHAR);
            }
            insert.setString(4, Roles.column(peer.roles()));
            insert.setString(5, PeerStatus.ACTIVE.wireName());
            insert.setLong(6, Micros.of(peer.createdAt()));
            insert.setNull(7, Types.BIGINT);
            insert.executeUpdate();
        }
        insertKey(connection, peer.peerId(), peer.recipientKey(), peer.createdAt());
    }

    private static void insertKey(Connection connection, String peerId, RecipientPublicKey key, Instant addedAt)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_KEY)) {
            insert.setString(1, peerId);
            insert.setString(2, key.keyId());
            insert.setString(3, key.suite().wireName());
            insert.setBytes(4, key.publicBytes());
            insert.setLong(5, Micros.of(addedAt));
            insert.executeUpdate();
        }
    }

    List<PeerRecord> list(Connection connection) throws SQLException {
        Map<String, List<PeerRecord.RecipientKey>> keys = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT_KEYS + NEWEST_FIRST);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                keys.computeIfAbsent(rows.getString("peer_id"), id -> new ArrayList<>()).add(recipientKey(rows));
            }
        }
        List<PeerRecord> peers = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT_PEERS + " ORDER BY peer_id");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                peers.add(peer(rows, keys.getOrDefault(rows.getString("peer_id"), List.of())));
            }
        }
        return peers;
    }

    Optional<PeerRecord> find(Connection connection, String peerId) throws SQLException {
        List<PeerRecord.RecipientKey> keys = keysOf(connection, peerId);
        try (PreparedStatement select = connection.prepareStatement(SELECT_PEERS + " WHERE peer_id = ?")) {
            select.setString(1, peerId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(peer(row, keys)) : Optional.empty();
            }
        }
    }

    Optional<RegisteredPeer> active(Connection connection, String peerId) throws SQLException {
        return find(connection, peerId)
                .filter(peer -> peer.status() == PeerStatus.ACTIVE && !peer.recipientKeys().isEmpty())
                .map(peer -> new RegisteredPeer(peer.peerId(), peer.roles(), peer.recipientKeys().getFirst().publicKey(),
                        peer.certSubject()));
    }

    boolean revoke(Connection connection, String peerId, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(REVOKE)) {
            update.setLong(1, Micros.of(now));
            update.setString(2, peerId);
            return update.executeUpdate() == 1;
        }
    }

    boolean replaceToken(Connection connection, String peerId, TokenHash tokenHash) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(REPLACE_TOKEN)) {
            update.setBytes(1, tokenHash.bytes());
            update.setString(2, peerId);
            return update.executeUpdate() == 1;
        }
    }

    Optional<Principal> activeByToken(Connection connection, TokenHash presented) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(ACTIVE_BY_TOKEN)) {
            select.setBytes(1, presented.bytes());
            try (ResultSet row = select.executeQuery()) {
                // The index found the row; the stored hash is still compared in constant time.
                if (row.next() && presented.matches(TokenHash.fromBytes(row.getBytes("token_hash")))) {
                    return Optional.of(Principal.peer(row.getString("peer_id"), Roles.fromColumn(row.getString("roles"))));
                }
                return Optional.empty();
            }
        }
    }

    Optional<Principal> activeBySubject(Connection connection, String subject) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(ACTIVE_BY_SUBJECT)) {
            select.setString(1, subject);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(Principal.peer(row.getString("peer_id"), Roles.fromColumn(row.getString("roles"))))
                        : Optional.empty();
            }
        }
    }

    private static List<PeerRecord.RecipientKey> keysOf(Connection connection, String peerId) throws SQLException {
        List<PeerRecord.RecipientKey> keys = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT_KEYS + " WHERE peer_id = ?" + NEWEST_FIRST)) {
            select.setString(1, peerId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.add(recipientKey(rows));
                }
            }
        }
        return keys;
    }

    private static PeerRecord.RecipientKey recipientKey(ResultSet row) throws SQLException {
        String suiteName = row.getString("suite");
        String peerId = row.getString("peer_id");
        SealSuite suite = SealSuite.fromWireName(suiteName).orElseThrow(() -> new IllegalStateException(
                "peer " + peerId + " has a recipient key of unknown suite '" + suiteName + "'"));
        return new PeerRecord.RecipientKey(RecipientPublicKey.of(suite, row.getBytes("public_key")),
                Micros.toInstant(row.getLong("created_at")));
    }

    private static PeerRecord peer(ResultSet row, List<PeerRecord.RecipientKey> keys) throws SQLException {
        String statusName = row.getString("status");
        String peerId = row.getString("peer_id");
        PeerStatus status = PeerStatus.fromWireName(statusName).orElseThrow(() -> new IllegalStateException(
                "peer " + peerId + " has an unknown status '" + statusName + "'"));
        long revokedAt = row.getLong("revoked_at");
        Optional<Instant> revoked = row.wasNull() ? Optional.empty() : Optional.of(Micros.toInstant(revokedAt));
        return new PeerRecord(peerId, Roles.fromColumn(row.getString("roles")), status,
                Optional.ofNullable(row.getString("cert_subject")), row.getBytes("token_hash") != null, keys,
                Micros.toInstant(row.getLong("created_at")), revoked);
    }
}
