package io.lightvibes.service.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * PostgreSQL: each transaction on a connection from a HikariCP pool. Row locks, not a file-wide
 * lock, order the writers, so nothing is queued here; {@code lock_timeout} bounds the wait for
 * them, and the pool's wait and the driver's connect timeout bound the rest.
 */
final class PostgresBackend implements Backend {

    private final HikariDataSource pool;

    PostgresBackend(DatabaseUrl.Postgres url, StoreOptions options) {
        long busyMillis = options.busyTimeout().toMillis();
        HikariConfig config = new HikariConfig();
        config.setPoolName("lightvibes-postgresql");
        config.setJdbcUrl(url.jdbcUrl());
        config.setDriverClassName("org.postgresql.Driver");
        config.setMaximumPoolSize(options.poolSize());
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, busyMillis));
        config.setValidationTimeout(Math.max(250, busyMillis));
        // The pool is built lazily: a database that is down surfaces as StoreUnavailable from open().
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", Backends.wholeSeconds(options));
        config.addDataSourceProperty("ApplicationName", "lightvibes");
        config.setConnectionInitSql(String.format(Locale.ROOT, "SET lock_timeout = '%dms'", busyMillis));
        this.pool = new HikariDataSource(config);
    }

    /** The pool, for the migrator. */
    DataSource dataSource() {
        return pool;
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public <T> T write(Transaction<T> body) throws SQLException {
        try (Connection connection = Pools.borrow(pool)) {
            connection.setAutoCommit(false);
            try {
                T result = body.run(connection);
                connection.commit();
                return result;
            } catch (Throwable failure) {
                rollback(connection, failure);
                throw failure;
            }
        }
    }

    @Override
    public <T> T read(Transaction<T> body) throws SQLException {
        try (Connection connection = Pools.borrow(pool)) {
            return body.run(connection);
        }
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException lost) {
            // The connection is gone (the pool evicts it); the server rolls the transaction back.
            failure.addSuppressed(lost);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
