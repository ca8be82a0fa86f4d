package io.lightvibes.service.store;

import java.sql.SQLException;

/**
 * How a store runs its transactions on one database. Driver failures come out as
 * {@link SQLException}s (the store translates them), including the backend's own
 * {@link BackendFailure}s; exceptions a body throws otherwise pass through unchanged.
 */
interface Backend extends AutoCloseable {

    Dialect dialect();

    /** The evidence log's transaction bodies on this database. */
    EvidenceTransactions log();

    /**
     * The appender write bodies record their evidence with: it holds their entries back and
     * appends them together before their group commits ({@link GroupedEvidence}).
     */
    EvidenceAppender appender();

    /** The thread that runs the writes (tests hold it up so that writes queue into one group). */
    GroupWriter writer();

    /** Runs {@code body} as one write transaction and returns once it has committed. */
    <T> T write(Transaction<T> body) throws SQLException;

    /** Runs {@code body} on an autocommit connection (each of its statements sees committed data). */
    <T> T read(Transaction<T> body) throws SQLException;

    /** Releases connections and threads; idempotent. */
    @Override
    void close();
}
