package io.lightvibes.service.store;

import io.lightvibes.service.evidence.Entries;
import io.lightvibes.service.evidence.EvidenceEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The evidence appender of a {@link GroupWriter}: while a group is open, the entries its writes
 * append are held back and written together, in the order the writes appended them, just before
 * the group commits: one head read, one node query and one batch of inserts per group instead of
 * per write. A write undone in its savepoint takes its entries back with it, so the log records
 * exactly the writes that commit, in the same transaction as they do (fail-closed: if the entries
 * cannot be written, the whole group rolls back). Outside a group it appends at once.
 *
 * <p>An event that could never be logged (key material in its fields, a bad type) is refused
 * when its write appends it, as before, so it fails that write alone and not its whole group.
 *
 * <p>Touched only on the writer's thread, which runs every body that calls it.
 */
final class GroupedEvidence implements EvidenceAppender {

    private static final long WIDEST_SEQ = (1L << 53) - 1;

    private final EvidenceTransactions log;
    private List<EvidenceEvent> held;  // non-null while a group is open

    GroupedEvidence(EvidenceTransactions log) {
        this.log = log;
    }

    @Override
    public void append(Connection connection, List<EvidenceEvent> events) throws SQLException {
        if (held == null) {
            log.append(connection, events);
            return;
        }
        for (EvidenceEvent event : events) {
            // Its seq and time are fixed only at the flush; the widest seq an entry can have
            // (I-JSON's largest exact integer) makes the size check conservative, and the time's
            // text has one width, so what passes here encodes there.
            Entries.encode(WIDEST_SEQ, event.time(), event.type(), event.actor(), event.fields());
        }
        held.addAll(events);
    }

    /** Starts holding entries back for a group. */
    void open() {
        held = new ArrayList<>();
    }

    /** Where the held entries end now: {@link #undoTo} this to take back a write's entries. */
    int mark() {
        return held.size();
    }

    /** Drops the entries held since {@code mark}: the write that appended them was undone. */
    void undoTo(int mark) {
        held.subList(mark, held.size()).clear();
    }

    /** Appends every held entry on {@code connection}, inside the group's transaction, before its COMMIT. */
    void flush(Connection connection) throws SQLException {
        List<EvidenceEvent> due = held;
        held = new ArrayList<>();
        if (!due.isEmpty()) {
            log.append(connection, due);
        }
    }

    /** Ends the group: entries of a group that failed are dropped with it. */
    void close() {
        held = null;
    }
}
