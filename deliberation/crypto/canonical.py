"""Canonical JSON and the hashes computed over it."""
import hashlib
import json


def canonical_json(obj):
    """Serialise with sorted keys, no spaces and UTF-8, so hashes are stable."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_bytes(obj):
    """Return the canonical JSON of `obj` as UTF-8 bytes."""
    return canonical_json(obj).encode("utf-8")


def sha256_hex(data):
    """Hash bytes or a str with SHA-256 and return lowercase hex."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def object_hash(obj):
    """Hash the canonical JSON of an object."""
    return sha256_hex(canonical_bytes(obj))
