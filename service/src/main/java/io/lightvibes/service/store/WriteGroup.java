package io.lightvibes.service.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One group of writes committed together: BEGIN ({@link GroupTransaction}), the writes (one that
 * fails is undone alone, with the evidence it appended, and keeps its exception; see
 * {@link #commitOn}), the group's evidence entries ({@link GroupedEvidence}), COMMIT, and only
 * then every caller answered. A failure that ends the transaction (of BEGIN, a savepoint, the
 * evidence, or COMMIT) fails every write of the group with that error.
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
    private final GroupTransaction transaction;
    private final GroupedEvidence evidence;
    private List<Object> results = List.of();

    /** {@code calls}: claimed by the writer, none late when the group was formed. */
    WriteGroup(List<WriteCall<?>> calls, GroupTransaction transaction, GroupedEvidence evidence) {
        this.calls = List.copyOf(calls);
        this.transaction = transaction;
        this.evidence = evidence;
    }

    /**
     * Runs the group on {@code open}. A failed group has answered every call when this returns; a
     * committed one answers them in {@link #answerCommitted()}, so the writer can count the commit first.
     *
     * <p>The writes first run straight after each other. Only if one of them throws is the group
     * rolled back and run again with each write in its own savepoint, so that the one that fails is
     * undone alone: a savepoint and its release cost two more statements per write, which on
     * PostgreSQL are two more round trips, for a failure that is rare (a write that refuses its own
     * change, such as a duplicate). The bodies run twice then, which they allow ({@link Transaction}).
     */
    Outcome commitOn(Connection open) {
        Outcome straight = run(open, false);
        return straight != null ? straight : run(open, true);
    }

    /** One attempt; null when a write threw in a run without savepoints and the group rolled back cleanly. */
    private Outcome run(Connection open, boolean savepoints) {
        boolean began = false;
        boolean inBody = false;
        List<Object> outcomes = new ArrayList<>(calls.size());
        evidence.open();
        try {
            transaction.begin(open);
            began = true;
            if (calls.size() == 1) {
                // Alone, the call's failure is the transaction's: no savepoint needed.
                outcomes.add(calls.getFirst().body().run(open));
            } else {
                for (WriteCall<?> call : calls) {
                    // Checked again: a write starts only once those before it in the group are done.
                    if (call.isLate(System.nanoTime())) {
                        outcomes.add(new Failed(new BackendFailure.WriterBusy()));
                    } else if (savepoints) {
                        outcomes.add(inSavepoint(open, call));
                    } else {
                        inBody = true;
                        outcomes.add(call.body().run(open));
                        inBody = false;
                    }
                }
            }
            evidence.flush(open);
            transaction.commit(open);
        } catch (Throwable failure) {
            boolean clean = began && transaction.rollback(open);
            if (inBody && clean) {
                return null;
            }
            failAll(failure, began);
            return clean ? Outcome.ROLLED_BACK : Outcome.CONNECTION_SPOILED;
        } finally {
            evidence.close();
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
    private Object inSavepoint(Connection open, WriteCall<?> call) throws Exception {
        execute(open, SAVEPOINT);
        int appended = evidence.mark();
        Object result;
        try {
            result = call.body().run(open);
        } catch (Exception failure) {
            evidence.undoTo(appended);
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

    private static void execute(Connection open, String sql) throws SQLException {
        GroupTransaction.execute(open, sql);
    }
}
