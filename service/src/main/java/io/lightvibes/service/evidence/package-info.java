/**
 * The evidence log: RFC 9162 §2.1 Merkle tree over RFC 8785 canonical JSON entries, C2SP signed
 * checkpoints, proofs from stored complete-subtree nodes, and the offline audit.
 *
 * <p>{@link io.lightvibes.service.evidence.Merkle} is public on its own and needs only the JDK:
 * an auditor can verify proofs with it alone. Nothing here imports Helidon or the store (the store
 * imports this package), so an auditor can use the whole package without the service. The
 * formats are those of {@code docs/EVIDENCE.md}, byte for byte the prototype's.
 */
package io.lightvibes.service.evidence;
