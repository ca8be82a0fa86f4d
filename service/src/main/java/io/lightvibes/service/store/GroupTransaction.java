package io.lightvibes.service.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** How a {@link WriteGroup} opens, commits and abandons its one transaction on each database. */
sealed interface GroupTransaction {

    void begin(Connection open) throws SQLException;

    void commit(Connection open) throws SQLException;

    /** Rolls back what a failed group left open; false when the connection cannot be trusted any more. */
    boolean rollback(Connection open);

    /**
     * SQLite, in autocommit mode between groups: {@code BEGIN IMMEDIATE} takes the file's write
     * lock at once, where the busy timeout can wait for another process, instead of upgrading
     * mid-transaction and failing with "database is locked".
     */
    record Sqlite() implements GroupTransaction {

        @Override
        public void begin(Connection open) throws SQLException {
            execute(open, "BEGIN IMMEDIATE");
        }

        @Override
        public void commit(Connection open) throws SQLException {
            execute(open, "COMMIT");
        }

        @Override
        public boolean rollback(Connection open) {
            try {
                execute(open, "ROLLBACK");
                return true;
            } catch (SQLException transactionGone) {
                return false;  // SQLite already ended it (e.g. after an I/O error)
            }
        }
    }

    /**
     * PostgreSQL: the group's first statement locks the evidence head row ({@code FOR UPDATE},
     * waiting up to {@code lock_timeout}), so groups from every replica run one at a time, as
     * SQLite's file lock runs them. Every write appends to the one log under that row anyway;
     * taking it first, not last, also means that no group ever holds a key row while waiting for
     * another (the rows two groups could both want are only touched under the head lock), so
     * racing takes across replicas cannot deadlock.
     */
    record Postgres(EvidenceTransactions log) implements GroupTransaction {

        @Override
        public void begin(Connection open) throws SQLException {
            open.setAutoCommit(false);
            log.lockHeadFirst(open);
        }

        @Override
        public void commit(Connection open) throws SQLException {
            open.commit();
        }

        @Override
        public boolean rollback(Connection open) {
            try {
                open.rollback();
                return true;
            } catch (SQLException connectionGone) {
                return false;
            }
        }
    }

    /** Prepared, so the writer's connection reuses it (CachedStatements): these run on every group. */
    static void execute(Connection open, String sql) throws SQLException {
        try (PreparedStatement statement = open.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
