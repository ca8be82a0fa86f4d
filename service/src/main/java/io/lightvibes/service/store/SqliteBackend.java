package io.lightvibes.service.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite: writes on the {@link GroupWriter} thread (group commit), reads on a small HikariCP
 * pool of query-only connections, which WAL lets run alongside the writer and other processes.
 *
 * <p>Every connection runs in WAL mode with foreign keys on, {@code secure_delete} (a taken or
 * revoked sealed copy is overwritten, not left in a free page), the store's busy timeout for
 * another process's lock, and the chosen {@link SqliteSynchronous} mode.
 */
final class SqliteBackend implements Backend {

    private final EvidenceTransactions log = new EvidenceTransactions(Dialect.SQLITE);
    private final GroupedEvidence appender = new GroupedEvidence(log);
    private final GroupWriter writer;
    private final HikariDataSource readers;

    SqliteBackend(DatabaseUrl.SqliteFile file, StoreOptions options) {
        SQLiteConfig config = connectionConfig(options);
        String url = file.jdbcUrl();
        this.writer = new GroupWriter(() -> CachedStatements.wrap(config.createConnection(url)),
                new GroupTransaction.Sqlite(), appender, options.busyTimeout(), options.groupLimit(),
                "lightvibes-sqlite-writer");
        this.readers = readerPool(url, config, options);
    }

    /** The pragmas every connection of a store (and its migrator) opens with. */
    static SQLiteConfig connectionConfig(StoreOptions options) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) options.busyTimeout().toMillis());
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.enforceForeignKeys(true);
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        config.setSynchronous(switch (options.sqliteSynchronous()) {
            case FULL -> SQLiteConfig.SynchronousMode.FULL;
            case NORMAL -> SQLiteConfig.SynchronousMode.NORMAL;
        });
        return config;
    }

    private static HikariDataSource readerPool(String url, SQLiteConfig config, StoreOptions options) {
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(url);
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("lightvibes-sqlite-readers");
        pool.setDataSource(source);
        pool.setMaximumPoolSize(options.poolSize());
        pool.setMinimumIdle(0);
        pool.setConnectionTimeout(Math.max(250, options.busyTimeout().toMillis()));
        pool.setInitializationFailTimeout(-1);
        // Readers never write, whatever a body does by mistake.
        pool.setConnectionInitSql("PRAGMA query_only = ON");
        return new HikariDataSource(pool);
    }

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
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
        try (Connection connection = Pools.borrow(readers)) {
            return body.run(connection);
        }
    }

    /** Runs {@code task} on the writer thread between groups (tests: let writes queue behind it). */
    void occupyWriter(Runnable task) throws SQLException {
        writer.occupy(task);
    }

    boolean writerStopped() {
        return writer.isStopped();
    }

    long commitCount() {
        return writer.commitCount();
    }

    int queuedWrites() {
        return writer.queued();
    }

    @Override
    public void close() {
        readers.close();
        // Closing the last connection also checkpoints the WAL into the main file.
        writer.close();
    }
}
