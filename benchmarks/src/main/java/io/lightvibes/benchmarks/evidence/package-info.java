/**
 * JMH suites for the evidence library: leaf and node hashing, proof verification at a small and
 * a large tree, proofs assembled from stored nodes, and entry encoding. Store-backed figures
 * (appends per second, proof latency through the database) live with the store's benchmarks.
 */
package io.lightvibes.benchmarks.evidence;
