/**
 * JMH suites for the cryptography every key pays for: the ML-KEM-768 exchange of the PQC key
 * source (Bouncy Castle beside the JDK), HPKE sealing per suite, and the two together, which is
 * the ceiling a PQC issuance over HTTP is compared with.
 */
package io.lightvibes.benchmarks.crypto;
