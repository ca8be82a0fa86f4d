package io.lightvibes.service.evidence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Properties;

/**
 * Reads a log straight from a LIGHTVIBES database over plain JDBC (SQLite or PostgreSQL):
 * {@code evidence_checkpoints(id, tree_size, note, created_at)} in id order, then
 * {@code evidence_entries(seq, data)} in seq order, all in one read-only transaction, so the
 * audit sees one snapshot. It never writes and never migrates; a row missing from the middle of
 * the entries is left for the audit to name (its successor's seq is then wrong).
 */
public final class JdbcEvidenceSource implements EvidenceSource {

    static final int ENTRY_PAGE = 10_000;
    private static final String CHECKPOINTS = "SELECT note FROM evidence_checkpoints ORDER BY id";
    private static final String ENTRIES = "SELECT seq, data FROM evidence_entries WHERE seq >= ? ORDER BY seq LIMIT ?";
    // sqlite-jdbc: SQLiteOpenMode.READONLY, so a mistyped path is not created as an empty database.
    private static final String SQLITE_READ_ONLY_OPEN_MODE = "1";

    private final Connection connection;
    private final String where;

    private JdbcEvidenceSource(Connection connection, String where) {
        this.connection = connection;
        this.where = where;
    }

    /**
     * Connects to {@code jdbcUrl} ({@code jdbc:sqlite:PATH}, {@code jdbc:postgresql://...}).
     *
     * @throws EvidenceSourceException if the database cannot be opened
     */
    public static JdbcEvidenceSource open(String jdbcUrl) {
        String where = redacted(jdbcUrl);
        Properties properties = new Properties();
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            properties.setProperty("open_mode", SQLITE_READ_ONLY_OPEN_MODE);
        }
        try {
            Connection connection = DriverManager.getConnection(jdbcUrl, properties);
            try {
                connection.setAutoCommit(false);
                if (!jdbcUrl.startsWith("jdbc:sqlite:")) {
                    connection.setReadOnly(true);
                    // One snapshot for checkpoints and entries alike.
                    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                }
                return new JdbcEvidenceSource(connection, where);
            } catch (SQLException error) {
                connection.close();
                throw error;
            }
        } catch (SQLException error) {
            throw new EvidenceSourceException("cannot open the database " + where + ": " + error.getMessage(), error);
        }
    }

    @Override
    public List<String> checkpoints() {
        List<String> notes = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(CHECKPOINTS);
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                notes.add(rows.getString(1));
            }
        } catch (SQLException error) {
            throw failed("the checkpoints", error);
        }
        return java.util.Collections.unmodifiableList(notes);
    }

    @Override
    public Iterator<byte[]> entries() {
        return new Pages();
    }

    @Override
    public void close() {
        try {
            if (!connection.isClosed()) {
                connection.rollback(); // nothing was written; just end the read transaction
                connection.close();
            }
        } catch (SQLException error) {
            throw failed("closing", error);
        }
    }

    /** The entries in seq order, a keyset page at a time. */
    private final class Pages implements Iterator<byte[]> {

        private final List<byte[]> page = new ArrayList<>();
        private int position;
        private long nextSeq;
        private boolean done;

        @Override
        public boolean hasNext() {
            if (position == page.size() && !done) {
                fetch();
            }
            return position < page.size();
        }

        @Override
        public byte[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more entries");
            }
            return page.get(position++);
        }

        private void fetch() {
            page.clear();
            position = 0;
            try (PreparedStatement query = connection.prepareStatement(ENTRIES)) {
                query.setLong(1, nextSeq);
                query.setInt(2, ENTRY_PAGE);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        nextSeq = rows.getLong(1) + 1;
                        // A hand-edited SQLite file may hold TEXT here: the auditor gets its bytes all the same.
                        page.add(rows.getBytes(2));
                    }
                }
            } catch (SQLException error) {
                throw failed("the entries from seq " + nextSeq, error);
            }
            done = page.size() < ENTRY_PAGE;
        }
    }

    private EvidenceSourceException failed(String what, SQLException error) {
        return new EvidenceSourceException("cannot read " + what + " of " + where + ": " + error.getMessage(), error);
    }

    /** The URL without its query and credentials, for messages: JDBC URLs may carry a password. */
    static String redacted(String jdbcUrl) {
        String noQuery = jdbcUrl.split("[?;]", 2)[0];
        return noQuery.replaceFirst("//[^/@]*@", "//");
    }
}
