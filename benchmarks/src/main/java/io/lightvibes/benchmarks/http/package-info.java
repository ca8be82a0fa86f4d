/**
 * The HTTP load figures ({@link io.lightvibes.benchmarks.http.HttpLoad}): our routes beside their
 * bare twins, on SQLite and on PostgreSQL with one or more replicas, servers pinned to CPU 0 and
 * wrk to CPU 1; and the profile of an issuance run ({@link io.lightvibes.benchmarks.http.JfrHotspots},
 * {@code PostgresWaits}) that says where the time goes.
 */
package io.lightvibes.benchmarks.http;
