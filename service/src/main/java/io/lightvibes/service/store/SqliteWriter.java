package io.lightvibes.service.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread and connection that run a SQLite store's writes, committing the writes queued
 * behind each other together (group commit).
 *
 * <p>SQLite admits one writer at a time, so one thread costs no write concurrency, and its queue
 * orders this process's writes so the file lock is only ever contended by other processes. With
 * {@code synchronous=FULL} every COMMIT costs an fsync; the writes that queued up during one
 * fsync share the next: one {@code BEGIN IMMEDIATE ... COMMIT}, each write in its own SAVEPOINT so
 * one that fails is undone alone. Every caller is answered only once COMMIT has returned, so
 * nobody hears "done" about a write not yet durable. A write whose error ends the transaction
 * (SQLite rolls it back itself after e.g. a full disk or an I/O error) fails its whole group.
 *
 * <p>IMMEDIATE takes the write lock at BEGIN, where the busy timeout can wait for another process
 * to let go, instead of upgrading mid-transaction and failing with "database is locked".
 */
final class SqliteWriter implements AutoCloseable {

    /** One name serves every write of a group: each savepoint is released before the next opens. */
    private static final String SAVEPOINT = "SAVEPOINT lightvibes_write";
    private static final String ROLLBACK_TO_SAVEPOINT = "ROLLBACK TO SAVEPOINT lightvibes_write";
    private static final String RELEASE_SAVEPOINT = "RELEASE SAVEPOINT lightvibes_write";

    /** Opens the writer's connection, configured (pragmas) and in autocommit mode. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    /** What the queue holds: writes, a task that occupies the thread outside any transaction, and the stop mark. */
    private sealed interface Queued permits Write, Occupy, Stop {
    }

    private record Write(WriteCall<?> call) implements Queued {
    }

    private record Occupy(Runnable task) implements Queued {
    }

    private record Stop() implements Queued {
    }

    private final Opener opener;
    private final long busyNanos;
    private final int groupLimit;
    private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private final Object admission = new Object();
    private final Thread thread;
    private final AtomicLong commits = new AtomicLong();
    private boolean closing;  // guarded by admission
    private Connection connection;  // touched only on the writer thread

    SqliteWriter(Opener opener, Duration busyTimeout, int groupLimit, String threadName) {
        this.opener = opener;
        this.busyNanos = busyTimeout.toNanos();
        this.groupLimit = groupLimit;
        // A daemon: a store never closed cannot hold up JVM exit; SQLite rolls back a transaction cut off there.
        this.thread = Thread.ofPlatform().name(threadName).daemon().start(this::serve);
    }

    /** Queues {@code body}, waits until its group has committed (or failed), and returns its result. */
    <T> T write(Transaction<T> body) throws SQLException {
        // The busy timeout covers the wait in this queue too; a write still queued past it never starts.
        WriteCall<T> call = new WriteCall<>(body, System.nanoTime() + busyNanos);
        admit(new Write(call));
        return call.await();
    }

    /** Runs {@code task} on the writer thread between two groups (tests use it to let writes queue up). */
    void occupy(Runnable task) throws SQLException {
        admit(new Occupy(task));
    }

