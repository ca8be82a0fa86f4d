package io.lightvibes.service.store;

import static io.lightvibes.service.store.Sessions.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.store.Sessions.Made;
import io.lightvibes.service.store.TestDatabases.Database;
import io.lightvibes.service.store.TestDatabases.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The schema Flyway builds is the prototype's (its Alembic revisions as SQLAlchemy emits them,
 * {@code src/test/resources/store/prototype-r0002-*.sql}), and a database the prototype wrote
 * opens, reads and takes keys with this store.
 */
class PrototypeSchemaTest {

    /** The prototype's script up to and including this line is revision 0001. */
    private static final String END_OF_R0001 = "INSERT INTO lightvibes_alembic_version (version_num) VALUES ('0001');";
    private static final Set<String> VERSION_TABLES = Set.of(Migrations.HISTORY_TABLE, Migrations.PROTOTYPE_VERSION_TABLE);

    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    private static String prototypeScript(Engine engine) throws IOException {
        String name = "/store/prototype-r0002-" + engine.name().toLowerCase(Locale.ROOT) + ".sql";
        try (InputStream in = PrototypeSchemaTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Runs a script of statements ending in ";" on line ends, as the prototype's migrations would. */
    private static void run(Database database, String script) throws SQLException, IOException {
        if (database.engine() == Engine.SQLITE) {
            Files.createDirectories(Path.of(database.url().substring("jdbc:sqlite:".length())).getParent());
        }
        String statements = script.lines().filter(line -> !line.startsWith("--")).collect(Collectors.joining("\n"));
        try (Connection connection = TestDatabases.connect(database); Statement statement = connection.createStatement()) {
            if (database.schema().isPresent()) {
                statement.execute("CREATE SCHEMA \"" + database.schema().get() + "\"");
            }
            for (String sql : statements.split(";\n")) {
                if (!sql.isBlank()) {
                    statement.execute(sql.strip().replaceAll(";$", ""));
                }
            }
        }
    }



    /** Everything that defines the tables, in a comparable text form (version tables left out). */
    private static Set<String> schemaOf(Database database) throws SQLException {
        try (Connection connection = TestDatabases.connect(database)) {
            return switch (database.engine()) {
                case SQLITE -> sqliteSchema(connection);
                case POSTGRESQL -> postgresSchema(connection, database.schema().orElseThrow());
            };
        }
    }

    private static Set<String> sqliteSchema(Connection connection) throws SQLException {
        Set<String> facts = new TreeSet<>();
        List<String> tables = new ArrayList<>();
        for (List<String> row : rows(connection, "SELECT type, name, tbl_name, sql FROM sqlite_master")) {
            if (!VERSION_TABLES.contains(row.get(2))) {
                // Text as SQLite keeps it, whitespace normalised: types, constraints and names alike.
                facts.add(String.join(" | ", row.get(0), row.get(1), row.get(2), normalised(row.get(3))));
                if (row.get(0).equals("table")) {
                    tables.add(row.get(1));
                }
            }
        }
        for (String table : tables) {
            rows(connection, "PRAGMA table_info(" + table + ")").forEach(row -> facts.add(table + " column " + row));
            rows(connection, "PRAGMA foreign_key_list(" + table + ")").forEach(row -> facts.add(table + " fk " + row));
            rows(connection, "PRAGMA index_list(" + table + ")").forEach(row -> facts.add(table + " index " + row));
        }
        return facts;
    }

    private static Set<String> postgresSchema(Connection connection, String schema) throws SQLException {
        Set<String> facts = new TreeSet<>();
        String versionTables = "('" + String.join("', '", VERSION_TABLES) + "')";
        for (List<String> row : rows(connection, "SELECT table_name, column_name, ordinal_position, data_type, "
                + "character_maximum_length, is_nullable, column_default FROM information_schema.columns "
                + "WHERE table_schema = ? AND table_name NOT IN " + versionTables, schema)) {
            facts.add("column " + row.toString().replace(schema + ".", ""));
        }
        for (List<String> row : rows(connection, "SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid) "
                + "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? AND c.relname NOT IN " + versionTables, schema)) {
            facts.add("constraint " + row);
        }
        for (List<String> row : rows(connection, "SELECT tablename, indexname, indexdef FROM pg_indexes "
                + "WHERE schemaname = ? AND tablename NOT IN " + versionTables, schema)) {
            facts.add("index " + row.toString().replace(schema + ".", ""));
        }
        for (List<String> row : rows(connection, "SELECT sequence_name, data_type FROM information_schema.sequences "
                + "WHERE sequence_schema = ?", schema)) {
            facts.add("sequence " + row);
        }
        return facts;
    }

    private static List<List<String>> rows(Connection connection, String query, String... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<List<String>> all = new ArrayList<>();
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(String.valueOf(rows.getString(i)));
                    }
                    all.add(row);
                }
                return all;
            }
        }
    }

    private static String normalised(String sql) {
        return sql.replaceAll("\\s+", " ").replaceAll(" ?([(),]) ?", "$1").strip();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void migrationsBuildExactlyThePrototypesSchema(Engine engine) throws Exception {
        Database migrated = databases.create(engine);
        migrateTo(migrated, "2"); // the prototype's last revision; V3 on are the Java service's own
        Database prototype = databases.create(engine);
        if (engine == Engine.SQLITE) {
            prototype = new Database(engine, "jdbc:sqlite:" + databases.directory().resolve("prototype.db"),
                    prototype.schema());
        }
        run(prototype, prototypeScript(engine));

        Set<String> expected = schemaOf(prototype);
        assertThat(expected).hasSizeGreaterThan(30);
        assertThat(schemaOf(migrated)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aPrototypeDatabaseMigratesToExactlyTheFreshSchema(Engine engine) throws Exception {
        Database fresh = databases.create(engine);
        databases.newStore(fresh).open();
        Database prototype = databases.create(engine);
        if (engine == Engine.SQLITE) {
            prototype = new Database(engine, "jdbc:sqlite:" + databases.directory().resolve("prototype.db"),
                    prototype.schema());
        }
        run(prototype, prototypeScript(engine));

        databases.newStore(prototype).open();

        Set<String> prototypeFacts = new TreeSet<>(schemaOf(prototype));
        prototypeFacts.removeIf(fact -> fact.contains(Migrations.PROTOTYPE_VERSION_TABLE));
        assertThat(prototypeFacts).containsExactlyElementsOf(schemaOf(fresh));
    }

    /** Flyway as the store runs it, stopped at {@code version}. */
    private static void migrateTo(Database database, String version) throws IOException {
        if (database.engine() == Engine.SQLITE) {
            Files.createDirectories(Path.of(database.url().substring("jdbc:sqlite:".length())).getParent());
        }
        Flyway.configure(PrototypeSchemaTest.class.getClassLoader())
                .dataSource(database.url(), null, null)
                .locations((database.engine() == Engine.SQLITE ? Dialect.SQLITE : Dialect.POSTGRESQL).migrationLocation())
                .table(Migrations.HISTORY_TABLE)
                .target(version)
                .load()
                .migrate();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aDatabaseThePrototypeWroteOpensAndDeliversItsKeys(Engine engine) throws Exception {
        Database database = databases.create(engine);
        run(database, prototypeScript(engine));
        Made made = Sessions.make("s-1", "initiator", "peer");
        // Rows as the prototype wrote them: BIGINT microseconds, state text, raw sealed bytes.
        try (Connection connection = TestDatabases.connect(database)) {
            insertAsThePrototype(connection, made);
        }
        JdbcKeyStore store = databases.newStore(database);

        store.open();

        assertThat(store.getSession("s-1")).contains(made.session());
        assertThat(store.takeKey("s-1-initiator", NOW, EventsFor.none()).orElseThrow().sealed())
                .isEqualTo(made.copy(0).sealed());
        assertThat(store.appendEvents(List.of(EvidenceStoreContractTest.event(1)))).isEqualTo(1);
        assertThat(historyVersions(database)).containsExactlyElementsOf(MigrationFiles.fromBaseline("2"));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aPrototypeDatabaseAtRevision0001GetsTheEvidenceLog(Engine engine) throws Exception {
        Database database = databases.create(engine);
        String script = prototypeScript(engine);
        run(database, script.substring(0, script.indexOf(END_OF_R0001) + END_OF_R0001.length()));
        JdbcKeyStore store = databases.newStore(database);

        store.open();

        assertThat(store.evidenceSize()).isZero();
        assertThat(historyVersions(database)).containsExactlyElementsOf(MigrationFiles.fromBaseline("1"));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anUnknownPrototypeRevisionIsRefused(Engine engine) throws Exception {
        Database database = databases.create(engine);
        run(database, prototypeScript(engine).replace("SET version_num='0002'", "SET version_num='0003'"));
        JdbcKeyStore store = databases.newStore(database);

        assertThatThrownBy(store::open).isInstanceOf(StoreConfigException.class).hasMessageContaining("'0003'");
    }

    /** The rows of {@code made} in the prototype's columns (revision 0002 has no opened_by). */
    private static void insertAsThePrototype(Connection connection, Made made) throws SQLException {
        SessionRecord session = made.session();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sessions (session_id, peer_id, mode, "
                + "key_bits, ttl_s, created_at, expires_at, state, qber, rate_bps, seal_suite, recipient_key_id, "
                + "closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)")) {
            insert.setString(1, session.sessionId());
            insert.setString(2, session.peerId());
            insert.setString(3, session.mode());
            insert.setInt(4, session.keyBits());
            insert.setInt(5, session.ttlS());
            insert.setLong(6, Micros.of(session.createdAt()));
            insert.setLong(7, Micros.of(session.expiresAt()));
            insert.setString(8, session.state().wireName());
            insert.setDouble(9, session.qber().orElseThrow());
            insert.setDouble(10, session.rateBps());
            insert.setString(11, session.sealSuite());
            insert.setString(12, session.recipientKeyId());
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sealed_keys (" + Rows.SEALED_KEY_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (SealedKeyRecord copy : made.copies()) {
                Rows.bindSealedKey(insert, copy);
                insert.executeUpdate();
            }
        }
    }

    private static List<String> historyVersions(Database database) throws SQLException {
        try (Connection connection = TestDatabases.connect(database)) {
            return rows(connection, "SELECT version FROM " + Migrations.HISTORY_TABLE
                    + " WHERE version IS NOT NULL ORDER BY installed_rank").stream().map(List::getFirst).toList();
        }
    }
}
