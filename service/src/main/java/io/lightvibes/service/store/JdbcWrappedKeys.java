package io.lightvibes.service.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@link WrappedKeyStore} on the {@code wrapped_keys} table of a database a {@link JdbcKeyStore}
 * has migrated. It runs on a connection set of its own, opened for the few reads and writes at
 * start-up and closed after them.
 */
public final class JdbcWrappedKeys implements WrappedKeyStore, AutoCloseable {

    private static final String SELECT =
            "SELECT name, wrapped, wrapped_by, created_at FROM wrapped_keys WHERE name = ?";
    private static final String INSERT = "INSERT INTO wrapped_keys (name, wrapped, wrapped_by, created_at) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING";

    private final Backend backend;
    private final StoreErrors errors;

    private JdbcWrappedKeys(Backend backend, StoreErrors errors) {
        this.backend = backend;
        this.errors = errors;
    }

    /** The table in the database at {@code url}, which must already be migrated ({@link JdbcKeyStore#open()}). */
    public static JdbcWrappedKeys open(String url, StoreOptions options) {
        DatabaseUrl parsed = DatabaseUrl.parse(url);
        return new JdbcWrappedKeys(Backends.create(parsed, options), new StoreErrors(parsed, options.busyTimeout()));
    }

    @Override
    public Optional<WrappedKeyRecord> find(String name) {
        try {
            return backend.read(connection -> select(connection, name));
        } catch (SQLException e) {
            throw errors.translate(e, "read the wrapped key " + name);
        }
    }

    @Override
    public WrappedKeyRecord putIfAbsent(WrappedKeyRecord record) {
        try {
            return backend.write(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    insert.setString(1, record.name());
                    insert.setBytes(2, record.wrapped());
                    insert.setString(3, record.wrappedBy());
                    insert.setLong(4, Micros.of(record.createdAt()));
                    insert.executeUpdate();
                }
                return select(connection, record.name()).orElseThrow(
                        () -> new SQLException("the wrapped key just stored is not there"));
            });
        } catch (SQLException e) {
            throw errors.translate(e, "store the wrapped key " + record.name());
        }
    }

    private static Optional<WrappedKeyRecord> select(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new WrappedKeyRecord(row.getString(1), row.getBytes(2), row.getString(3),
                        Micros.toInstant(row.getLong(4))));
            }
        }
    }

    @Override
    public void close() {
        backend.close();
    }
}
