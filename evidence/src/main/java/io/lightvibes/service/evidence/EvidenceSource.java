package io.lightvibes.service.evidence;

import java.util.Iterator;
import java.util.List;

/**
 * Where an auditor reads a log from: a running server ({@link HttpEvidenceSource}) or its
 * database ({@link JdbcEvidenceSource}). Read the checkpoints first: the entries read afterwards
 * then cover every one of them, however the log grows meanwhile.
 */
public interface EvidenceSource extends AutoCloseable {

    /**
     * Every checkpoint note the log has signed, in the order it stored them.
     *
     * @throws EvidenceSourceException if they cannot be read
     */
    List<String> checkpoints();

    /**
     * The entries' exact bytes in log order, read page by page as the iterator advances; its
     * {@code next} throws {@link EvidenceSourceException} if a page cannot be read.
     */
    Iterator<byte[]> entries();

    /** Releases what the source holds (a connection); idempotent. */
    @Override
    void close();
}
