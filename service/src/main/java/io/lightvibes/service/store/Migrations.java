package io.lightvibes.service.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings a database up to the schema the store expects with Flyway, one migrator at a time.
 *
 * <p>Concurrent migrators (several processes starting at once) queue on a lock and then find the
 * schema current: on PostgreSQL a session advisory lock, on SQLite an OS lock on a sidecar file
 * next to the database ({@code <file>.migration-lock}; SQLite's own locks live on the database
 * file, where a second lock from this process would break them, and Flyway takes no lock on SQLite).
 *
 * <p>A database written by the Python prototype carries its Alembic revision in
 * {@code lightvibes_alembic_version} and the same tables: Flyway baselines it at that revision
 * (0001 = V1, 0002 = V2) and applies only what follows.
 */
final class Migrations {

    /** The store's own history table, so a database shared with another Flyway-managed app does not clash. */
    static final String HISTORY_TABLE = "lightvibes_flyway_history";
    /** Where the prototype recorded its Alembic revision. */
    static final String PROTOTYPE_VERSION_TABLE = "lightvibes_alembic_version";
    /** The prototype's revisions and the migrations they equal. */
    private static final Map<String, String> PROTOTYPE_REVISIONS = Map.of("0001", "1", "0002", "2");
    /** pg_advisory_lock key serialising migrators ("LVMG" in ASCII, as the prototype's). */
    private static final long LOCK_KEY = 0x4C564D47L;
    /** Migrating takes milliseconds; a racing migrator is waited for at least this long. */
    private static final Duration LEAST_WAIT = Duration.ofSeconds(30);

    private Migrations() {
    }

    /** The wait for another migrator: the busy timeout, but never less than {@link #LEAST_WAIT}. */
    static Duration lockWait(StoreOptions options) {
        return options.busyTimeout().compareTo(LEAST_WAIT) > 0 ? options.busyTimeout() : LEAST_WAIT;
    }

    /** Migrates a SQLite file, holding the sidecar lock throughout. */
    static void migrateSqlite(DatabaseUrl.SqliteFile file, DataSource source, Duration wait)
            throws SQLException, IOException {
        Path lockPath = file.path().resolveSibling(file.path().getFileName() + ".migration-lock");
        try (FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockFile(channel, wait)) {
            String baseline;
            try (Connection connection = source.getConnection()) {
                baseline = baselineOf(connection, Dialect.SQLITE);
            }
            migrate(source, Dialect.SQLITE, baseline);
        }
    }

    /**
     * Migrates a PostgreSQL database on {@code source}; {@code lockConnection} holds the advisory
     * lock and creates the URL's {@code currentSchema} when it does not exist yet.
     */
    static void migratePostgres(DatabaseUrl.Postgres url, Connection lockConnection, DataSource source, Duration wait)
            throws SQLException {
        try (Statement statement = lockConnection.createStatement()) {
            statement.execute(String.format(Locale.ROOT, "SET lock_timeout = '%dms'", wait.toMillis()));
            statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            try {
                if (url.schema().isPresent() && !schemaExists(lockConnection, url.schema().get())) {
                    // A validated plain identifier (DatabaseUrl), so quoting it is enough. Created
                    // only when missing: a role may use a schema it has no right to create.
                    statement.execute("CREATE SCHEMA IF NOT EXISTS \"" + url.schema().get() + "\"");
                }
                migrate(source, Dialect.POSTGRESQL, baselineOf(lockConnection, Dialect.POSTGRESQL));
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
            }
        }
    }

    private static boolean schemaExists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            select.setString(1, schema);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static void migrate(DataSource source, Dialect dialect, String baseline) throws SQLException {
        try {
            Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(source)
                    .locations(dialect.migrationLocation())
                    .table(HISTORY_TABLE)
                    // A schema holding other tables (a shared PostgreSQL schema, a prototype database)
                    // is baselined rather than refused; "0" means: apply every migration.
                    .baselineOnMigrate(true)
                    .baselineVersion(baseline)
                    .baselineDescription(baseline.equals("0") ? "empty" : "prototype revision " + baseline)
                    .cleanDisabled(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new MigrationFailed(e);
        }
    }

    /** The version to baseline an unversioned database at: its prototype revision, or "0". */
    private static String baselineOf(Connection connection, Dialect dialect) throws SQLException {
        Set<String> tables = tables(connection, dialect);
        if (tables.contains(HISTORY_TABLE.toLowerCase(Locale.ROOT)) || !tables.contains(PROTOTYPE_VERSION_TABLE)) {
            return "0";
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version_num FROM " + PROTOTYPE_VERSION_TABLE)) {
            String revision = rows.next() ? rows.getString(1) : "";
            return Optional.ofNullable(PROTOTYPE_REVISIONS.get(revision)).orElseThrow(() -> new StoreConfigException(
                    String.format(Locale.ROOT, "The database carries prototype revision '%s', which this store "
                            + "does not know (it knows 0001 and 0002).", revision)));
        }
    }

    private static Set<String> tables(Connection connection, Dialect dialect) throws SQLException {
        String query = switch (dialect) {
            case SQLITE -> "SELECT name FROM sqlite_master WHERE type = 'table'";
            case POSTGRESQL -> "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
        };
        Set<String> names = new HashSet<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                names.add(rows.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static FileLock lockFile(FileChannel channel, Duration wait) throws IOException, SQLException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException heldInThisProcess) {
                // Another store of this JVM is migrating the same file: wait for it like for another process.
            }
            if (System.nanoTime() - deadline > 0) {
                throw new SQLException("another process kept migrating the database past the wait");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendFailure.Interrupted();
            }
        }
    }

    /** Flyway could not migrate; the first driver exception in the chain says why. */
    static final class MigrationFailed extends SQLException {
        MigrationFailed(FlywayException cause) {
            super(firstLine(driverCause(cause).getMessage()), driverCause(cause));
        }

        private static Throwable driverCause(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException) {
                    return cause;
                }
            }
            return failure;
        }

        private static String firstLine(String message) {
            return message == null ? "migration failed" : message.strip().lines().findFirst().orElse("migration failed");
        }
    }
}
