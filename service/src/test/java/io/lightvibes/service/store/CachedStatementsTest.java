package io.lightvibes.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's statement reuse: same results as fresh statements, nothing bound left behind, bounded. */
class CachedStatementsTest {

    @TempDir
    Path directory;

    private Connection connection;

    @BeforeEach
    void setUp() throws SQLException {
        connection = CachedStatements.wrap(DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("c.db")));
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (k INTEGER, v TEXT)");
        }
    }

    @AfterEach
    void tearDown() throws SQLException {
        connection.close();
    }

    private int count(String sql, Object... values) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                select.setObject(i + 1, values[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    @Test
    void aClosedStatementIsReusedWithItsParametersCleared() throws SQLException {
        for (int k = 0; k < 5; k++) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
                insert.setInt(1, k);
                insert.setString(2, "v" + k);
                insert.executeUpdate();
            }
        }

        assertThat(count("SELECT count(*) FROM t WHERE k >= ?", 2)).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM t WHERE k >= ?", 4)).isEqualTo(1);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
            // An unbound parameter is NULL: the row shows that nothing of the last use was left bound.
            insert.executeUpdate();
        }
        assertThat(count("SELECT count(*) FROM t WHERE k IS NULL AND v IS NULL")).isEqualTo(1);
    }

    @Test
    void aBatchLeftUnexecutedIsNotRunByTheNextUse() throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
            insert.setInt(1, 1);
            insert.setString(2, "dropped");
            insert.addBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
            insert.setInt(1, 2);
            insert.setString(2, "kept");
            insert.addBatch();
            insert.executeBatch();
        }

        assertThat(count("SELECT count(*) FROM t")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM t WHERE v = 'kept'")).isEqualTo(1);
    }

    @Test
    void twoOpenStatementsOfOneTextAreDistinct() throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (k, v) VALUES (1, 'a')")) {
            insert.executeUpdate();
        }
        String select = "SELECT k FROM t";
        try (PreparedStatement outer = connection.prepareStatement(select); ResultSet rows = outer.executeQuery();
                PreparedStatement inner = connection.prepareStatement(select); ResultSet again = inner.executeQuery()) {
            assertThat(rows.next()).isTrue();
            assertThat(again.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(again.getInt(1));
        }
    }

    @Test
    void manyDifferentTextsStayBoundedAndStillWork() throws SQLException {
        for (int n = 1; n <= CachedStatements.LIMIT + 50; n++) {
            assertThat(count("SELECT count(*) FROM t WHERE k IN (" + "?, ".repeat(n - 1) + "?)",
                    new Object[n])).isZero();
        }
        assertThat(count("SELECT count(*) FROM t WHERE k IN (?)", 1)).isZero();
    }

    @Test
    void closingTheConnectionClosesItsKeptStatements() throws SQLException {
        PreparedStatement kept = connection.prepareStatement("SELECT count(*) FROM t");
        kept.close();
        connection.close();

        assertThatThrownBy(() -> connection.prepareStatement("SELECT 1")).isInstanceOf(SQLException.class);
        connection = CachedStatements.wrap(DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("c.db")));
    }
}
