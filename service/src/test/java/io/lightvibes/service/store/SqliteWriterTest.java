package io.lightvibes.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.store.Sessions.Made;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sqlite.SQLiteException;

/**
 * The SQLite backend on its own: its writer thread, its queue and group commit (the prototype's
 * {@code tests/store/test_sqlite_backend.py}). "Another process" is a second connection to the
 * file, which SQLite locks against exactly as it would another process.
 */
class SqliteWriterTest {

    private static final KeyTransactions KEYS = new KeyTransactions(Dialect.SQLITE, (connection, events) -> { });

    @TempDir
    Path directory;

    private final List<JdbcKeyStore> stores = new ArrayList<>();

    @AfterEach
    void tearDown() {
        stores.forEach(JdbcKeyStore::close);
    }

    private Path path() {
        return directory.resolve("k.db");
    }

    private SqliteBackend backend(StoreOptions options) {
        JdbcKeyStore store = JdbcKeyStore.create("jdbc:sqlite:" + path(), options);
        stores.add(store);
        store.open();
        return store.sqliteBackend().orElseThrow();
    }

    private SqliteBackend backend() {
        return backend(StoreOptions.DEFAULTS);
    }

    private static Transaction<Void> insert(String sessionId) {
        return connection -> {
            Made made = Sessions.make(sessionId);
            KEYS.insertSession(connection, made.session(), made.copies(), List.of());
            return null;
        };
    }

