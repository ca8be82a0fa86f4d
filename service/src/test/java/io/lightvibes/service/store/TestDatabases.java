package io.lightvibes.service.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Databases for the store tests, as a JUnit extension ({@code @RegisterExtension}): SQLite in a
 * temporary directory always, PostgreSQL when {@value #POSTGRES_URL_VARIABLE} names a database we
 * may create schemas in (e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}). Each
 * PostgreSQL database is a fresh schema (the URL's {@code currentSchema}); after each test its
 * stores are closed, its schemas dropped and its directory removed.
 */
public final class TestDatabases implements BeforeEachCallback, AfterEachCallback {

    public static final String POSTGRES_URL_VARIABLE = "LIGHTVIBES_TEST_POSTGRES_URL";

    /** Where a test's data lives. */
    public enum Engine {
        SQLITE,
        POSTGRESQL
    }

    /** One database: its URL (for more stores on the same data) and, on PostgreSQL, its schema. */
    public record Database(Engine engine, String url, Optional<String> schema) {
    }

    private final List<JdbcKeyStore> stores = new ArrayList<>();
    private final List<String> schemas = new ArrayList<>();
    private final Random names = new Random();
    private Path directory;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        directory = Files.createTempDirectory("lightvibes-store-test");
    }

    /** This test's own directory. */
    public Path directory() {
        return directory;
    }

    /** The base PostgreSQL URL; skips the test with a reason when it is not configured. */
    public static String postgresUrl() {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        assumeTrue(url != null && !url.isBlank(), "PostgreSQL tests need " + POSTGRES_URL_VARIABLE
                + ", e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        return url;
    }

    /** A new, empty database on {@code engine}. */
    public Database create(Engine engine) {
        return switch (engine) {
            // A nested, not yet existing directory: the store must create it.
            case SQLITE -> new Database(engine, "jdbc:sqlite:" + directory.resolve("data").resolve("keys.db"),
                    Optional.empty());
            case POSTGRESQL -> {
                String base = postgresUrl();
                byte[] random = new byte[8];
                names.nextBytes(random);
                String schema = "t_" + HexFormat.of().formatHex(random);
                schemas.add(schema);
                yield new Database(engine, base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                        Optional.of(schema));
            }
        };
    }

    /** A store on {@code database}, not yet opened; closed when the test ends. */
    public JdbcKeyStore newStore(Database database, StoreOptions options) {
        JdbcKeyStore store = JdbcKeyStore.create(database.url(), options);
        stores.add(store);
        return store;
    }

    public JdbcKeyStore newStore(Database database) {
        return newStore(database, StoreOptions.DEFAULTS);
    }

    /** An opened store on a fresh database. */
    public JdbcKeyStore openStore(Engine engine) {
        JdbcKeyStore store = newStore(create(engine));
        store.open();
        return store;
    }

    /** A plain JDBC connection to {@code database}, as another process would have. */
    public static Connection connect(Database database) throws SQLException {
        return DriverManager.getConnection(database.url());
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException, IOException {
        stores.forEach(JdbcKeyStore::close);
        stores.clear();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        if (!schemas.isEmpty()) {
            try (Connection connection = DriverManager.getConnection(postgresUrl());
                    Statement statement = connection.createStatement()) {
                for (String schema : schemas) {
                    statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
                }
            }
            schemas.clear();
        }
    }
}
