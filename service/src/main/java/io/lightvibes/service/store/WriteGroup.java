package io.lightvibes.service.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One group of SQLite writes committed together: {@code BEGIN IMMEDIATE}, each write in its own
 * SAVEPOINT (one that fails is undone alone and keeps its exception), {@code COMMIT}, and only then
 * every caller answered. A failure that ends the transaction (of BEGIN, a savepoint, or COMMIT)
 * fails every write of the group with that error.
 */
final class WriteGroup {

    /** One name serves every write of a group: each savepoint is released before the next opens. */
    private static final String SAVEPOINT = "SAVEPOINT lightvibes_write";
    private static final String ROLLBACK_TO_SAVEPOINT = "ROLLBACK TO SAVEPOINT lightvibes_write";
    private static final String RELEASE_SAVEPOINT = "RELEASE SAVEPOINT lightvibes_write";

    /** How a group ended, and so whether its connection can serve the next one. */
    enum Outcome {
        COMMITTED,
        /** Failed and rolled back: the connection is clean. */
        ROLLED_BACK,
        /** Failed in a state the rollback could not clear: open a fresh connection. */
        CONNECTION_SPOILED
    }

    /** A body's own failure, kept for its caller while the rest of its group commits. */
    private record Failed(Throwable failure) {
    }

    private final List<WriteCall<?>> calls;
    private List<Object> results = List.of();

    /** {@code calls}: claimed by the writer, none late when the group was formed. */
    WriteGroup(List<WriteCall<?>> calls) {
        this.calls = List.copyOf(calls);
    }

    /**
     * Runs the group on {@code open}. A failed group has answered every call when this returns; a
     * committed one answers them in {@link #answerCommitted()}, so the writer can count the commit first.
     */
    Outcome commitOn(Connection open) {
        boolean began = false;
        List<Object> outcomes = new ArrayList<>(calls.size());
        try {
            execute(open, "BEGIN IMMEDIATE");
            began = true;
            if (calls.size() == 1) {
                // Alone, the call's failure is the transaction's: no savepoint needed.
                outcomes.add(calls.getFirst().body().run(open));
            } else {
                for (WriteCall<?> call : calls) {
                    // Checked again: a write starts only once those before it in the group are done.
                    outcomes.add(call.isLate(System.nanoTime())
                            ? new Failed(new BackendFailure.WriterBusy())
                            : inSavepoint(open, call));
                }
            }
            execute(open, "COMMIT");
        } catch (Throwable failure) {
            failAll(failure, began);
            return began && rolledBack(open) ? Outcome.ROLLED_BACK : Outcome.CONNECTION_SPOILED;
        }
        results = outcomes;
        return Outcome.COMMITTED;
    }

    /** Answers each call of a committed group: its result, or its own failure undone in its savepoint. */
    void answerCommitted() {
        for (int i = 0; i < calls.size(); i++) {
            if (results.get(i) instanceof Failed failed) {
                calls.get(i).fail(failed.failure());
            } else {
                calls.get(i).succeed(results.get(i));
            }
        }
    }

    /**
     * Fails every write of a group that could not open a transaction at all (no connection): the
     * first with {@code failure}, those behind it that have waited out their busy timeout as late.
     */
    void failUnbegun(Throwable failure) {
        failAll(failure, false);
    }

    /**
     * Runs one write of a group; if it throws, undoes it alone and keeps its exception for it. A
     * failure to roll back or release the savepoint propagates: the group's transaction is then in
     * doubt and fails whole, with the write's own error when SQLite had already rolled everything back.
     */
    private static Object inSavepoint(Connection open, WriteCall<?> call) throws Exception {
        execute(open, SAVEPOINT);
        Object result;
        try {
            result = call.body().run(open);
        } catch (Exception failure) {
            try {
                execute(open, ROLLBACK_TO_SAVEPOINT);
            } catch (SQLException transactionGone) {
                failure.addSuppressed(transactionGone);
                throw failure;
            }
            execute(open, RELEASE_SAVEPOINT);
            return new Failed(failure);
        }
        execute(open, RELEASE_SAVEPOINT);
        return result;
    }

    /**
     * Once BEGIN has run, every write of the group shares the failure. If BEGIN itself failed (it
     * waits up to the busy timeout for another process's lock), the first write gets that failure
     * as it would alone, and those behind it that have meanwhile waited out their own busy timeout
     * are told so, as they would have been one by one.
     */
    private void failAll(Throwable failure, boolean began) {
        long now = System.nanoTime();
        for (int i = 0; i < calls.size(); i++) {
            WriteCall<?> call = calls.get(i);
            boolean late = !began && i > 0 && call.isLate(now);
            call.fail(late ? new BackendFailure.WriterBusy() : failure);
        }
    }

    /** Rolls back what a failed group left open (a failed COMMIT leaves its transaction open). */
    private static boolean rolledBack(Connection open) {
        try {
            execute(open, "ROLLBACK");
            return true;
        } catch (SQLException transactionGone) {
            return false;  // SQLite already ended it (e.g. after an I/O error)
        }
    }

    /** Prepared, so the writer's connection reuses it (CachedStatements): these run several times per group. */
    private static void execute(Connection open, String sql) throws SQLException {
        try (PreparedStatement statement = open.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
