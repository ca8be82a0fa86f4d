"""Writes prototype_log.json with the Python prototype, for the Java cross-implementation test.

Run from a checkout of the prototype (git archive e4d6498 src/lightvibes) with rfc8785 and
cryptography importable:  PYTHONPATH=src python make_prototype_log.py > prototype_log.json
"""
import base64, json, sys
from datetime import UTC, datetime, timedelta
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from lightvibes.evidence import (Checkpoint, EntryType, MerkleLog, NoteSigner, audit_log,
                                 encode_entry, log_started_fields)

ORIGIN = "lightvibes.prototype/evidence"
T0 = datetime(2025, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
seeds = {0: 0x11, 9: 0x22}
events = []
fields_cycle = [
    {"key_ref": "kr_1", "bits": 256, "mode": "QMK", "qber": 0.031, "seal_suite": "x25519"},
    {"session_id": "s-é-😀", "peers": ["peer-alice", "peer-bob"], "ttl_s": 120, "fallback": True},
    {"key_ref": "kr_2", "reason": "expired", "copies": 2, "note": None},
    {"from": "QMK", "to": "PQC", "qber": 0.0812345678901234, "rate_bps": 1.5e-7, "big": 1e21},
    {"state": "quarantined", "qber_jump": -0.0000033333333333333333, "decoy": {"mu": 0.5, "nu": [0.1, 0.0]}},
    {"text": "line\nbreak\t\"quoted\" \\ \u0001 \u2028 \u20ac", "n": -9007199254740991, "f": 333333333.33333329},
]
types = [EntryType.KEY_ISSUED, EntryType.SESSION_CREATED, EntryType.KEY_DESTROYED, EntryType.MODE_CHANGED,
         EntryType.LINK_QUARANTINED, EntryType.KEY_DELIVERED]
log, notes, signer = MerkleLog(), [], None
verifiers = []
for seq in range(20):
    time = T0 + timedelta(microseconds=1_000_001 * seq)
    if seq in seeds:
        signer = NoteSigner(ORIGIN, Ed25519PrivateKey.from_private_bytes(bytes([seeds[seq]]) * 32))
        verifiers.append(signer.verifier_key())
        type_, actor, fields = EntryType.LOG_STARTED, "lightvibes", log_started_fields(ORIGIN, signer.verifier_key())
    else:
        type_, actor, fields = types[seq % len(types)], f"peer-{seq % 3}", fields_cycle[seq % len(fields_cycle)]
    data = encode_entry(seq=seq, time=time, type=type_, actor=actor, fields=fields)
    events.append({"seq": seq, "time": time.isoformat().replace("+00:00", "Z"), "type": str(type_), "actor": actor,
                   "fields": fields, "data": base64.b64encode(data).decode()})
    log.append(data)
    if log.size in (5, 9, 12, 20):
        notes.append(signer.sign(Checkpoint(ORIGIN, log.size, log.root()).body()))
entries = [log.entry(i) for i in range(log.size)]
report = audit_log(entries, notes, trusted_keys=[verifiers[0]])
assert report.ok, report.verdict
json.dump({
    "description": "A log written by the Python prototype (commit e4d6498, lightvibes.evidence with rfc8785 0.1.4 (trailofbits/rfc8785.py eb785a7) "
                   "and cryptography), for cross-implementation tests: each event's inputs, the exact entry bytes "
                   "(base64), the signed checkpoints, the signing seeds (Ed25519 is deterministic) and the "
                   "prototype's own audit verdict with the first key pinned.",
    "origin": ORIGIN,
    "signer_seeds": {str(k): f"{v:02x}" * 32 for k, v in seeds.items()},
    "verifier_keys": verifiers,
    "events": events,
    "checkpoints": notes,
    "root": base64.b64encode(log.root()).decode(),
    "prototype_verdict": report.verdict,
}, sys.stdout, indent=2, ensure_ascii=False)
print()
