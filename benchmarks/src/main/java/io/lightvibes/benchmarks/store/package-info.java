/**
 * JMH suites for the store: SQLite create+take with and without group commit and fsync, evidence
 * appends alone and inside changes, and proof node reads as the log grows.
 */
package io.lightvibes.benchmarks.store;
