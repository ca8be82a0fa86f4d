/**
 * The evidence log: RFC 9162 §2.1 Merkle tree over RFC 8785 canonical JSON entries, C2SP signed
 * checkpoints, proofs from stored complete-subtree nodes, and the offline audit.
 *
 * <ul>
 *   <li>{@link io.lightvibes.service.evidence.Merkle}: the auditor's hashes, proofs and verifiers,
 *       JDK only.
 *   <li>{@link io.lightvibes.service.evidence.Entries}: events as entry bytes and back, never key
 *       material; {@link io.lightvibes.service.evidence.EvidenceAppends}: a batch of events as the
 *       entries and nodes a store writes; {@link io.lightvibes.service.evidence.StoredTree}: roots
 *       and proofs from the nodes one query fetches; {@link io.lightvibes.service.evidence.MerkleLog}:
 *       the same in memory.
 *   <li>{@link io.lightvibes.service.evidence.Checkpoint}, {@link io.lightvibes.service.evidence.NoteSigner},
 *       {@link io.lightvibes.service.evidence.NoteVerifier}, {@link io.lightvibes.service.evidence.SignedNotes}:
 *       tree heads as Ed25519 signed notes.
 *   <li>{@link io.lightvibes.service.evidence.EvidenceAudit} and
 *       {@link io.lightvibes.service.evidence.EvidenceVerifier} over an
 *       {@link io.lightvibes.service.evidence.EvidenceSource} (HTTP or JDBC): the offline audit.
 * </ul>
 *
 * <p>Nothing here imports Helidon or the store (the store imports this package), so an auditor can
 * use it alone. Every refusal is an {@link io.lightvibes.service.evidence.EvidenceException}. The
 * formats are those of {@code docs/EVIDENCE.md}, byte for byte the prototype's.
 */
package io.lightvibes.service.evidence;