    private Connection otherProcess() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + path());
    }

    /** The sessions another connection sees: only what has been committed. */
    private Set<String> storedSessionIds() throws SQLException {
        try (Connection other = otherProcess(); Statement statement = other.createStatement();
                ResultSet rows = statement.executeQuery("SELECT session_id FROM sessions")) {
            Set<String> ids = new HashSet<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }
    }

    /** Runs {@code body} as a write from its own thread; the future holds its result or failure. */
    private static <T> CompletableFuture<T> submit(SqliteBackend backend, Transaction<T> body) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                answer.complete(backend.write(body));
            } catch (Throwable failure) {
                answer.completeExceptionally(failure);
            }
        });
        return answer;
    }

    /** Submits the writes one after another, each queued before the next, so the queue keeps their order. */
    private static List<CompletableFuture<Object>> queueInOrder(SqliteBackend backend, List<Transaction<?>> bodies)
            throws InterruptedException {
        List<CompletableFuture<Object>> answers = new ArrayList<>();
        int before = backend.queuedWrites();
        for (Transaction<?> body : bodies) {
            @SuppressWarnings("unchecked")
            Transaction<Object> write = (Transaction<Object>) body;
            answers.add(submit(backend, write));
            awaitQueued(backend, before + answers.size());
        }
        return answers;
    }

    private static void awaitQueued(SqliteBackend backend, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (backend.queuedWrites() < count) {
            assertThat(System.nanoTime() - deadline).as("writes queued in time").isNegative();
            Thread.sleep(1);
        }
    }

    /** Holds the writer thread inside a write transaction until {@link #release()}, so writes queue up. */
    private static final class HeldWriter {
        private final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final CompletableFuture<Boolean> held;

        HeldWriter(SqliteBackend backend) throws InterruptedException {
            held = submit(backend, connection -> {
                started.countDown();
                return awaitInBody(release);
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        }

        void release() throws Exception {
            release.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Waits inside a transaction body, which may throw only SQLException. */
    private static boolean awaitInBody(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pauseInBody(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Throwable failureOf(CompletableFuture<?> answer) throws InterruptedException {
        try {
            answer.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("no answer", e);
        }
        throw new AssertionError("expected a failure");
    }

    @ParameterizedTest
    @EnumSource(SqliteSynchronous.class)
    void everyConnectionIsConfigured(SqliteSynchronous mode) throws SQLException {
        SqliteBackend backend = backend(StoreOptions.DEFAULTS.withSqliteSynchronous(mode));
        Transaction<List<String>> pragmas = connection -> {
            List<String> values = new ArrayList<>();
            for (String pragma : List.of("journal_mode", "foreign_keys", "secure_delete", "synchronous", "busy_timeout")) {
                try (Statement statement = connection.createStatement();
                        ResultSet row = statement.executeQuery("PRAGMA " + pragma)) {
                    row.next();
                    values.add(row.getString(1));
                }
            }
            return values;
        };
        String level = mode == SqliteSynchronous.FULL ? "2" : "1";

        assertThat(backend.write(pragmas)).containsExactly("wal", "1", "1", level, "5000");
        assertThat(backend.read(pragmas)).containsExactly("wal", "1", "1", level, "5000");
        int queryOnly = backend.read(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("PRAGMA query_only")) {
                row.next();
                return row.getInt(1);
            }
        });
        assertThat(queryOnly).isEqualTo(1);
    }

    @Test
    void writesTakeTheFileLockAtBeginAndReadsDoNot() throws SQLException {
        SqliteBackend backend = backend();
        Transaction<Boolean> anotherProcessCanWrite = connection -> {
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + path());
                    Statement statement = other.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 0");
                statement.execute("BEGIN IMMEDIATE");
                statement.execute("ROLLBACK");
                return true;
            } catch (SQLiteException locked) {
                return false;
            }
        };

        assertThat(backend.write(anotherProcessCanWrite)).isFalse();
        assertThat(backend.read(anotherProcessCanWrite)).isTrue();
    }

    @Test
    void writesRunOneAtATimeOnOneThreadThatIsNotTheCaller() throws InterruptedException {
        SqliteBackend backend = backend();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Set<Thread> callers = ConcurrentHashMap.newKeySet();

        Race.run(20, i -> () -> {
            callers.add(Thread.currentThread());
            return backend.write(connection -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                threads.add(Thread.currentThread());
                pauseInBody(1);
                running.decrementAndGet();
                return null;
            });
        });

        assertThat(mostAtOnce).hasValue(1);
        assertThat(threads).hasSize(1).doesNotContainAnyElementsOf(callers);
    }

    @Test
    void aWriteQueuedPastTheBusyTimeoutNeverStarts() throws Exception {
        SqliteBackend backend = backend(StoreOptions.DEFAULTS.withBusyTimeout(Duration.ofMillis(200)));
        List<String> started = new CopyOnWriteArrayList<>();

        CountDownLatch slowStarted = new CountDownLatch(1);
        CompletableFuture<String> slow = submit(backend, connection -> {
            slowStarted.countDown();
            pauseInBody(500);
            return "slow";
        });
        assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Object>> answers = new ArrayList<>(List.of(slow.thenApply(result -> (Object) result)));
        answers.addAll(queueInOrder(backend, List.of(connection -> started.add("record"))));

        assertThat(answers.getFirst().get(10, TimeUnit.SECONDS)).isEqualTo("slow");
        assertThat(failureOf(answers.get(1))).isInstanceOf(BackendFailure.WriterBusy.class);
        assertThat(started).isEmpty();
        backend.write(connection -> started.add("record"));
        assertThat(started).containsExactly("record");
    }

    @Test
    void aFailedWriteIsRolledBackAndTheNextOneRuns() throws SQLException {
        SqliteBackend backend = backend();

        assertThatThrownBy(() -> backend.write(connection -> {
            insert("s-1").run(connection);
            throw new IllegalStateException("failed after the insert");
        })).hasMessageContaining("after the insert");
        assertThat(storedSessionIds()).isEmpty();

        backend.write(insert("s-1"));
        assertThat(storedSessionIds()).containsExactly("s-1");
    }

    @Test
    void aWriteInterruptedWhileQueuedNeverRuns() throws Exception {
        SqliteBackend backend = backend();
        List<String> ran = new CopyOnWriteArrayList<>();
        HeldWriter held = new HeldWriter(backend);
        CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
        CompletableFuture<Object> answer = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                answer.complete(backend.write(connection -> ran.add("second")));
            } catch (Throwable failure) {
                answer.completeExceptionally(failure);
            }
            stillInterrupted.complete(Thread.currentThread().isInterrupted());
        });
        awaitQueued(backend, 1);

        caller.interrupt();
        assertThat(failureOf(answer)).isInstanceOf(BackendFailure.Interrupted.class);
        held.release();
        backend.write(connection -> null);

        assertThat(ran).isEmpty();
        assertThat(stillInterrupted.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void queuedWritesCommitTogetherAndAFailingOneIsUndoneAlone() throws Exception {
        SqliteBackend backend = backend();
        Made clashing = Sessions.make("s-2");
        // A new session row, then a copy whose key_ref s-1 already holds: the second insert fails.
        SealedKeyRecord stolenRef = Sessions.withKeyRef(clashing.copy(0), "s-1-initiator", "s-2");
        long before = backend.commitCount();
        HeldWriter held = new HeldWriter(backend);

        List<CompletableFuture<Object>> answers = queueInOrder(backend, List.of(
                insert("s-1"),
                connection -> {
                    KEYS.insertSession(connection, clashing.session(), List.of(stolenRef), List.of());
                    return null;
                },
                insert("s-3")));
        held.release();

        assertThat(answers.getFirst().get(10, TimeUnit.SECONDS)).isNull();
        assertThat(failureOf(answers.get(1))).isInstanceOf(SQLiteException.class).hasMessageContaining("UNIQUE");
        assertThat(answers.get(2).get(10, TimeUnit.SECONDS)).isNull();
        assertThat(backend.commitCount() - before).isEqualTo(2);  // the held write, then the three together
        // The failing write's session row went with it; the others are committed.
        assertThat(storedSessionIds()).containsExactlyInAnyOrder("s-1", "s-3");
        backend.write(insert("s-2"));
        assertThat(storedSessionIds()).containsExactlyInAnyOrder("s-1", "s-2", "s-3");
    }

    @Test
    void callersOfAGroupAreAnsweredOnlyAfterItsCommit() throws Exception {
        SqliteBackend backend = backend();
        CountDownLatch lastStarted = new CountDownLatch(1);
        CountDownLatch letLastFinish = new CountDownLatch(1);
        HeldWriter held = new HeldWriter(backend);
        List<CompletableFuture<Object>> answers = queueInOrder(backend, List.of(
                insert("s-1"),
                connection -> {
                    lastStarted.countDown();
                    return awaitInBody(letLastFinish);
                }));
        held.release();
        try {
            assertThat(lastStarted.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);
            // s-1's own work is done, but its group has not committed: no answer yet, nothing visible.
            assertThat(answers.getFirst()).isNotDone();
            assertThat(storedSessionIds()).isEmpty();
        } finally {
            letLastFinish.countDown();
        }
        answers.getFirst().get(10, TimeUnit.SECONDS);
        assertThat(answers.get(1).get(10, TimeUnit.SECONDS)).isEqualTo(true);
        assertThat(storedSessionIds()).containsExactly("s-1");
    }

    @Test
    void concurrentWritesShareCommitsAndAreDurableWhenAnswered() throws Exception {
        SqliteBackend backend = backend(StoreOptions.DEFAULTS.withSqliteSynchronous(SqliteSynchronous.FULL));
        long before = backend.commitCount();

        List<Boolean> visibleOnAnswer = Race.run(64, i -> () -> {
            backend.write(insert("s-" + i));
            return storedSessionIds().contains("s-" + i);
        });

        assertThat(visibleOnAnswer).containsOnly(true).hasSize(64);
        // One commit per write would be 64; queued writes share them.
        assertThat(backend.commitCount() - before).isBetween(1L, 32L);
    }

    @Test
    void aGroupHoldsAtMost64Writes() throws Exception {
        SqliteBackend backend = backend();
        long before = backend.commitCount();
        HeldWriter held = new HeldWriter(backend);
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            answers.add(submit(backend, insert("s-" + i)));
        }
        awaitQueued(backend, 130);
        held.release();
        for (CompletableFuture<Void> answer : answers) {
            answer.get(10, TimeUnit.SECONDS);
        }

        assertThat(backend.commitCount() - before).isEqualTo(1 + 3);  // the held write, then 64 + 64 + 2
        assertThat(storedSessionIds()).hasSize(130);
    }

    @Test
    void withAGroupLimitOfOneEveryWriteCommitsAlone() throws Exception {
        SqliteBackend backend = backend(StoreOptions.DEFAULTS.withGroupLimit(1));
        long before = backend.commitCount();
        HeldWriter held = new HeldWriter(backend);
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(submit(backend, insert("s-" + i)));
        }
        awaitQueued(backend, 5);
        held.release();
        for (CompletableFuture<Void> answer : answers) {
            answer.get(10, TimeUnit.SECONDS);
        }

        assertThat(backend.commitCount() - before).isEqualTo(1 + 5);
        assertThat(storedSessionIds()).hasSize(5);
    }

    @Test
    void aReadIsNotGroupedAndDoesNotWaitForTheWriter() throws Exception {
        SqliteBackend backend = backend();
        backend.write(insert("s-0"));
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> held = submit(backend, connection -> {
            insert("s-held").run(connection);
            inserted.countDown();
            return awaitInBody(release);
        });
        assertThat(inserted.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            // The writer is busy in a transaction; a read runs now and sees only what has committed.
            assertThat(session(backend, "s-0")).isPresent();
            assertThat(session(backend, "s-held")).isEmpty();
        } finally {
            release.countDown();
        }
        assertThat(held.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(session(backend, "s-held")).isPresent();
    }

    private static Optional<SessionRecord> session(SqliteBackend backend, String sessionId) throws SQLException {
        return backend.read(connection -> KEYS.selectSession(connection, sessionId));
    }

    @Test
    void aFailedCommitFailsEveryWriteOfTheGroup() throws Exception {
        SqliteBackend backend = backend();
        List<String> ran = new CopyOnWriteArrayList<>();
        HeldWriter held = new HeldWriter(backend);
        List<CompletableFuture<Object>> answers = queueInOrder(backend, List.of(
                connection -> {
                    insert("s-1").run(connection);
                    return ran.add("s-1");
                },
                connection -> {
                    // Deferred, the foreign key is checked at COMMIT, which then fails for the whole group.
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("PRAGMA defer_foreign_keys = ON");
                        insert("s-2").run(connection);
                        statement.execute("DELETE FROM sessions WHERE session_id = 's-2'");
                    }
                    return ran.add("s-2");
                },
                connection -> {
                    insert("s-3").run(connection);
                    return ran.add("s-3");
                }));
        held.release();

        for (CompletableFuture<Object> answer : answers) {
            assertThat(failureOf(answer)).isInstanceOf(SQLiteException.class).hasMessageContaining("FOREIGN KEY");
        }
        assertThat(ran).containsExactly("s-1", "s-2", "s-3");
        assertThat(storedSessionIds()).isEmpty();
        backend.write(insert("s-1"));
        assertThat(storedSessionIds()).containsExactly("s-1");
    }

    @Test
    void aWriteThatEndsTheTransactionFailsItsWholeGroup() throws Exception {
        SqliteBackend backend = backend();
        HeldWriter held = new HeldWriter(backend);
        List<CompletableFuture<Object>> answers = queueInOrder(backend, List.of(
                insert("s-1"),
                connection -> {
                    // What SQLite itself does after some errors (a full disk, an I/O error).
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("ROLLBACK");
                    }
                    throw new IllegalStateException("disk trouble");
                },
                insert("s-3")));
        held.release();

        // Neither s-1 (rolled back with the rest) nor s-3 (never run, nor run outside a transaction).
        for (CompletableFuture<Object> answer : answers) {
            assertThat(failureOf(answer)).isInstanceOf(IllegalStateException.class).hasMessage("disk trouble");
        }
        assertThat(storedSessionIds()).isEmpty();
        backend.write(insert("s-1"));
        assertThat(storedSessionIds()).containsExactly("s-1");
    }

    @Test
    void aGroupThatCannotBeginRunsNoneOfItsWrites() throws Exception {
        SqliteBackend backend = backend(StoreOptions.DEFAULTS.withBusyTimeout(Duration.ofMillis(200)));
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch occupied = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Occupy the writer outside any transaction, so the other process can take the write lock.
        backend.occupyWriter(() -> {
            occupied.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(occupied.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Object>> answers;
        try (Connection other = otherProcess(); Statement lock = other.createStatement()) {
            answers = queueInOrder(backend, List.of(
                    connection -> ran.add("1"), connection -> ran.add("2"), connection -> ran.add("3")));
            lock.execute("BEGIN IMMEDIATE");
            release.countDown();
            // The first gets BEGIN's failure; those behind it have meanwhile waited out their busy
            // timeout, as they would have one by one.
            assertThat(failureOf(answers.getFirst())).isInstanceOf(SQLiteException.class).hasMessageContaining("locked");
            assertThat(failureOf(answers.get(1))).isInstanceOf(BackendFailure.WriterBusy.class);
            assertThat(failureOf(answers.get(2))).isInstanceOf(BackendFailure.WriterBusy.class);
            lock.execute("ROLLBACK");
        }
        assertThat(ran).isEmpty();
        backend.write(insert("s-1"));
        assertThat(storedSessionIds()).containsExactly("s-1");
    }
}
