package io.lightvibes.service.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * PostgreSQL: writes on a {@link GroupWriter} thread with a connection of its own (group commit,
 * each group under the evidence head row's lock, see {@link GroupTransaction.Postgres}), reads on
 * a HikariCP pool. {@code lock_timeout} bounds the wait for the head row (another replica's
 * group), and the pool's wait and the driver's connect timeout bound the rest.
 *
 * <p>Before groups, every write was a transaction of its own on the pool: they all queued on the
 * head row anyway, each holding it through its own commit's WAL flush, so PostgreSQL served one
 * flush per write however many connections waited (measured in docs/BENCHMARKS.md).
 */
final class PostgresBackend implements Backend {

    private final EvidenceTransactions log = new EvidenceTransactions(Dialect.POSTGRESQL);
    private final GroupedEvidence appender = new GroupedEvidence(log);
    private final HikariDataSource pool;
    private final HikariDataSource writerPool;
    private final GroupWriter writer;

    PostgresBackend(DatabaseUrl.Postgres url, StoreOptions options) {
        this.pool = pool(url, options, "lightvibes-postgresql", options.poolSize());
        // A pool of one for the writer: Hikari connects, times out and replaces a broken
        // connection exactly as for the readers, and the readers never wait for the writer's.
        this.writerPool = pool(url, options, "lightvibes-postgresql-writer", 1);
        this.writer = new GroupWriter(() -> CachedStatements.wrap(Pools.borrow(writerPool)),
                new GroupTransaction.Postgres(log), appender, options.busyTimeout(), options.groupLimit(),
                "lightvibes-postgresql-writer");
    }

    private static HikariDataSource pool(DatabaseUrl.Postgres url, StoreOptions options, String name, int size) {
        long busyMillis = options.busyTimeout().toMillis();
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url.jdbcUrl());
        config.setDriverClassName("org.postgresql.Driver");
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, busyMillis));
        config.setValidationTimeout(Math.max(250, busyMillis));
        // The pool is built lazily: a database that is down surfaces as StoreUnavailable from open().
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", Backends.wholeSeconds(options));
        config.addDataSourceProperty("ApplicationName", "lightvibes");
        config.setConnectionInitSql(String.format(Locale.ROOT, "SET lock_timeout = '%dms'", busyMillis));
        return new HikariDataSource(config);
    }

    /** The readers' pool, for the migrator. */
    DataSource dataSource() {
        return pool;
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public EvidenceTransactions log() {
        return log;
    }

    @Override
    public EvidenceAppender appender() {
        return appender;
    }

    @Override
    public GroupWriter writer() {
        return writer;
    }

    @Override
    public <T> T write(Transaction<T> body) throws SQLException {
        return writer.write(body);
    }

    @Override
    public <T> T read(Transaction<T> body) throws SQLException {
        try (Connection connection = Pools.borrow(pool)) {
            return body.run(connection);
        }
    }

    @Override
    public void close() {
        writer.close();
        writerPool.close();
        pool.close();
    }
}