    /** Runs the writes already queued, closes the connection and ends the thread; idempotent. */
    @Override
    public void close() {
        synchronized (admission) {
            if (!closing) {
                closing = true;
                queue.add(new Stop());
            }
        }
        if (Thread.currentThread() != thread) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void admit(Queued item) throws SQLException {
        synchronized (admission) {
            if (closing) {
                throw new BackendFailure.Closed();
            }
            queue.add(item);
        }
    }

    private void serve() {
        Queued held = null;  // taken off the queue while gathering a group, run next
        while (true) {
            Queued item = held != null ? held : take();
            held = null;
            switch (item) {
                case Stop stop -> {
                    disconnect();
                    return;
                }
                case Occupy occupy -> {
                    try {
                        occupy.task().run();
                    } catch (RuntimeException ignored) {
                        // The task's own business; the thread must go on serving writes.
                    }
                }
                case Write write -> {
                    List<WriteCall<?>> group = new ArrayList<>();
                    group.add(write.call());
                    held = gather(group);
                    runGroup(group);
                }
            }
        }
    }

    /** Adds the writes queued right behind the first; returns what ended the gathering, if anything. */
    private Queued gather(List<WriteCall<?>> group) {
        while (group.size() < groupLimit) {
            Queued next = queue.poll();
            if (next == null) {
                return null;
            }
            if (!(next instanceof Write write)) {
                return next;
            }
            group.add(write.call());
        }
        return null;
    }

    private Queued take() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // Nobody interrupts this thread on purpose; close() ends it through the queue.
            }
        }
    }

    private void runGroup(List<WriteCall<?>> queued) {
        List<WriteCall<?>> calls = new ArrayList<>(queued.size());
        long now = System.nanoTime();
        for (WriteCall<?> call : queued) {
            if (!call.claim()) {
                continue;  // its caller gave up while it was queued
            }
            if (call.isLate(now)) {
                call.fail(new BackendFailure.WriterBusy());
            } else {
                calls.add(call);
            }
        }
        if (!calls.isEmpty()) {
            transact(calls);
        }
    }

    private void transact(List<WriteCall<?>> calls) {
        boolean began = false;
        List<Object> results = new ArrayList<>(calls.size());
        try {
            Connection open = connection();
            execute(open, "BEGIN IMMEDIATE");
            began = true;
            if (calls.size() == 1) {
                // Alone, the call's failure is the transaction's: no savepoint needed.
                results.add(calls.getFirst().body().run(open));
            } else {
                for (WriteCall<?> call : calls) {
                    // Checked again: a write starts only once those before it in the group are done.
                    results.add(call.isLate(System.nanoTime())
                            ? new Failed(new BackendFailure.WriterBusy())
                            : inSavepoint(open, call));
                }
            }
            execute(open, "COMMIT");
            commits.incrementAndGet();
        } catch (Throwable failure) {
            abandonTransaction(began);
            failAll(calls, failure, began);
            return;
        }
        for (int i = 0; i < calls.size(); i++) {
            if (results.get(i) instanceof Failed failed) {
                calls.get(i).fail(failed.failure());
            } else {
                calls.get(i).succeed(results.get(i));
            }
        }
    }

    /**
     * Rolls back what a failed group left open (a failed COMMIT leaves its transaction open). When
     * that fails too, or BEGIN never ran, the next group starts on a fresh connection rather than on
     * whatever state the failure left behind; closing a connection rolls back what is open.
     */
    private void abandonTransaction(boolean began) {
        if (began && connection != null) {
            try {
                execute(connection, "ROLLBACK");
                return;
            } catch (SQLException transactionGone) {
                // SQLite already ended it (e.g. after an I/O error): start afresh.
            }
        }
        disconnect();
    }

    /** A body's own failure, kept for its caller while the rest of its group commits. */
    private record Failed(Throwable failure) {
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
    private static void failAll(List<WriteCall<?>> calls, Throwable failure, boolean began) {
        long now = System.nanoTime();
        for (int i = 0; i < calls.size(); i++) {
            WriteCall<?> call = calls.get(i);
            boolean late = !began && i > 0 && call.isLate(now);
            call.fail(late ? new BackendFailure.WriterBusy() : failure);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            try {
                connection = opener.open();
            } catch (SQLException e) {
                throw new BackendFailure.ConnectFailed(e);
            }
        }
        return connection;
    }

    private void disconnect() {
        Connection open = connection;
        connection = null;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException ignored) {
                // Closing a broken connection can fail too; the next group opens a fresh one.
            }
        }
    }

    private static void execute(Connection open, String sql) throws SQLException {
        try (Statement statement = open.createStatement()) {
            statement.execute(sql);
        }
    }

    /** How many groups have committed: fewer than the writes when group commit shares them. */
    long commitCount() {
        return commits.get();
    }

    /** How many items wait in the queue now (tests wait on it instead of sleeping). */
    int queued() {
        return queue.size();
    }

    /** Whether the thread has ended (after {@link #close()}). */
    boolean isStopped() {
        return !thread.isAlive();
    }
}
