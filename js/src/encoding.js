// Byte, text and number encodings shared by the modules; mirrors what Python's
// json, base64 and int.from_bytes produce so that hashes and files match.
import { bytesToHex, hexToBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export { bytesToHex, hexToBytes, randomBytes, utf8ToBytes };

/** Decode UTF-8 bytes to a string. */
export function utf8Decode(bytes) {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** Read big-endian bytes as a non-negative BigInt. */
export function bytesToBigInt(bytes) {
  return bytes.length ? BigInt('0x' + bytesToHex(bytes)) : 0n;
}

/** Return the number of bits of a positive BigInt. */
export function bitLength(n) {
  return n.toString(2).length;
}

/** Encode bytes as URL-safe base64 without padding (Python's _b64 in keyfile.py). */
export function b64urlEncode(bytes) {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decode URL-safe base64 with or without padding. */
export function b64urlDecode(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*={0,2}$/.test(text)) {
    throw new Error('not URL-safe base64');
  }
  const plain = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(plain + '='.repeat((4 - (plain.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
