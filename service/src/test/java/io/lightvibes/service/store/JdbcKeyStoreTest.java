package io.lightvibes.service.store;

import static io.lightvibes.service.store.Sessions.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.store.Sessions.Made;
import io.lightvibes.service.store.TestDatabases.Database;
import io.lightvibes.service.store.TestDatabases.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JDBC store on both databases: opening, migrating, several stores on one database, failures. */
class JdbcKeyStoreTest {

    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    private static List<String> appliedMigrations(Database database) throws SQLException {
        try (Connection connection = TestDatabases.connect(database); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version, success FROM " + Migrations.HISTORY_TABLE
                        + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            List<String> applied = new ArrayList<>();
            while (rows.next()) {
                applied.add(rows.getString(1) + (rows.getBoolean(2) ? "" : " (failed)"));
            }
            return applied;
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void openIsIdempotentAndSafeToRace(Engine engine) throws Exception {
        Database database = databases.create(engine);
        JdbcKeyStore first = databases.newStore(database);
        first.open();
        Made made = Sessions.make("s-1");
        first.createSession(made.session(), made.copies(), List.of());

        first.open();
        List<JdbcKeyStore> others = List.of(databases.newStore(database), databases.newStore(database),
                databases.newStore(database));
        Race.run(others.size(), i -> () -> {
            others.get(i).open();
            return null;
        });

        assertThat(appliedMigrations(database)).containsExactlyElementsOf(MigrationFiles.versions());
        for (JdbcKeyStore other : others) {
            assertThat(other.getSession("s-1")).contains(made.session());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void storesRacingToCreateTheSchemaAllOpen(Engine engine) throws Exception {
        Database database = databases.create(engine);
        List<JdbcKeyStore> stores = List.of(databases.newStore(database), databases.newStore(database),
                databases.newStore(database), databases.newStore(database));

        Race.run(stores.size(), i -> () -> {
            stores.get(i).open();
            return null;
        });

        assertThat(appliedMigrations(database)).containsExactlyElementsOf(MigrationFiles.versions());
        assertThat(stores).allMatch(JdbcKeyStore::ping);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void takesThroughSeparateStoresDeliverExactlyOnce(Engine engine) throws InterruptedException {
        // Separate stores behave like separate processes: no shared writer queue or pool.
        Database database = databases.create(engine);
        List<JdbcKeyStore> stores = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JdbcKeyStore store = databases.newStore(database);
            store.open();
            stores.add(store);
        }
        Made made = Sessions.make("s-1");
        stores.getFirst().createSession(made.session(), made.copies(), List.of());

        List<Optional<SealedKeyRecord>> results = Race.run(30,
                i -> () -> stores.get(i % 3).takeKey("s-1-initiator", NOW, EventsFor.none()));

        assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void appendsAndCheckpointsOfTwoStoresStayInSizeOrder(Engine engine) throws InterruptedException {
        Database database = databases.create(engine);
        List<JdbcKeyStore> stores = List.of(databases.newStore(database), databases.newStore(database));
        stores.forEach(JdbcKeyStore::open);

        Race.run(2, i -> () -> {
            for (int n = 0; n < 15; n++) {
                stores.get(i).appendEvents(List.of(EvidenceStoreContractTest.event(n)));
                stores.get(i).signCheckpoint(EvidenceStoreContractTest::note, NOW);
            }
            return null;
        });

        List<Long> sizes = stores.getFirst().checkpoints(0, 1000).stream().map(StoredCheckpoint::treeSize).toList();
        assertThat(sizes).hasSize(30).isSorted();
        assertThat(stores.getFirst().evidenceSize()).isEqualTo(30);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anUnwritableLogStopsTheOperation(Engine engine) throws SQLException {
        Database database = databases.create(engine);
        JdbcKeyStore store = databases.newStore(database);
        store.open();
        Made before = Sessions.make("before");
        store.createSession(before.session(), before.copies(), List.of());
        try (Connection connection = TestDatabases.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(switch (engine) {
                case SQLITE -> "CREATE TRIGGER refuse BEFORE INSERT ON evidence_entries "
                        + "BEGIN SELECT RAISE(ABORT, 'evidence log refuses writes'); END";
                case POSTGRESQL -> "ALTER TABLE evidence_entries ADD CONSTRAINT refuse CHECK (seq < 0) NOT VALID";
            });
        }
        Made blocked = Sessions.make("blocked");
        EventsFor<SealedKeyRecord> delivered = copy -> List.of(EvidenceStoreContractTest.event("key.delivered",
                Map.of("session_id", copy.sessionId())));

        assertThatThrownBy(() -> store.createSession(blocked.session(), blocked.copies(),
                List.of(EvidenceStoreContractTest.event(1))))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("evidence log")
                .hasMessageContaining("nothing was changed")
                .hasMessageNotContaining("INSERT");
        assertThatThrownBy(() -> store.takeKey("before-initiator", NOW, delivered))
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.appendEvents(List.of(EvidenceStoreContractTest.event(2))))
                .isInstanceOf(StoreUnavailableException.class);

        assertThat(store.getSession("blocked")).isEmpty();
        assertThat(store.getSession("before")).contains(before.session());
        assertThat(store.evidenceSize()).isZero();
        // The copy was not delivered: once the log takes entries again, it can be.
        try (Connection connection = TestDatabases.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(engine == Engine.SQLITE ? "DROP TRIGGER refuse"
                    : "ALTER TABLE evidence_entries DROP CONSTRAINT refuse");
        }
        assertThat(store.takeKey("before-initiator", NOW, delivered)).isPresent();
        assertThat(store.evidenceSize()).isEqualTo(1);
    }

    @Test
    void postgresRowLockedPastTheTimeoutIsUnavailable() throws SQLException {
        Database database = databases.create(Engine.POSTGRESQL);
        JdbcKeyStore store = databases.newStore(database, StoreOptions.DEFAULTS.withBusyTimeout(Duration.ofMillis(200)));
        store.open();
        Made made = Sessions.make("s-1");
        store.createSession(made.session(), made.copies(), List.of());

        try (Connection other = TestDatabases.connect(database); Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.executeQuery("SELECT 1 FROM sealed_keys FOR UPDATE").close();
            assertThatThrownBy(() -> store.takeKey("s-1-initiator", NOW, EventsFor.none()))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("lock timeout");
            other.rollback();
        }
        assertThat(store.takeKey("s-1-initiator", NOW, EventsFor.none())).isPresent();
    }

    @Test
    void anUnreachablePostgresIsUnavailableWithoutItsPassword() {
        JdbcKeyStore store = JdbcKeyStore.create("jdbc:postgresql://127.0.0.1:1/keys?user=admin&password=hunter2",
                StoreOptions.DEFAULTS.withBusyTimeout(Duration.ofSeconds(2)));

        assertThatThrownBy(store::open)
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("cannot connect")
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageContaining("password=***")
                .hasMessageNotContaining("hunter2");
        assertThat(store.ping()).isFalse();
        store.close();
    }

    @Test
    void aSqliteFileThatCannotBeOpenedIsUnavailable() throws Exception {
        Path notAFile = Files.createDirectories(databases.directory().resolve("keys.db"));
        JdbcKeyStore store = JdbcKeyStore.create("jdbc:sqlite:" + notAFile, StoreOptions.DEFAULTS);

        assertThatThrownBy(store::open)
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(notAFile.toString());
        store.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:mysql://admin:hunter2@db.example/keys",
        "postgresql://admin:hunter2@db.example/keys",
        "jdbc:postgresql://admin:hunter2@db.example/keys",
        "jdbc:postgresql://db.example:port/keys?password=hunter2",
        "jdbc:sqlite:",
        "jdbc:sqlite::memory:",
        "jdbc:sqlite:file:keys.db?mode=memory&password=hunter2",
        "jdbc:sqlite:keys.db?journal_mode=DELETE",
        "not a url at all: hunter2",
        ""
    })
    void unusableUrlsAreConfigErrorsWithoutSecrets(String url) {
        assertThatThrownBy(() -> JdbcKeyStore.create(url, StoreOptions.DEFAULTS))
                .isInstanceOf(StoreConfigException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:sqlite:/path/to/lightvibes.db")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void theUrlShownMasksThePassword() {
        JdbcKeyStore store = JdbcKeyStore.create(
                "jdbc:postgresql://db.example:5432/keys?user=admin&password=hunter2&ssl=true", StoreOptions.DEFAULTS);

        assertThat(store.url()).isEqualTo("jdbc:postgresql://db.example:5432/keys?user=admin&password=***&ssl=true");
    }

    @Test
    void theSchemaMustBeOnePlainIdentifier() {
        for (String schema : List.of("x%22y", "Upper", "a,b", "1abc")) {
            assertThatThrownBy(() -> JdbcKeyStore.create("jdbc:postgresql://127.0.0.1/db?currentSchema=" + schema,
                    StoreOptions.DEFAULTS))
                    .as(schema)
                    .isInstanceOf(StoreConfigException.class)
                    .hasMessageContaining("schema name");
        }
    }

    @Test
    void aSqliteDirectoryThatCannotBeMadeIsAConfigError() throws Exception {
        Path blocker = Files.createFile(databases.directory().resolve("a-file"));
        JdbcKeyStore store = JdbcKeyStore.create("jdbc:sqlite:" + blocker.resolve("sub").resolve("keys.db"),
                StoreOptions.DEFAULTS);

        assertThatThrownBy(store::open)
                .isInstanceOf(StoreConfigException.class)
                .hasMessageContaining("Cannot create the directory");
        store.close();
    }

    @Test
    void badOptionsAreConfigErrors() {
        assertThatThrownBy(() -> StoreOptions.DEFAULTS.withBusyTimeout(Duration.ZERO))
                .isInstanceOf(StoreConfigException.class).hasMessageContaining("busy timeout");
        assertThatThrownBy(() -> StoreOptions.DEFAULTS.withPoolSize(0))
                .isInstanceOf(StoreConfigException.class).hasMessageContaining("pool size");
        assertThatThrownBy(() -> StoreOptions.DEFAULTS.withGroupLimit(0))
                .isInstanceOf(StoreConfigException.class).hasMessageContaining("group limit");
        assertThatThrownBy(() -> SqliteSynchronous.parse("OFF"))
                .isInstanceOf(StoreConfigException.class).hasMessageContaining("FULL or NORMAL");
        assertThat(SqliteSynchronous.parse(" normal ")).isEqualTo(SqliteSynchronous.NORMAL);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aStoreIsUsableOnlyWhileOpenAndOpensAgainAfterClose(Engine engine) {
        Database database = databases.create(engine);
        JdbcKeyStore store = databases.newStore(database);

        assertThatThrownBy(() -> store.getSession("s-1")).isInstanceOf(IllegalStateException.class);
        assertThat(store.ping()).isFalse();
        store.open();
        Made made = Sessions.make("s-1");
        store.createSession(made.session(), made.copies(), List.of());
        store.close();
        store.close();
        assertThat(store.ping()).isFalse();
        store.open();
        assertThat(store.takeKey("s-1-initiator", NOW, EventsFor.none())).isPresent();
    }
}
