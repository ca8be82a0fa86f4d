package io.lightvibes.service.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tables through which replicas share one QKD link ({@link JdbcKeyStore#linkReplicas()},
 * docs/REPLICAS.md): who is alive and with which public key, the pool shares sealed to them, and
 * the link's health as its leader last published it. Every method is one transaction.
 */
public final class LinkReplicaStore {

    /** A replica as it registers: its id and the HPKE public key its shares are sealed to. */
    public record Replica(String replicaId, String suite, byte[] publicKey, Instant startedAt) {
        public Replica {
            Objects.requireNonNull(replicaId, "replicaId");
            Objects.requireNonNull(suite, "suite");
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }
    }

    /** A live replica as the leader sees it: its key, the bits it reported holding, the bits waiting for it. */
    public record LiveReplica(String replicaId, String suite, byte[] publicKey, long poolBits, long pendingBits) {
    }

    /** A share of the pool, sealed to one replica; {@code sealed} opens only with that replica's private key. */
    public record Share(String shareId, String replicaId, long generation, int bits, byte[] sealed, Instant createdAt) {
        public Share {
            Objects.requireNonNull(shareId, "shareId");
            Objects.requireNonNull(replicaId, "replicaId");
            if (bits <= 0 || bits % 8 != 0) {
                throw new IllegalArgumentException("a share holds a positive multiple of 8 bits, not " + bits);
            }
            sealed = sealed.clone();
        }

        @Override
        public byte[] sealed() {
            return sealed.clone();
        }
    }

    /** The link's health as published: by which leader, in which pool generation, when (JSON, no key material). */
    public record PublishedHealth(String leaderId, long generation, String health, Instant publishedAt) {
    }

    /**
     * What a replica's heartbeat brought back.
     *
     * @param registered false when the replica's row was gone (reaped after a long silence): register again
     * @param claimed the shares that were waiting for it, now deleted from the table
     * @param health the published health, empty before any leader published
     * @param livePoolBits the bits all live replicas reported holding
     */
    public record Heartbeat(boolean registered, List<Share> claimed, Optional<PublishedHealth> health,
            long livePoolBits) {
    }

    private static final String REGISTER = "INSERT INTO link_replicas (replica_id, suite, public_key, pool_bits, "
            + "started_at, heartbeat_at) VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT (replica_id) DO UPDATE SET "
            + "suite = excluded.suite, public_key = excluded.public_key, heartbeat_at = excluded.heartbeat_at";
    private static final String BEAT = "UPDATE link_replicas SET pool_bits = ?, heartbeat_at = ? WHERE replica_id = ?";
    private static final String SHARE_COLUMNS = "share_id, replica_id, generation, bits, sealed, created_at";
    /** Whoever deletes a share takes it: at most once, and only its replica can open it anyway. */
    private static final String CLAIM = "DELETE FROM link_shares WHERE replica_id = ? RETURNING " + SHARE_COLUMNS;
    private static final String HEALTH = "SELECT leader_id, generation, health, published_at FROM link_health WHERE id = 1";
    private static final String LIVE_POOL = "SELECT COALESCE(SUM(pool_bits), 0) FROM link_replicas WHERE heartbeat_at >= ?";
    private static final String LIVE = "SELECT r.replica_id, r.suite, r.public_key, r.pool_bits, "
            + "(SELECT COALESCE(SUM(s.bits), 0) FROM link_shares s WHERE s.replica_id = r.replica_id) "
            + "FROM link_replicas r WHERE r.heartbeat_at >= ? ORDER BY r.replica_id";
    private static final String PUBLISH = "INSERT INTO link_health (id, leader_id, generation, health, published_at) "
            + "VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET leader_id = excluded.leader_id, "
            + "generation = excluded.generation, health = excluded.health, published_at = excluded.published_at";
    private static final String INSERT_SHARE = "INSERT INTO link_shares (" + SHARE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
    private static final String REAP_SHARES = "DELETE FROM link_shares WHERE generation < ? OR replica_id IN "
            + "(SELECT replica_id FROM link_replicas WHERE heartbeat_at < ?)";
    private static final String REAP_REPLICAS = "DELETE FROM link_replicas WHERE heartbeat_at < ?";
    private static final String LEAVE_SHARES = "DELETE FROM link_shares WHERE replica_id = ?";
    private static final String LEAVE = "DELETE FROM link_replicas WHERE replica_id = ?";

    private final StoreCalls calls;

    LinkReplicaStore(Supplier<Backend> backend, StoreErrors errors) {
        this.calls = new StoreCalls(backend, errors);
    }

    /** Adds the replica with a heartbeat at {@code now}, or renews its key and heartbeat if its id is there already. */
    public void register(Replica replica, Instant now) {
        write("register this replica", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(REGISTER)) {
                insert.setString(1, replica.replicaId());
                insert.setString(2, replica.suite());
                insert.setBytes(3, replica.publicKey());
                insert.setLong(4, Micros.of(replica.startedAt()));
                insert.setLong(5, Micros.of(now));
                insert.executeUpdate();
            }
            return null;
        });
    }

    /**
     * A replica's heartbeat: reports the bits it holds, takes the shares waiting for it and reads
     * the published health and the live replicas' pool, in one transaction.
     *
     * @param liveSince heartbeats older than this count as dead
     */
    public Heartbeat heartbeat(String replicaId, long poolBits, Instant now, Instant liveSince) {
        return write("send this replica's heartbeat", connection -> {
            boolean registered;
            try (PreparedStatement beat = connection.prepareStatement(BEAT)) {
                beat.setLong(1, poolBits);
                beat.setLong(2, Micros.of(now));
                beat.setString(3, replicaId);
                registered = beat.executeUpdate() == 1;
            }
            List<Share> claimed = new ArrayList<>();
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setString(1, replicaId);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        claimed.add(share(rows));
                    }
                }
            }
            return new Heartbeat(registered, claimed, health(connection), livePool(connection, liveSince));
        });
    }

    /** The replicas whose heartbeat is not older than {@code liveSince}, by id. */
    public List<LiveReplica> live(Instant liveSince) {
        return read("list the live replicas", connection -> {
            try (PreparedStatement select = connection.prepareStatement(LIVE)) {
                select.setLong(1, Micros.of(liveSince));
                try (ResultSet rows = select.executeQuery()) {
                    List<LiveReplica> live = new ArrayList<>();
                    while (rows.next()) {
                        live.add(new LiveReplica(rows.getString(1), rows.getString(2), rows.getBytes(3),
                                rows.getLong(4), rows.getLong(5)));
                    }
                    return live;
                }
            }
        });
    }

    /**
     * The leader's tick: publishes the health, stores the new shares, and deletes what no live
     * replica can use (shares of an older generation, and replicas silent since {@code liveSince}
     * with their shares, which only their lost private keys could open).
     */
    public void publish(PublishedHealth health, List<Share> shares, Instant liveSince) {
        write("publish the link's health and pool shares", connection -> {
            try (PreparedStatement reap = connection.prepareStatement(REAP_SHARES)) {
                reap.setLong(1, health.generation());
                reap.setLong(2, Micros.of(liveSince));
                reap.executeUpdate();
            }
            try (PreparedStatement reap = connection.prepareStatement(REAP_REPLICAS)) {
                reap.setLong(1, Micros.of(liveSince));
                reap.executeUpdate();
            }
            try (PreparedStatement publish = connection.prepareStatement(PUBLISH)) {
                publish.setString(1, health.leaderId());
                publish.setLong(2, health.generation());
                publish.setString(3, health.health());
                publish.setLong(4, Micros.of(health.publishedAt()));
                publish.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT_SHARE)) {
                for (Share share : shares) {
                    insert.setString(1, share.shareId());
                    insert.setString(2, share.replicaId());
                    insert.setLong(3, share.generation());
                    insert.setInt(4, share.bits());
                    insert.setBytes(5, share.sealed());
                    insert.setLong(6, Micros.of(share.createdAt()));
                    insert.addBatch();
                }
                if (!shares.isEmpty()) {
                    insert.executeBatch();
                }
            }
            return null;
        });
    }

    /** The health as last published, if a leader ever published. */
    public Optional<PublishedHealth> health() {
        return read("read the link's health", LinkReplicaStore::health);
    }

    /** A clean leave: the replica's row and the shares nobody else could open. */
    public void leave(String replicaId) {
        write("unregister this replica", connection -> {
            for (String sql : List.of(LEAVE_SHARES, LEAVE)) {
                try (PreparedStatement delete = connection.prepareStatement(sql)) {
                    delete.setString(1, replicaId);
                    delete.executeUpdate();
                }
            }
            return null;
        });
    }

    private static Optional<PublishedHealth> health(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(HEALTH); ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            return Optional.of(new PublishedHealth(row.getString(1), row.getLong(2), row.getString(3),
                    Micros.toInstant(row.getLong(4))));
        }
    }

    private static long livePool(Connection connection, Instant liveSince) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(LIVE_POOL)) {
            select.setLong(1, Micros.of(liveSince));
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    private static Share share(ResultSet rows) throws SQLException {
        return new Share(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getInt(4), rows.getBytes(5),
                Micros.toInstant(rows.getLong(6)));
    }

    private <T> T write(String doing, Transaction<T> body) {
        return calls.write(doing, body);
    }

    private <T> T read(String doing, Transaction<T> body) {
        return calls.read(doing, body);
    }
}
