package io.lightvibes.service.store;

import io.lightvibes.service.evidence.EvidenceEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Appends a change's evidence entries inside the change's own transaction. */
@FunctionalInterface
interface EvidenceAppender {

    /**
     * Appends entries for {@code events} on {@code connection}, in the transaction already open
     * there: they are in the log when, and only if, that transaction commits. An entry that
     * cannot be written throws (now or at commit), and the change it records rolls back with it.
     */
    void append(Connection connection, List<EvidenceEvent> events) throws SQLException;
}
