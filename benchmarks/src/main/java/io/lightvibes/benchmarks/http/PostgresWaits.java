package io.lightvibes.benchmarks.http;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the servers' PostgreSQL backends are doing during a profiled run, from
 * {@code pg_stat_activity} sampled every {@value #INTERVAL_MS} ms: the server JVMs' profile cannot
 * see time spent inside the database (waiting for a row lock, for the WAL to reach the disk).
 * Only the backends whose {@code application_name} is the run's schema are counted (other users
 * of the same database are not), in a transaction or running a statement.
 */
final class PostgresWaits implements AutoCloseable {

    private static final int INTERVAL_MS = 5;
    private static final String SAMPLE = """
            SELECT state, coalesce(wait_event_type || ': ' || wait_event, 'on CPU or not waiting') AS doing, count(*)
            FROM pg_stat_activity WHERE application_name = ? AND state IN ('active', 'idle in transaction')
            GROUP BY 1, 2""";

    private final Map<String, Long> backendSamples = new TreeMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sampler;
    private long ticks;
    private SQLException failure;

    private PostgresWaits(String baseUrl, String applicationName) {
        sampler = Thread.ofPlatform().name("pg-waits").start(() -> sample(baseUrl, applicationName));
    }

    /** Starts sampling the backends of {@code schema}'s servers. */
    static PostgresWaits start(PostgresSchema schema) {
        return new PostgresWaits(schema.baseUrl(), schema.name());
    }

    private void sample(String baseUrl, String applicationName) {
        try (Connection connection = DriverManager.getConnection(baseUrl);
                PreparedStatement statement = connection.prepareStatement(SAMPLE)) {
            statement.setString(1, applicationName);
            while (running.get()) {
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        String state = rows.getString(1).equals("active") ? "running a statement" : "idle in transaction";
                        backendSamples.merge(state + ", " + rows.getString(2), rows.getLong(3), Long::sum);
                    }
                }
                ticks++;
                Thread.sleep(INTERVAL_MS);
            }
        } catch (SQLException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops sampling. */
    @Override
    public void close() throws InterruptedException, SQLException {
        running.set(false);
        sampler.join();
        if (failure != null) {
            throw failure;
        }
    }

    /** Prints, per state and wait event, the share of the samples and the mean number of backends in it. */
    void print() {
        long total = backendSamples.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "%n| PostgreSQL backends (%,d samples of pg_stat_activity) | share | mean backends |"
                + "%n|---|---:|---:|%n", ticks);
        backendSamples.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.out.printf(Locale.ROOT, "| %s | %.1f %% | %.2f |%n", e.getKey(),
                        100.0 * e.getValue() / total, (double) e.getValue() / ticks));
    }
}
