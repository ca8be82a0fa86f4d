package io.lightvibes.service.process;

import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh schema on the PostgreSQL database that {@code LIGHTVIBES_TEST_POSTGRES_URL} names, for
 * servers in child processes, as a JUnit extension ({@code @RegisterExtension}): created before
 * each test, dropped after it. Without the variable each test is skipped with the reason.
 */
final class PostgresSchema implements BeforeEachCallback, AfterEachCallback {

    private final String prefix;
    private String base;
    private String name;

    PostgresSchema(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        base = System.getenv("LIGHTVIBES_TEST_POSTGRES_URL");
        Assumptions.assumeTrue(base != null && !base.isBlank(),
                "needs LIGHTVIBES_TEST_POSTGRES_URL, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        name = prefix + "_" + Long.toUnsignedString(new SecureRandom().nextLong(), 36);
        try (var connection = DriverManager.getConnection(base); var statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + name);
        }
    }

    /** The database URL with this test's schema as {@code currentSchema}. */
    String url() {
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /** The database URL without a schema (to look at the whole server, e.g. {@code pg_stat_activity}). */
    String base() {
        return base;
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        if (name != null) {
            try (var connection = DriverManager.getConnection(base); var statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + name + " CASCADE");
            }
            name = null;
        }
    }
}
