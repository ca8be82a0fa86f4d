"""The evidence log: RFC 9162 Merkle tree, C2SP signed checkpoints, entries and offline audit.

:mod:`lightvibes.evidence.merkle` is public on its own: auditors import it without the rest.
The stored-tree functions let a database append in O(log n) hashing and answer proofs with
O(log n) node reads; :class:`MerkleLog` is the same model in memory. See docs/EVIDENCE.md.
"""

from lightvibes.evidence import merkle
from lightvibes.evidence._audit import AuditReport, audit_log
from lightvibes.evidence._entry import (
    LOG_STARTED_ORIGIN_FIELD,
    LOG_STARTED_VERIFIER_FIELD,
    MAX_ENTRY_BYTES,
    Entry,
    EntryType,
    JSONValue,
    decode_entry,
    encode_entry,
    format_time,
    is_key_material_name,
    log_started_fields,
)
from lightvibes.evidence._note import (
    MAX_NOTE_BYTES,
    MAX_NOTE_SIGNATURES,
    Checkpoint,
    NoteSigner,
    NoteVerifier,
    ed25519_key_id,
    open_note,
)
from lightvibes.evidence._tree import (
    MerkleLog,
    NodeId,
    ReadNode,
    consistency_node_ids,
    consistency_proof_from_nodes,
    inclusion_node_ids,
    inclusion_proof_from_nodes,
    nodes_created_by_append,
    root_from_nodes,
    root_node_ids,
)

__all__ = [
    "LOG_STARTED_ORIGIN_FIELD",
    "LOG_STARTED_VERIFIER_FIELD",
    "MAX_ENTRY_BYTES",
    "MAX_NOTE_BYTES",
    "MAX_NOTE_SIGNATURES",
    "AuditReport",
    "Checkpoint",
    "Entry",
    "EntryType",
    "JSONValue",
    "MerkleLog",
    "NodeId",
    "NoteSigner",
    "NoteVerifier",
    "ReadNode",
    "audit_log",
    "consistency_node_ids",
    "consistency_proof_from_nodes",
    "decode_entry",
    "ed25519_key_id",
    "encode_entry",
    "format_time",
    "inclusion_node_ids",
    "inclusion_proof_from_nodes",
    "is_key_material_name",
    "log_started_fields",
    "merkle",
    "nodes_created_by_append",
    "open_note",
    "root_from_nodes",
    "root_node_ids",
]
