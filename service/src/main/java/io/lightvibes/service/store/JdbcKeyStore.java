package io.lightvibes.service.store;

import io.lightvibes.service.evidence.EvidenceEvent;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sqlite.SQLiteDataSource;

/**
 * {@link KeyStore} on SQLite (embedded, {@code jdbc:sqlite:PATH}) or PostgreSQL
 * ({@code jdbc:postgresql://HOST:PORT/DB?...}), migrated by Flyway when opened.
 *
 * <p>On SQLite the writes run on one thread that commits the writes queued behind each other
 * together (see {@link SqliteWriter}), reads on a small pool; on PostgreSQL every transaction
 * runs on a HikariCP pool and row locks order the writers. Each body is written once, in
 * {@link KeyTransactions}. A URL's {@code currentSchema} (PostgreSQL) puts the tables in that
 * schema, created on {@link #open()}.
 */
public final class JdbcKeyStore implements KeyStore {

    /** Closes the connections and thread of a store dropped without {@link #close()}. */
    private static final Cleaner CLEANER = Cleaner.create();

    private final DatabaseUrl url;
    private final StoreOptions options;
    private final StoreErrors errors;
    private final Object lifecycle = new Object();
    private volatile Opened opened;

    /** What an opened store holds; the cleanable closes the backend once. */
    private record Opened(Backend backend, KeyTransactions keys, Cleaner.Cleanable cleanable) {
    }

    private JdbcKeyStore(DatabaseUrl url, StoreOptions options) {
        this.url = url;
        this.options = options;
        this.errors = new StoreErrors(url, options.busyTimeout());
    }

    /**
     * The store for {@code url}, not yet opened. Throws {@link StoreConfigException} for an
     * unusable URL (an in-memory SQLite, another scheme, unparseable), naming no password.
     */
    public static JdbcKeyStore create(String url, StoreOptions options) {
        return new JdbcKeyStore(DatabaseUrl.parse(url), options);
    }

    /** The database URL with any password masked, fit for logs and messages. */
    public String url() {
        return url.masked();
    }

    Dialect dialect() {
        return url instanceof DatabaseUrl.SqliteFile ? Dialect.SQLITE : Dialect.POSTGRESQL;
    }

    /**
     * Connects and applies pending migrations; safe to repeat and to race other processes. A SQLite
     * file's directory is created; one that cannot be is a {@link StoreConfigException}.
     */
    @Override
    public void open() {
        synchronized (lifecycle) {
            if (opened == null) {
                Backend backend = newBackend();
                opened = new Opened(backend, new KeyTransactions(backend.dialect(), this::appendUnsupported),
                        CLEANER.register(this, backend::close));
            }
            try {
                migrate(opened.backend());
            } catch (SQLException e) {
                throw errors.translate(e, "open the store");
            } catch (IOException e) {
                throw new StoreUnavailableException(String.format(Locale.ROOT,
                        "Could not open the store: cannot lock %s for migrating (%s).", url.masked(), e.getMessage()), e);
            }
        }
    }

    private Backend newBackend() {
        return switch (url) {
            case DatabaseUrl.SqliteFile file -> {
                createDirectory(file.path().getParent());
                yield new SqliteBackend(file, options);
            }
            case DatabaseUrl.Postgres postgres -> new PostgresBackend(postgres, options);
        };
    }

