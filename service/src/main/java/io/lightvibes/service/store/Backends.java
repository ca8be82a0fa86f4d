package io.lightvibes.service.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import org.sqlite.SQLiteDataSource;

/** Builds the backend a {@link DatabaseUrl} names and brings its schema up to date. */
final class Backends {

    private Backends() {
    }

    /** The backend for {@code url}, not yet connected; a SQLite file's directory is created first. */
    static Backend create(DatabaseUrl url, StoreOptions options) {
        return switch (url) {
            case DatabaseUrl.SqliteFile file -> {
                createDirectory(file.path().getParent());
                yield new SqliteBackend(file, options);
            }
            case DatabaseUrl.Postgres postgres -> new PostgresBackend(postgres, options);
        };
    }

    /** Applies pending migrations, one migrator at a time across processes. */
    static void migrate(DatabaseUrl url, StoreOptions options, Backend backend) throws SQLException, IOException {
        switch (url) {
            case DatabaseUrl.SqliteFile file -> {
                SQLiteDataSource source = new SQLiteDataSource(SqliteBackend.connectionConfig(options));
                source.setUrl(file.jdbcUrl());
                Migrations.migrateSqlite(file, source, Migrations.lockWait(options));
            }
            case DatabaseUrl.Postgres postgres -> {
                try (Connection lock = connectDirectly(postgres, options)) {
                    Migrations.migratePostgres(postgres, lock, ((PostgresBackend) backend).dataSource(),
                            Migrations.lockWait(options));
                }
            }
        }
    }

    private static void createDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException | SecurityException e) {
            throw new StoreConfigException(String.format(Locale.ROOT,
                    "Cannot create the directory for the SQLite store %s: %s.", directory, e.getMessage()), e);
        }
    }

    /** A connection outside the pool, so the migration lock never starves Flyway of one. */
    private static Connection connectDirectly(DatabaseUrl.Postgres postgres, StoreOptions options)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", Long.toString(wholeSeconds(options)));
        properties.setProperty("ApplicationName", "lightvibes-migrations");
        try {
            return new org.postgresql.Driver().connect(postgres.jdbcUrl(), properties);
        } catch (SQLException e) {
            throw new BackendFailure.ConnectFailed(e);
        }
    }

    /** The busy timeout rounded up to whole seconds, for settings that take no finer unit. */
    static long wholeSeconds(StoreOptions options) {
        return Math.max(1, (options.busyTimeout().toMillis() + 999) / 1000);
    }
}
