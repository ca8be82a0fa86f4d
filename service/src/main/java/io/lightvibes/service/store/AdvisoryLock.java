package io.lightvibes.service.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * A PostgreSQL session-level advisory lock (PostgreSQL manual, "Advisory Locks") held on a
 * connection of its own: whoever holds it is the one process that may do a job, and when that
 * process dies its connection closes and the server releases the lock for the next one. The lock's
 * key is derived from {@code name} and the connection's schema, so deployments in different
 * schemas of one database elect apart. Not thread-safe: one thread drives it.
 */
public final class AdvisoryLock implements AutoCloseable {

    private static final String TRY = "SELECT pg_try_advisory_lock(hashtextextended(? || current_schema(), 0))";

    private final DatabaseUrl.Postgres url;
    private final String name;
    private final String owner;
    private final Duration timeout;
    private Connection connection;

    private AdvisoryLock(DatabaseUrl.Postgres url, String name, String owner, Duration timeout) {
        this.url = url;
        this.name = name;
        this.owner = owner;
        this.timeout = timeout;
    }

    /**
     * The lock {@code name} on the PostgreSQL database at {@code url}; nothing connects yet. A
     * SQLite URL is a {@link StoreConfigException}: one process serves a SQLite file.
     *
     * @param owner who asks, shown as the lock connection's application_name in pg_stat_activity
     * @param timeout bounds connecting and each check
     */
    public static AdvisoryLock on(String url, String name, String owner, Duration timeout) {
        if (!(DatabaseUrl.parse(url) instanceof DatabaseUrl.Postgres postgres)) {
            throw new StoreConfigException("An advisory lock needs PostgreSQL; one process serves a SQLite database.");
        }
        return new AdvisoryLock(postgres, name + ":", owner, timeout);
    }

    /** Takes the lock if no other session holds it; true while this one holds it. Never blocks for long. */
    public boolean tryAcquire() {
        if (connection != null) {
            return held();
        }
        try {
            Connection opened = connect();
            try (PreparedStatement take = opened.prepareStatement(TRY)) {
                take.setString(1, name);
                try (ResultSet row = take.executeQuery()) {
                    if (row.next() && row.getBoolean(1)) {
                        connection = opened;
                        return true;
                    }
                }
            }
            opened.close();
            return false;
        } catch (SQLException e) {
            return false; // the database is out of reach: nobody can be elected through it now
        }
    }

    /**
     * Whether this session still holds the lock: its connection answers within the timeout. When it
     * does not, the connection is dropped (the server frees the lock when it notices) and this is false.
     */
    public boolean held() {
        if (connection == null) {
            return false;
        }
        try (Statement ping = connection.createStatement()) {
            ping.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            ping.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            release();
            return false;
        }
    }

    /** Gives the lock up (closing its connection); idempotent. */
    public void release() {
        Connection current = connection;
        connection = null;
        if (current != null) {
            try {
                current.close();
            } catch (SQLException e) {
                // The connection is gone already, and with it the lock.
            }
        }
    }

    @Override
    public void close() {
        release();
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        long seconds = Math.max(1, timeout.toSeconds());
        properties.setProperty("connectTimeout", Long.toString(seconds));
        properties.setProperty("socketTimeout", Long.toString(seconds * 3));
        String application = "lightvibes-leader " + owner;
        properties.setProperty("ApplicationName", application.length() <= 63 ? application : application.substring(0, 63));
        Connection opened = new org.postgresql.Driver().connect(url.jdbcUrl(), properties);
        if (opened == null) {
            throw new SQLException("the PostgreSQL driver refused the URL " + url.masked());
        }
        return opened;
    }
}
