package io.lightvibes.service.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread and connection that run a store's writes, committing the writes queued behind
 * each other together (group commit), on SQLite and on PostgreSQL alike.
 *
 * <p>Every write appends to the one evidence log, and the log has one head: on SQLite the file
 * lock, on PostgreSQL the head row, admits one writer at a time across every process. So one
 * thread per process costs no write concurrency, and its queue orders this process's writes so
 * that lock is only ever contended by other processes. Each COMMIT costs a flush to disk (an
 * fsync on SQLite at {@code synchronous=FULL}, a WAL flush on PostgreSQL); the writes that queued
 * up during one share the next: one transaction ({@link GroupTransaction}), in which a write that
 * fails is undone alone ({@link WriteGroup#commitOn}), and their evidence entries appended
 * together before COMMIT ({@link GroupedEvidence}). Every caller is answered only once COMMIT has
 * returned, so nobody hears "done" about a write not yet durable. A write whose error ends the
 * transaction (SQLite rolls it back itself after e.g. a full disk or an I/O error; a lost
 * PostgreSQL connection) fails its whole group.
 */
final class GroupWriter implements AutoCloseable {

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
    private final GroupTransaction transaction;
    private final GroupedEvidence evidence;
    private final long busyNanos;
    private final int groupLimit;
    private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private final Object admission = new Object();
    private final Thread thread;
    private final AtomicLong commits = new AtomicLong();
    private boolean closing;  // guarded by admission
    private Connection connection;  // touched only on the writer thread

    GroupWriter(Opener opener, GroupTransaction transaction, GroupedEvidence evidence, Duration busyTimeout,
            int groupLimit, String threadName) {
        this.opener = opener;
        this.transaction = transaction;
        this.evidence = evidence;
        this.busyNanos = busyTimeout.toNanos();
        this.groupLimit = groupLimit;
        // A daemon: a store never closed cannot hold up JVM exit; the database rolls back a transaction cut off there.
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
        WriteGroup group = new WriteGroup(calls, transaction, evidence);
        Connection open;
        try {
            open = connection();
        } catch (SQLException e) {
            group.failUnbegun(e);
            return;
        }
        switch (group.commitOn(open)) {
            case COMMITTED -> {
                commits.incrementAndGet();
                group.answerCommitted();
            }
            case ROLLED_BACK -> {
                // The connection is clean; the next group uses it.
            }
            // The next group starts on a fresh connection rather than on whatever state the
            // failure left behind; closing a connection rolls back what is open.
            case CONNECTION_SPOILED -> disconnect();
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
