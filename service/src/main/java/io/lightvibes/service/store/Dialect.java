package io.lightvibes.service.store;

/** The two databases the store speaks to, and where their SQL differs. */
enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /**
     * Whether the append lock is a row lock (the evidence head, FOR UPDATE). SQLite has no row
     * locks (it rejects FOR UPDATE); its file-wide write lock, taken at BEGIN IMMEDIATE, is the
     * append lock there.
     */
    boolean hasRowLocks() {
        return this == POSTGRESQL;
    }

    /** Flyway's location of this database's migrations (their DDL differs only in type names). */
    String migrationLocation() {
        return "classpath:db/migration/" + migrationFolder;
    }
}
