package io.lightvibes.service.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JdbcEvidenceSource} on the prototype's tables ({@code r0002_evidence_log}): an honest
 * database audits clean and a tampered one fails where it was tampered, on SQLite always and on
 * PostgreSQL when {@code LIGHTVIBES_TEST_POSTGRES_URL} names one (in a schema of its own).
 */
class JdbcEvidenceSourceTest {

    final AuditStory story = AuditStory.standard();

    @TempDir
    Path directory;

    /** The prototype's evidence tables, with the story's log in them. */
    static void write(String url, boolean postgres, AuditStory story) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE evidence_entries (seq BIGINT NOT NULL, data " + (postgres ? "BYTEA" : "BLOB")
                    + " NOT NULL, CONSTRAINT pk_evidence_entries PRIMARY KEY (seq))");
            ddl.execute("CREATE TABLE evidence_checkpoints (id " + (postgres ? "SERIAL" : "INTEGER")
                    + " NOT NULL, tree_size BIGINT NOT NULL, note TEXT NOT NULL, created_at BIGINT NOT NULL,"
                    + " CONSTRAINT pk_evidence_checkpoints PRIMARY KEY (id))");
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO evidence_entries (seq, data) VALUES (?, ?)")) {
                for (int seq = 0; seq < story.entries().size(); seq++) {
                    insert.setLong(1, seq);
                    insert.setBytes(2, story.entries().get(seq));
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO evidence_checkpoints (id, tree_size, note, created_at) VALUES (?, ?, ?, ?)")) {
                for (int id = 0; id < story.checkpoints().size(); id++) {
                    String note = story.checkpoints().get(id);
                    insert.setInt(1, id + 1);
                    insert.setLong(2, Checkpoint.parse(SignedNotes.split(note).text()).treeSize());
                    insert.setString(3, note);
                    insert.setLong(4, 1_700_000_000_000_000L + id);
                    insert.executeUpdate();
                }
            }
            connection.commit();
        }
    }

    static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static AuditReport verify(String url, Optional<String> since) {
        try (JdbcEvidenceSource source = JdbcEvidenceSource.open(url)) {
            return EvidenceVerifier.verify(source, List.of(), since);
        }
    }

    /** The same checks on any database holding the story. */
    void honestThenTampered(String url) throws SQLException {
        AuditReport honest = verify(url, Optional.of(story.checkpoints().get(3)));
        assertThat(honest.ok()).as(honest.verdict()).isTrue();
        assertThat(honest.verdict()).startsWith("OK: 22 entries, 7 checkpoints verified up to size 22");
        execute(url, "DELETE FROM evidence_entries WHERE seq = 7");
        assertThat(verify(url, Optional.empty()).firstBad()).contains("entry 7");
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement put = connection.prepareStatement("INSERT INTO evidence_entries (seq, data) VALUES (7, ?)")) {
            put.setBytes(1, AuditStory.event(7, "-rewritten"));
            put.executeUpdate();
        }
        assertThat(verify(url, Optional.empty()).firstBad()).contains("checkpoint 1 (size 8)");
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement put = connection.prepareStatement("UPDATE evidence_entries SET data = ? WHERE seq = 7")) {
            put.setBytes(1, story.entries().get(7));
            put.executeUpdate();
        }
        // Rolled back with its checkpoints: consistent on its own, caught by a saved checkpoint.
        execute(url, "DELETE FROM evidence_entries WHERE seq >= 12");
        execute(url, "DELETE FROM evidence_checkpoints WHERE tree_size > 12");
        assertThat(verify(url, Optional.empty()).ok()).isTrue();
        assertThat(verify(url, Optional.of(story.checkpoints().get(6))).firstBad()).contains("since (size 22)");
    }

    @Test
    void sqliteDatabaseAuditsCleanAndTamperingIsNamed() throws SQLException {
        String url = "jdbc:sqlite:" + directory.resolve("lightvibes.db");
        write(url, false, story);
        honestThenTampered(url);
    }

    @Test
    void entriesAreReadInPagesWithoutLosingOrder() throws SQLException {
        AuditStory big = AuditStory.write(JdbcEvidenceSource.ENTRY_PAGE + 3, java.util.Map.of(0, 1),
                java.util.Set.of(JdbcEvidenceSource.ENTRY_PAGE + 3));
        String url = "jdbc:sqlite:" + directory.resolve("big.db");
        write(url, false, big);
        AuditReport report = verify(url, Optional.empty());
        assertThat(report.ok()).as(report.verdict()).isTrue();
        assertThat(report.entries()).isEqualTo(JdbcEvidenceSource.ENTRY_PAGE + 3);
    }

    @Test
    void textStoredWhereBytesBelongIsReadAsItsBytes() throws SQLException {
        String url = "jdbc:sqlite:" + directory.resolve("text.db");
        write(url, false, story);
        String entry = new String(story.entries().get(3), StandardCharsets.UTF_8).replace("'", "''");
        execute(url, "UPDATE evidence_entries SET data = '" + entry + "' WHERE seq = 3");
        AuditReport report = verify(url, Optional.empty());
        assertThat(report.ok()).as(report.verdict()).isTrue();
    }

    @Test
    void aMissingDatabaseIsNotCreatedAndMissingTablesAreSourceFailures() throws SQLException {
        Path missing = directory.resolve("missing.db");
        assertThatThrownBy(() -> JdbcEvidenceSource.open("jdbc:sqlite:" + missing))
                .isInstanceOf(EvidenceSourceException.class).hasMessageContaining("cannot open the database");
        assertThat(Files.exists(missing)).isFalse();
        String empty = "jdbc:sqlite:" + directory.resolve("empty.db");
        execute(empty, "CREATE TABLE unrelated (x INTEGER)");
        try (JdbcEvidenceSource source = JdbcEvidenceSource.open(empty)) {
            assertThatThrownBy(source::checkpoints).isInstanceOf(EvidenceSourceException.class)
                    .hasMessageContaining("cannot read the checkpoints of jdbc:sqlite:");
        }
    }

    @Test
    void urlsInMessagesCarryNoCredentials() {
        assertThat(JdbcEvidenceSource.redacted("jdbc:postgresql://db:5432/lv?user=a&password=secret"))
                .isEqualTo("jdbc:postgresql://db:5432/lv");
        assertThat(JdbcEvidenceSource.redacted("jdbc:postgresql://alice:secret@db/lv")).isEqualTo("jdbc:postgresql://db/lv");
    }

    @Test
    void postgresqlDatabaseAuditsCleanAndTamperingIsNamed() throws SQLException {
        String base = System.getenv("LIGHTVIBES_TEST_POSTGRES_URL");
        assumeTrue(base != null && !base.isBlank(), "LIGHTVIBES_TEST_POSTGRES_URL is not set: no PostgreSQL to test on");
        String schema = "lv_evidence_" + UUID.randomUUID().toString().replace("-", "");
        execute(base, "CREATE SCHEMA " + schema);
        try {
            String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            write(url, true, story);
            honestThenTampered(url);
        } finally {
            execute(base, "DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
