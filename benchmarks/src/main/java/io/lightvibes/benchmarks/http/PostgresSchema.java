package io.lightvibes.benchmarks.http;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A fresh schema for one run on the PostgreSQL database of {@code LIGHTVIBES_BENCH_POSTGRES_URL},
 * dropped with everything in it on {@link #close}. The servers find it through the URL's
 * {@code currentSchema}.
 *
 * @param baseUrl a JDBC URL of a database we may create schemas in
 * @param name the schema's name
 */
record PostgresSchema(String baseUrl, String name) implements AutoCloseable {

    PostgresSchema {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain schema name: " + name);
        }
    }

    static PostgresSchema create(String baseUrl, String name) throws SQLException {
        var schema = new PostgresSchema(baseUrl, name);
        schema.execute("CREATE SCHEMA " + name);
        return schema;
    }

    /**
     * The URL the servers are given: the base URL with {@code currentSchema} set to this schema, and
     * the schema's name as {@code ApplicationName} (the URL's parameters win over the driver
     * properties the service sets), so {@link PostgresWaits} can tell the servers' backends apart.
     */
    String url() {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + name + "&ApplicationName=" + name;
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(baseUrl);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
