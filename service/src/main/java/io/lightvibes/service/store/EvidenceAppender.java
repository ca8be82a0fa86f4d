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
     * there, and returns the tree size afterwards. An entry that cannot be written throws, and the
     * change it records rolls back with it.
     */
    long append(Connection connection, List<EvidenceEvent> events) throws SQLException;
}
