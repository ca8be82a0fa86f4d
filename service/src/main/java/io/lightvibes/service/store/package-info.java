/**
 * Persistence of sessions and sealed keys behind the {@link io.lightvibes.service.store.KeyStore}
 * port: JDBC on SQLite (embedded default) and PostgreSQL, migrated by Flyway. Only sealed blobs
 * ever reach this layer.
 */
package io.lightvibes.service.store;
