/**
 * Persistence of sessions, sealed keys and the evidence log behind the
 * {@link io.lightvibes.service.store.KeyStore} and {@link io.lightvibes.service.store.EvidenceStore}
 * ports: {@link io.lightvibes.service.store.JdbcKeyStore} on SQLite (embedded default; one writer
 * thread with group commit) and PostgreSQL (HikariCP, row locks), migrated by Flyway to the
 * prototype's schema. Only sealed blobs ever reach this layer; every change appends its evidence
 * entries in its own transaction, so a change whose entries cannot be written does not happen.
 */
package io.lightvibes.service.store;
