package io.lightvibes.service.store;

import java.sql.SQLException;

/** A failure the backends themselves detect, each translated to its own message by the store. */
sealed class BackendFailure extends SQLException {

    private BackendFailure(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** No connection to the database could be opened; the cause holds the driver's error. */
    static final class ConnectFailed extends BackendFailure {
        ConnectFailed(Throwable cause) {
            super("cannot connect", cause);
        }
    }

    /** Every pooled connection stayed in use past the busy timeout. */
    static final class PoolBusy extends BackendFailure {
        PoolBusy(Throwable cause) {
            super("pool busy", cause);
        }
    }

    /** A write waited behind this store's other writes past the busy timeout; it never started. */
    static final class WriterBusy extends BackendFailure {
        WriterBusy() {
            super("writer busy", null);
        }
    }

    /** The caller was interrupted while its write was still queued; it never started. */
    static final class Interrupted extends BackendFailure {
        Interrupted() {
            super("interrupted", null);
        }
    }

    /** The store was closed before the write could start. */
    static final class Closed extends BackendFailure {
        Closed() {
            super("closed", null);
        }
    }

    /**
     * The evidence log could not take the change's entries (the database refused them, or the
     * stored tree they extend is damaged); the cause says why.
     */
    static final class EvidenceRefused extends BackendFailure {
        EvidenceRefused(Exception cause) {
            super("evidence refused", cause);
        }
    }
}
