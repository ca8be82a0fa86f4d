/**
 * Persistence of sessions, sealed keys and the evidence log behind the
 * {@link io.lightvibes.service.store.KeyStore} and {@link io.lightvibes.service.store.EvidenceStore}
 * ports: {@link io.lightvibes.service.store.JdbcKeyStore} on SQLite (embedded default) and
 * PostgreSQL, each with one writer thread per process that commits queued writes together under
 * the evidence log's head (group commit), migrated by Flyway to the prototype's schema. Only sealed blobs ever reach this layer; every change appends its evidence
 * entries in its own transaction, so a change whose entries cannot be written does not happen.
 */
package io.lightvibes.service.store;
