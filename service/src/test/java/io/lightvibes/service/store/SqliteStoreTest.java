package io.lightvibes.service.store;

import static io.lightvibes.service.store.Sessions.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.store.Sessions.Made;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The SQLite store and its file: only sealed bytes, overwritten once taken, WAL, locks and timeouts. */
class SqliteStoreTest {

    @TempDir
    Path directory;

    private final List<JdbcKeyStore> stores = new ArrayList<>();

    @AfterEach
    void tearDown() {
        stores.forEach(JdbcKeyStore::close);
    }

    private Path path() {
        return directory.resolve("keys.db");
    }

    private JdbcKeyStore open(StoreOptions options) {
        JdbcKeyStore store = JdbcKeyStore.create("jdbc:sqlite:" + path(), options);
        stores.add(store);
        store.open();
        return store;
    }

    private static int occurrences(byte[] haystack, byte[] needle) {
        int count = 0;
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                count++;
            }
        }
        return count;
    }

    @Test
    void theFileHoldsTheSealedBytesOnlyUntilTaken() throws Exception {
        byte[] marker = "\u0000SEALED-MARKER\u00ff".repeat(8).getBytes(StandardCharsets.ISO_8859_1);
        Made made = Sessions.make("s-1");
        SealedKeyRecord copy = Sessions.withSealed(made.copy(0), marker);
        JdbcKeyStore store = open(StoreOptions.DEFAULTS);
        store.createSession(made.session(), List.of(copy), List.of());
        store.close();

        // Closing the last connection checkpoints the WAL into the main file.
        assertThat(Files.exists(Path.of(path() + "-wal"))).isFalse();
        assertThat(occurrences(Files.readAllBytes(path()), marker)).isEqualTo(1);
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + path());
                Statement statement = raw.createStatement();
                ResultSet rows = statement.executeQuery("SELECT key_ref, sealed FROM sealed_keys")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("s-1-initiator");
            assertThat(rows.getBytes(2)).isEqualTo(marker);
            assertThat(rows.next()).isFalse();
        }

        store.open();
        assertThat(store.takeKey("s-1-initiator", NOW, EventsFor.none()).orElseThrow().sealed()).isEqualTo(marker);
        store.close();
        // secure_delete: the taken copy is overwritten, not left in a free page.
        assertThat(occurrences(Files.readAllBytes(path()), marker)).isZero();
    }

    @Test
    void lockedPastTheBusyTimeoutIsUnavailableWhileReadersGoOn() throws SQLException {
        JdbcKeyStore store = open(StoreOptions.DEFAULTS.withBusyTimeout(Duration.ofMillis(200)));
        Made made = Sessions.make("s-1");
        store.createSession(made.session(), made.copies(), List.of());

        try (Connection otherProcess = DriverManager.getConnection("jdbc:sqlite:" + path());
                Statement lock = otherProcess.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            assertThatThrownBy(() -> store.takeKey("s-1-initiator", NOW, EventsFor.none()))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("locked")
                    .hasMessageContaining(path().toString());
            assertThat(store.getSession("s-1")).contains(made.session());  // WAL: readers are not blocked
            assertThat(store.ping()).isTrue();
            lock.execute("ROLLBACK");
        }
        assertThat(store.takeKey("s-1-initiator", NOW, EventsFor.none())).isPresent();
    }

    @Test
    void writesQueuedPastTheBusyTimeoutAreUnavailableAndNeverRun() throws Exception {
        JdbcKeyStore store = open(StoreOptions.DEFAULTS.withBusyTimeout(Duration.ofMillis(200)));
        SqliteBackend backend = store.sqliteBackend().orElseThrow();
        Made made = Sessions.make("s-1");
        store.createSession(made.session(), made.copies(), List.of());
        CountDownLatch occupied = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        backend.occupyWriter(() -> {
            occupied.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(occupied.await(10, TimeUnit.SECONDS)).isTrue();

        List<Object> outcomes;
        try (Connection otherProcess = DriverManager.getConnection("jdbc:sqlite:" + path());
                Statement lock = otherProcess.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            Thread releaser = Thread.ofPlatform().start(() -> {
                try {
                    while (backend.queuedWrites() < 3) {
                        Thread.sleep(1);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                release.countDown();
            });
            // The first take waits out the busy timeout on the file lock; those queued behind it by then give up.
            outcomes = Race.outcomes(3, i -> () -> store.takeKey("s-1-initiator", NOW, EventsFor.none()));
            releaser.join();
            lock.execute("ROLLBACK");
        }

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOfSatisfying(Race.Failure.class,
                failure -> assertThat(failure.cause()).isInstanceOf(StoreUnavailableException.class)));
        assertThat(outcomes).anySatisfy(outcome -> assertThat(((Race.Failure) outcome).cause())
                .hasMessageContaining("stayed busy with other writes for 0.2 s"));
        assertThat(store.takeKey("s-1-initiator", NOW, EventsFor.none())).isPresent();
    }

    @ParameterizedTest
    @EnumSource(SqliteSynchronous.class)
    void deliversOnceInEitherSynchronousMode(SqliteSynchronous mode) {
        JdbcKeyStore store = open(StoreOptions.DEFAULTS.withSqliteSynchronous(mode));
        Made made = Sessions.make("s-1");
        store.createSession(made.session(), made.copies(), List.of());

        assertThat(store.takeKey("s-1-initiator", NOW, EventsFor.none())).isPresent();
        assertThat(store.takeKey("s-1-initiator", NOW, EventsFor.none())).isEmpty();
    }

    @Test
    void closeCheckpointsTheWalAndTheStoreOpensAgain() {
        JdbcKeyStore store = open(StoreOptions.DEFAULTS);
        Made made = Sessions.make("s-1");
        store.createSession(made.session(), made.copies(), List.of());
        assertThat(Files.exists(Path.of(path() + "-wal"))).isTrue();

        store.close();
        assertThat(Files.exists(Path.of(path() + "-wal"))).isFalse();

        store.open();
        assertThat(store.takeKey("s-1-initiator", NOW, EventsFor.none())).isPresent();
    }

    @Test
    void aStoreDroppedWithoutCloseStopsItsWriterThread() throws InterruptedException {
        JdbcKeyStore store = JdbcKeyStore.create("jdbc:sqlite:" + path(), StoreOptions.DEFAULTS);
        store.open();
        // The backend stays reachable from the cleaner's action, not the other way round.
        SqliteBackend backend = store.sqliteBackend().orElseThrow();
        store = null;

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!backend.writerStopped() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }

        assertThat(backend.writerStopped()).isTrue();
    }
}
