package io.lightvibes.service.link;

import java.util.Locale;

/**
 * How this process takes part in the QKD link when several share one database
 * ({@code LIGHTVIBES_REPLICA_MODE}, docs/REPLICAS.md).
 */
public enum ReplicaMode {
    /** {@link #ELECT} on PostgreSQL, {@link #LOCAL} on SQLite (one process serves a SQLite file). */
    AUTO,
    /** This process runs a link and pool of its own and shares neither (the single-process service). */
    LOCAL,
    /** Stand for election: the process holding PostgreSQL's advisory lock runs the link for all replicas. */
    ELECT,
    /** Never run the link; serve from the shares of whichever process does (e.g. {@code lightvibes link run}). */
    FOLLOW;

    /** The mode in effect on a database of that kind. */
    public ReplicaMode resolve(boolean postgres) {
        return this == AUTO ? (postgres ? ELECT : LOCAL) : this;
    }

    /** Whether the link is shared through the database (elect or follow). */
    public boolean shared() {
        return this == ELECT || this == FOLLOW;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The wire name, as the setting is written. */
    @Override
    public String toString() {
        return wireName();
    }
}
