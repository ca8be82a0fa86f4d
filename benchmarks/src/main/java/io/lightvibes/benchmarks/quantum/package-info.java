/**
 * JMH suites for the quantum engine on the Java path: Cascade throughput and efficiency at the
 * QBERs of the literature, the photonics sampler, and whole blocks end to end. The kernel-level
 * Java-vs-native suites live beside them (native-kernels).
 */
package io.lightvibes.benchmarks.quantum;
