package io.lightvibes.service.store;

import static io.lightvibes.service.store.Sessions.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.evidence.Entries;
import io.lightvibes.service.evidence.EvidenceEvent;
import io.lightvibes.service.evidence.Merkle;
import io.lightvibes.service.evidence.UnloggableEventException;
import io.lightvibes.service.store.Sessions.Made;
import io.lightvibes.service.store.TestDatabases.Database;
import io.lightvibes.service.store.TestDatabases.Engine;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Group commit on both databases with the evidence log: a group's entries are written together
 * before its COMMIT, a write undone in its savepoint takes its entries with it, entries that cannot
 * be written fail the whole group with nothing changed, and on PostgreSQL groups from two stores
 * (two replicas) share one log without forks, and racing takes across them neither deadlock nor
 * deliver a key twice.
 */
class GroupWriteTest {

    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    private static EvidenceEvent event(int n) {
        return new EvidenceEvent("session.created", "test", NOW, Map.of("n", n));
    }

    /** Holds the writer thread inside a write until {@link #release()}, so the writes behind it form one group. */
    private static final class HeldWriter {
        private final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final CompletableFuture<Object> held;

        HeldWriter(Backend backend) throws InterruptedException {
            held = submit(backend, connection -> {
                started.countDown();
                try {
                    return release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        }

        void release() throws Exception {
            release.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(true);
        }
    }

    private static CompletableFuture<Object> submit(Backend backend, Transaction<Object> body) {
        return submit(() -> backend.write(body));
    }

    /** Runs {@code call} on a virtual thread; the answer is its result or what it threw. */
    private static CompletableFuture<Object> submit(Callable<Object> call) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                answer.complete(call.call());
            } catch (Throwable failure) {
                answer.completeExceptionally(failure);
            }
        });
        return answer;
    }

    /** Submits the writes one after another, each queued before the next, so the group keeps their order. */
    private static List<CompletableFuture<Object>> queueInOrder(Backend backend, List<Transaction<Object>> bodies)
            throws InterruptedException {
        return queueCallsInOrder(backend, bodies.stream().<Callable<Object>>map(body -> () -> backend.write(body))
                .toList());
    }

    /** {@link #queueInOrder} for calls that reach the writer through the store's own methods. */
    private static List<CompletableFuture<Object>> queueCallsInOrder(Backend backend, List<Callable<Object>> calls)
            throws InterruptedException {
        List<CompletableFuture<Object>> answers = new ArrayList<>();
        int before = backend.writer().queued();
        for (Callable<Object> call : calls) {
            answers.add(submit(call));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (backend.writer().queued() < before + answers.size()) {
                assertThat(System.nanoTime() - deadline).as("writes queued in time").isNegative();
                Thread.sleep(1);
            }
        }
        return answers;
    }

    /** Runs every task on a virtual thread of its own and waits for all of them (a failure fails the test). */
    private static void inParallel(List<Runnable> tasks) throws Exception {
        List<CompletableFuture<Object>> running = tasks.stream().map(task -> submit(() -> {
            task.run();
            return null;
        })).toList();
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<Object> answer) throws InterruptedException {
        try {
            answer.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the write was never answered", e);
        }
        throw new AssertionError("the write succeeded");
    }

    /** The log's stored tree is RFC 9162's tree of its entries, which are numbered 0, 1, ... */
    private static List<Long> auditedNumbers(JdbcKeyStore store) {
        long size = store.evidenceSize();
        List<byte[]> leaves = store.evidenceEntries(0, size);
        StoredCheckpoint checkpoint = store.signCheckpoint((treeSize, root) -> {
            assertThat(root).isEqualTo(Merkle.rootHash(leaves));
            return "note " + treeSize;
        }, NOW);
        assertThat(checkpoint.treeSize()).isEqualTo(size);
        List<Long> numbers = new ArrayList<>();
        for (int seq = 0; seq < leaves.size(); seq++) {
            var entry = Entries.decode(leaves.get(seq));
            assertThat(entry.seq()).isEqualTo(seq);
            numbers.add(((Number) entry.fields().get("n")).longValue());
        }
        return numbers;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aGroupsEntriesAreWrittenTogetherAndAnUndoneWriteTakesItsOwnBack(Engine engine) throws Exception {
        JdbcKeyStore store = databases.openStore(engine);
        Backend backend = store.backend();
        long commitsBefore = backend.writer().commitCount();

        HeldWriter holder = new HeldWriter(backend);
        List<CompletableFuture<Object>> answers = queueInOrder(backend, List.of(
                connection -> {
                    backend.appender().append(connection, List.of(event(1), event(2)));
                    return "first";
                },
                connection -> {
                    backend.appender().append(connection, List.of(event(3)));
                    throw new IllegalStateException("the second write changes its mind");
                },
                connection -> {
                    backend.appender().append(connection, List.of(event(4)));
                    return "third";
                }));
        holder.release();

        assertThat(answers.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(failureOf(answers.get(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("changes its mind");
        assertThat(answers.get(2).get(10, TimeUnit.SECONDS)).isEqualTo("third");
        // The held write, then the three queued behind it in one transaction.
        assertThat(backend.writer().commitCount() - commitsBefore).isEqualTo(2);
        assertThat(auditedNumbers(store)).containsExactly(1L, 2L, 4L);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aGroupRunsItsWritesWithoutSavepointsUntilOneOfThemFails(Engine engine) throws Exception {
        JdbcKeyStore store = databases.openStore(engine);
        Backend backend = store.backend();
        AtomicInteger runs = new AtomicInteger();
        Transaction<Object> counted = connection -> {
            runs.incrementAndGet();
            backend.appender().append(connection, List.of(event(runs.get())));
            return "counted";
        };
        Transaction<Object> plain = connection -> "plain";
        Transaction<Object> failing = connection -> {
            throw new IllegalStateException("refused");
        };

        HeldWriter holder = new HeldWriter(backend);
        List<CompletableFuture<Object>> answers = queueInOrder(backend, List.of(counted, plain));
        holder.release();
        assertThat(answers.getLast().get(10, TimeUnit.SECONDS)).isEqualTo("plain");
        assertThat(runs).as("a group where nothing fails runs each write once").hasValue(1);

        holder = new HeldWriter(backend);
        answers = queueInOrder(backend, List.of(counted, failing));
        holder.release();
        assertThat(failureOf(answers.getLast())).hasMessage("refused");
        assertThat(answers.getFirst().get(10, TimeUnit.SECONDS)).isEqualTo("counted");
        // Rolled back whole after the failure, then run again write by write in savepoints.
        assertThat(runs).hasValue(3);
        assertThat(auditedNumbers(store)).containsExactly(1L, 3L);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anUnloggableEventFailsItsOwnWriteAndNotItsGroup(Engine engine) throws Exception {
        JdbcKeyStore store = databases.openStore(engine);
        Backend backend = store.backend();

        HeldWriter holder = new HeldWriter(backend);
        List<CompletableFuture<Object>> answers = queueInOrder(backend, List.of(
                connection -> {
                    backend.appender().append(connection, List.of(event(1)));
                    return "logged";
                },
                connection -> {
                    backend.appender().append(connection, List.of(new EvidenceEvent("session.created", "test", NOW,
                            Map.of("key_sealed", "AAAA"))));
                    return "leaked";
                }));
        holder.release();

        assertThat(answers.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("logged");
        assertThat(failureOf(answers.get(1))).isInstanceOf(UnloggableEventException.class).hasMessageContaining("key");
        assertThat(auditedNumbers(store)).containsExactly(1L);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void entriesThatCannotBeWrittenFailTheWholeGroupAndChangeNothing(Engine engine) throws Exception {
        Database database = databases.create(engine);
        JdbcKeyStore store = databases.newStore(database);
        store.open();
        store.appendEvents(List.of(event(0)));
        // Damage the stored tree: the next append needs the leaf it just stored.
        try (Connection connection = TestDatabases.connect(database); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM evidence_nodes");
        }
        Backend backend = store.backend();
        Made first = Sessions.make("grouped-1");
        Made second = Sessions.make("grouped-2");

        HeldWriter holder = new HeldWriter(backend);
        List<CompletableFuture<Object>> answers = queueCallsInOrder(backend, List.of(first, second).stream()
                .<Callable<Object>>map(made -> () -> {
                    store.createSession(made.session(), made.copies(), List.of(event(1)));
                    return "created";
                })
                .toList());
        holder.release();

        for (CompletableFuture<Object> answer : answers) {
            assertThat(failureOf(answer)).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("evidence log").hasMessageContaining("nothing was changed");
        }
        assertThat(store.getSession("grouped-1")).isEmpty();
        assertThat(store.getSession("grouped-2")).isEmpty();
        assertThat(store.evidenceSize()).isEqualTo(1);
    }

    @Test
    void twoStoresOnOnePostgresSchemaGroupTheirWritesIntoOneLog() throws Exception {
        Database database = databases.create(Engine.POSTGRESQL);
        List<JdbcKeyStore> replicas = List.of(databases.newStore(database), databases.newStore(database));
        replicas.forEach(JdbcKeyStore::open);
        int perReplica = 400;
        List<Runnable> writers = new ArrayList<>();
        for (int r = 0; r < replicas.size(); r++) {
            JdbcKeyStore replica = replicas.get(r);
            for (int w = 0; w < 16; w++) {
                int first = r * perReplica + w * (perReplica / 16);
                writers.add(() -> {
                    for (int n = first; n < first + perReplica / 16; n++) {
                        Made made = Sessions.make("s-" + n);
                        replica.createSession(made.session(), made.copies(), List.of(event(n)));
                    }
                });
            }
        }
        inParallel(writers);

        List<Long> numbers = auditedNumbers(replicas.getFirst());
        assertThat(numbers).hasSize(2 * perReplica).doesNotHaveDuplicates();
        long writes = 2L * perReplica;
        long commits = replicas.stream().mapToLong(replica -> replica.backend().writer().commitCount()).sum();
        assertThat(commits).as("groups shared commits").isLessThan(writes);
    }

    @Test
    void racingTakesOnTwoPostgresStoresDeliverEachKeyOnceWithoutDeadlock() throws Exception {
        Database database = databases.create(Engine.POSTGRESQL);
        List<JdbcKeyStore> replicas = List.of(databases.newStore(database), databases.newStore(database));
        replicas.forEach(JdbcKeyStore::open);
        int keys = 300;
        List<String> refs = new ArrayList<>();
        for (int n = 0; n < keys; n++) {
            Made made = Sessions.make("race-" + n);
            replicas.getFirst().createSession(made.session(), made.copies(), List.of());
            refs.add(made.copy(0).keyRef());
        }
        Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        List<Runnable> takers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            JdbcKeyStore replica = replicas.get(t % 2);
            // Half go up the list, half down, so every pair of takers wants the same rows in opposite orders.
            List<String> order = new ArrayList<>(refs);
            if (t % 4 >= 2) {
                java.util.Collections.reverse(order);
            }
            takers.add(() -> {
                for (String ref : order) {
                    try {
                        replica.takeKey(ref, SealedKeyRecord.INITIATOR, NOW, copy -> List.of(event(0)))
                                .ifPresent(copy -> delivered.computeIfAbsent(ref, any -> new AtomicInteger())
                                        .incrementAndGet());
                    } catch (StoreException e) {
                        failures.incrementAndGet();
                    }
                }
            });
        }
        inParallel(takers);

        assertThat(failures).hasValue(0);
        Map<String, Integer> counts = new HashMap<>();
        delivered.forEach((ref, count) -> counts.put(ref, count.get()));
        assertThat(counts).hasSize(keys).allSatisfy((ref, count) -> assertThat(count).as(ref).isEqualTo(1));
        assertThat(replicas.getFirst().evidenceSize()).isEqualTo(keys);
    }

    @Test
    void aPostgresGroupWaitsForTheHeadRowAnotherReplicaHolds() throws Exception {
        Database database = databases.create(Engine.POSTGRESQL);
        JdbcKeyStore store = databases.newStore(database);
        store.open();
        try (Connection other = TestDatabases.connect(database)) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.execute("SELECT size FROM evidence_head WHERE id = 1 FOR UPDATE");
            }
            CompletableFuture<Long> append = CompletableFuture.supplyAsync(() -> store.appendEvents(List.of(event(7))),
                    runnable -> Thread.ofVirtual().start(runnable));
            // The writer's group is parked on the row lock: nothing is appended while it is held.
            Thread.sleep(300);
            assertThat(append).isNotDone();
            other.rollback();
            assertThat(append.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
    }

    @Test
    void aPostgresGroupThatCannotTakeTheHeadRowInTimeFailsCleanly() throws Exception {
        Database database = databases.create(Engine.POSTGRESQL);
        JdbcKeyStore store = databases.newStore(database,
                StoreOptions.DEFAULTS.withBusyTimeout(java.time.Duration.ofMillis(300)));
        store.open();
        try (Connection other = TestDatabases.connect(database)) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.execute("SELECT size FROM evidence_head WHERE id = 1 FOR UPDATE");
            }
            assertThatThrownBy(() -> store.appendEvents(List.of(event(7))))
                    .isInstanceOf(StoreUnavailableException.class);
            other.rollback();
        }
        // The writer recovers on its own: the next group runs.
        assertThat(store.appendEvents(List.of(event(8)))).isEqualTo(1);
        assertThat(auditedNumbers(store)).containsExactly(8L);
    }
}
