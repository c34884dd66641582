"""Hash-chain arithmetic for the audit log."""
import hashlib
import json
from dataclasses import dataclass

GENESIS = "0" * 64


def entry_hash(prev_hash, fields):
    """Hash an entry's fields together with the previous entry's hash."""
    body = json.dumps({"prev": prev_hash, **fields}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass
class ChainBreak:
    seq: int
    reason: str  # "edited", "missing_or_reordered", "sequence_gap", "head_mismatch"


def verify_chain(entries, head_hash=None):
    """Return the first ChainBreak in entries (dicts in seq order), or None if the chain holds.

    Each entry has seq, prev_hash, hash and fields (the hashed content).
    """
    prev, expected_seq = GENESIS, 1
    for entry in entries:
        if entry["seq"] != expected_seq:
            return ChainBreak(entry["seq"], "sequence_gap")
        if entry["prev_hash"] != prev:
            return ChainBreak(entry["seq"], "missing_or_reordered")
        if entry_hash(prev, entry["fields"]) != entry["hash"]:
            return ChainBreak(entry["seq"], "edited")
        prev, expected_seq = entry["hash"], expected_seq + 1
    if head_hash is not None and head_hash != prev:
        return ChainBreak(expected_seq - 1, "head_mismatch")
    return None
