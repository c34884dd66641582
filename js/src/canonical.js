// Canonical JSON exactly as Python's json.dumps(obj, sort_keys=True,
// separators=(",", ":"), ensure_ascii=False): the record's hashes depend on it.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from './encoding.js';

// Python sorts keys by code point; JS compares UTF-16 units, which differs
// for characters above U+FFFF against U+E000..U+FFFF.
function compareCodePoints(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function serialise(value) {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    // The record format has only integers; a float would print differently in Python.
    if (!Number.isSafeInteger(value)) throw new TypeError(`not a safe integer: ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return '[' + value.map(serialise).join(',') + ']';
  if (typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort(compareCodePoints);
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + serialise(value[k])).join(',') + '}';
  }
  throw new TypeError(`cannot serialise ${typeof value}`);
}

/** Serialise a JSON value canonically: sorted keys, no spaces, raw UTF-8. */
export function canonicalJSON(value) {
  return serialise(value);
}

/** Hash a string (as UTF-8) or bytes with SHA-256; return lowercase hex. */
export function sha256hex(data) {
  return bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data));
}

/** Hash the canonical JSON of a value (Python's object_hash). */
export function objectHash(value) {
  return sha256hex(canonicalJSON(value));
}
