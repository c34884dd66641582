// Passphrase-protected trustee files, byte-compatible with
// deliberation/crypto/keyfile.py: scrypt (n=2^15, r=8, p=1) + AES-256-GCM,
// the header as associated data.
import { gcm } from '@noble/ciphers/aes.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { b64urlDecode, b64urlEncode, randomBytes, utf8Decode, utf8ToBytes } from './encoding.js';

export const SCRYPT_N = 2 ** 15;
const FORMAT = 'deliberation-keyfile-1';

export class WrongPassphrase extends Error {
  constructor(message) {
    super(message);
    this.name = 'WrongPassphrase';
  }
}

// Python's json.dumps with its default separators and ensure_ascii=True; the
// header's text is the associated data, so it must match to the byte.
function pyDumps(value, sortKeys = false) {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value).replace(/[^\x20-\x7e]/g,
      (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  }
  if (Array.isArray(value)) return '[' + value.map((v) => pyDumps(v, sortKeys)).join(', ') + ']';
  const keys = Object.keys(value);
  if (sortKeys) keys.sort();
  return '{' + keys.map((k) => `${pyDumps(k)}: ${pyDumps(value[k], sortKeys)}`).join(', ') + '}';
}

function derive(passphrase, salt, header) {
  return scryptAsync(utf8ToBytes(passphrase), salt, { N: header.n, r: header.r, p: header.p, dkLen: 32 });
}

/** Encrypt a JSON-serialisable secret under a passphrase; return the file's text. */
export async function seal(secret, passphrase, options = {}) {
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const header = { format: FORMAT, kdf: 'scrypt', n: options.n || SCRYPT_N, r: 8, p: 1, salt: b64urlEncode(salt) };
  const key = await derive(passphrase, salt, header);
  const aad = utf8ToBytes(pyDumps(header, true));
  const ciphertext = gcm(key, nonce, aad).encrypt(utf8ToBytes(pyDumps(secret)));
  return pyDumps({ ...header, nonce: b64urlEncode(nonce), ciphertext: b64urlEncode(ciphertext) });
}

/** Decrypt a sealed file (text or parsed object); throw WrongPassphrase on failure. */
export async function unseal(sealed, passphrase) {
  const file = typeof sealed === 'string' ? JSON.parse(sealed) : sealed;
  if (file.format !== FORMAT || file.kdf !== 'scrypt') throw new Error('not a deliberation key file');
  const header = { format: file.format, kdf: file.kdf, n: file.n, r: file.r, p: file.p, salt: file.salt };
  const key = await derive(passphrase, b64urlDecode(file.salt), header);
  let plaintext;
  try {
    plaintext = gcm(key, b64urlDecode(file.nonce), utf8ToBytes(pyDumps(header, true)))
      .decrypt(b64urlDecode(file.ciphertext));
  } catch (err) {
    throw new WrongPassphrase('wrong passphrase or altered key file');
  }
  return JSON.parse(utf8Decode(plaintext));
}