    private static void createDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException | SecurityException e) {
            throw new StoreConfigException(String.format(Locale.ROOT,
                    "Cannot create the directory for the SQLite store %s: %s.", directory, e.getMessage()), e);
        }
    }

    private void migrate(Backend backend) throws SQLException, IOException {
        switch (url) {
            case DatabaseUrl.SqliteFile file -> {
                SQLiteDataSource source = new SQLiteDataSource(SqliteBackend.connectionConfig(options));
                source.setUrl(file.jdbcUrl());
                Migrations.migrateSqlite(file, source, Migrations.lockWait(options));
            }
            case DatabaseUrl.Postgres postgres -> {
                try (Connection lock = connectDirectly(postgres)) {
                    Migrations.migratePostgres(postgres, lock, ((PostgresBackend) backend).dataSource(),
                            Migrations.lockWait(options));
                }
            }
        }
    }

    /** A connection outside the pool, so the migration lock never starves Flyway of one. */
    private Connection connectDirectly(DatabaseUrl.Postgres postgres) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, (options.busyTimeout().toMillis() + 999) / 1000)));
        properties.setProperty("ApplicationName", "lightvibes-migrations");
        try {
            return new org.postgresql.Driver().connect(postgres.jdbcUrl(), properties);
        } catch (SQLException e) {
            throw new BackendFailure.ConnectFailed(e);
        }
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (opened != null) {
                opened.cleanable().clean();
                opened = null;
            }
        }
    }

    @Override
    public boolean ping() {
        Opened current = opened;
        if (current == null) {
            return false;
        }
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        int seconds = (int) Math.max(1, (options.busyTimeout().toMillis() + 999) / 1000);
        Thread.ofVirtual().name("lightvibes-store-ping").start(() -> {
            try {
                current.backend().read(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.setQueryTimeout(seconds);
                        return statement.execute("SELECT 1");
                    }
                });
                answer.complete(true);
            } catch (SQLException | RuntimeException e) {
                answer.complete(false);
            }
        });
        try {
            return answer.get(options.busyTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void createSession(SessionRecord session, List<SealedKeyRecord> sealedKeys, List<EvidenceEvent> events) {
        if (sealedKeys.isEmpty()) {
            throw new IllegalArgumentException("a session needs at least one sealed copy of its key");
        }
        if (sealedKeys.stream().anyMatch(copy -> !copy.sessionId().equals(session.sessionId()))) {
            throw new IllegalArgumentException("every sealed copy must belong to the session being created");
        }
        // Checked here: inside the transaction the failure would surface from the writer thread.
        Micros.of(session.createdAt());
        Micros.of(session.expiresAt());
        session.closedAt().ifPresent(Micros::of);
        sealedKeys.forEach(copy -> Micros.of(copy.expiresAt()));
        events.forEach(event -> Micros.of(event.time()));
        List<SealedKeyRecord> copies = List.copyOf(sealedKeys);
        List<EvidenceEvent> entries = List.copyOf(events);
        write("create a session", keys -> connection -> {
            keys.insertSession(connection, session, copies, entries);
            return null;
        });
    }

    @Override
    public Optional<SessionRecord> getSession(String sessionId) {
        return read("read a session", keys -> connection -> keys.selectSession(connection, sessionId));
    }

    @Override
    public Optional<SealedKeyRecord> takeKey(String keyRef, Instant now, EventsFor<SealedKeyRecord> events) {
        Micros.of(now);
        return write("take a key", keys -> connection -> keys.takeKey(connection, keyRef, now, events));
    }

    @Override
    public Optional<SessionRecord> revokeSession(String sessionId, Instant now, EventsFor<SessionRecord> events) {
        Micros.of(now);
        return write("revoke a session", keys -> connection -> keys.revokeSession(connection, sessionId, now, events));
    }

    @Override
    public int sweepExpired(Instant now, EventsFor<List<SealedKeyRecord>> events) {
        Micros.of(now);
        return write("sweep expired keys", keys -> connection -> keys.sweepExpired(connection, now, events));
    }

    /** A transaction body that needs the store's transactions. */
    @FunctionalInterface
    private interface Body<T> {
        Transaction<T> with(KeyTransactions keys);
    }

    private <T> T write(String doing, Body<T> body) {
        Opened current = requireOpen();
        try {
            return current.backend().write(body.with(current.keys()));
        } catch (SQLException e) {
            throw errors.translate(e, doing);
        }
    }

    private <T> T read(String doing, Body<T> body) {
        Opened current = requireOpen();
        try {
            return current.backend().read(body.with(current.keys()));
        } catch (SQLException e) {
            throw errors.translate(e, doing);
        }
    }

    private Opened requireOpen() {
        Opened current = opened;
        if (current == null) {
            throw new IllegalStateException("The store is not open: call open() first.");
        }
        return current;
    }

    /** For tests of the SQLite backend. */
    Optional<SqliteBackend> sqliteBackend() {
        Opened current = opened;
        return current != null && current.backend() instanceof SqliteBackend sqlite ? Optional.of(sqlite) : Optional.empty();
    }

    /** Until the evidence log is wired in, a change that carries events is refused whole (fail-closed). */
    private long appendUnsupported(Connection connection, List<EvidenceEvent> events) {
        throw new UnsupportedOperationException("This store does not write the evidence log yet; "
                + "the change was not made.");
    }
}
