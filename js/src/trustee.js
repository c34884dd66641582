// The trustee's side of the key ceremony and of the tally, mirroring
// deliberation/crypto/trustees.py and tally.partial_decryption: Pedersen key
// generation with shares sent encrypted (X25519 + HKDF + AES-256-GCM) and
// signed (Ed25519). The state object has the fields of Python's
// Trustee.secret_material(), plus `received` (shares dealt to this trustee).
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { gcm } from '@noble/ciphers/aes.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { parseElection } from './ballot.js';
import { GROUP as BELENIOS, trusteeSignatures } from './belenios.js';
import { canonicalJSON } from './canonical.js';
import { bytesToHex, hexToBytes, randomBytes, utf8Decode, utf8ToBytes } from './encoding.js';
import { getGroup } from './groups.js';
import { encodeProof, proveDecryption, proveKnowledge } from './proofs.js';

class ShareError extends Error {}

function context(uuid, index) {
  return `${uuid}|trustee ${index}`;
}

function shareAad(uuid, dealer, recipient) {
  return utf8ToBytes(`deliberation share|${uuid}|${dealer}|${recipient}`);
}

function shareKey(privateKey, publicKey, aad) {
  return hkdf(sha256, x25519.getSharedSecret(privateKey, publicKey), undefined, aad, 32);
}

/** Return f_i(j) mod q for the trustee's polynomial. */
function evaluate(g, coefficients, j) {
  return coefficients.reduceRight((acc, a) => (acc * BigInt(j) + a) % g.order, 0n);
}

function coefficientsOf(g, state) {
  return state.coefficients.map((a) => g.decodeScalar(a));
}

/** Start the ceremony: new keys and polynomial; return {certificate, state}. */
export function create(groupName, uuid, index, threshold, name) {
  const g = getGroup(groupName);
  if (!Number.isInteger(index) || index < 1 || !Number.isInteger(threshold) || threshold < 1) {
    throw new RangeError('index and threshold must be positive integers');
  }
  const coefficients = Array.from({ length: threshold }, () => g.randomScalar());
  const signingKey = ed25519.utils.randomSecretKey();
  const encryptionKey = x25519.utils.randomSecretKey();
  const commitments = coefficients.map((a) => g.gPow(a));
  const proof = proveKnowledge(g, context(uuid, index), coefficients[0], commitments[0]);
  const certificate = {
    index,
    name: name || `trustee ${index}`,
    signing_key: bytesToHex(ed25519.getPublicKey(signingKey)),
    encryption_key: bytesToHex(x25519.getPublicKey(encryptionKey)),
    commitments: commitments.map((c) => g.encode(c)),
    proof: encodeProof(g, proof),
  };
  // A vote in Belenios' group also publishes Belenios' signed certificate and commitments.
  if (g.name === BELENIOS) certificate.belenios = trusteeSignatures(certificate.commitments);
  const state = {
    uuid,
    index,
    group: g.name,
    share: null,
    coefficients: coefficients.map((a) => g.encodeScalar(a)),
    signing_key: bytesToHex(signingKey),
    encryption_key: bytesToHex(encryptionKey),
  };
  return { certificate, state };
}

function sealShare(g, state, cert, share) {
  const ephemeral = x25519.utils.randomSecretKey();
  const aad = shareAad(state.uuid, state.index, cert.index);
  const nonce = randomBytes(12);
  // The same bytes as Python's json.dumps({"share": str(share)}).
  const plaintext = utf8ToBytes(`{"share": "${g.encodeScalar(share)}"}`);
  const key = shareKey(ephemeral, hexToBytes(cert.encryption_key), aad);
  const body = {
    dealer: state.index,
    recipient: cert.index,
    ephemeral: bytesToHex(x25519.getPublicKey(ephemeral)),
    nonce: bytesToHex(nonce),
    ciphertext: bytesToHex(gcm(key, nonce, aad).encrypt(plaintext)),
  };
  const signature = ed25519.sign(utf8ToBytes(canonicalJSON(body)), hexToBytes(state.signing_key));
  return { ...body, signature: bytesToHex(signature) };
}

/** Return an encrypted, signed share message for every other trustee. */
export function deal(state, certificates) {
  const g = getGroup(state.group);
  const coefficients = coefficientsOf(g, state);
  return certificates
    .filter((cert) => cert.index !== state.index)
    .map((cert) => sealShare(g, state, cert, evaluate(g, coefficients, cert.index)));
}

/** Tell whether a share message carries its dealer's Ed25519 signature. */
export function verifyShareSignature(dealerCert, msg) {
  const { signature, ...body } = msg;
  try {
    return ed25519.verify(hexToBytes(signature), utf8ToBytes(canonicalJSON(body)),
      hexToBytes(dealerCert.signing_key), { zip215: false });
  } catch (err) {
    return false;
  }
}

function openShare(g, state, dealerCert, msg) {
  if (!verifyShareSignature(dealerCert, msg)) throw new ShareError('bad signature on share message');
  const aad = shareAad(state.uuid, dealerCert.index, state.index);
  let plaintext;
  try {
    const key = shareKey(hexToBytes(state.encryption_key), hexToBytes(msg.ephemeral), aad);
    plaintext = gcm(key, hexToBytes(msg.nonce), aad).decrypt(hexToBytes(msg.ciphertext));
  } catch (err) {
    throw new ShareError('share does not decrypt');
  }
  return g.decodeScalar(JSON.parse(utf8Decode(plaintext)).share);
}

/** Return g^f(j) from a dealer's commitments: the product of C_k^(j^k). */
export function expectedShareKey(g, commitments, j) {
  let result = g.identity;
  let power = 1n;
  for (const c of commitments) {
    result = g.mul(result, g.pow(c, power));
    power = (power * BigInt(j)) % g.order;
  }
  return result;
}

function checkShare(g, dealerCert, j, share) {
  const commitments = dealerCert.commitments.map((c) => g.decode(c));
  if (!g.eq(g.gPow(share), expectedShareKey(g, commitments, j))) {
    throw new ShareError(`share from trustee ${dealerCert.index} does not match its commitments`);
  }
}

function sumShares(g, received, qualified) {
  return qualified.reduce((acc, i) => {
    if (received[i] === undefined) throw new RangeError(`no valid share from trustee ${i}`);
    return (acc + BigInt(received[i])) % g.order;
  }, 0n);
}

/** Open and check the shares addressed to me; return {complaints, state}.
 *
 * The new state's `share` sums every share that checked out, which is the
 * final share when the qualified trustees are all but those I complained
 * about; if others complain too, call finish(state, qualified).
 */
export function receive(state, certificates, messages) {
  const g = getGroup(state.group);
  const received = { [state.index]: g.encodeScalar(evaluate(g, coefficientsOf(g, state), state.index)) };
  const complaints = [];
  const byIndex = new Map(certificates.map((c) => [c.index, c]));
  for (const msg of messages) {
    if (msg.recipient !== state.index) continue;
    const dealer = byIndex.get(msg.dealer);
    if (!dealer) throw new RangeError(`share message from unknown trustee ${msg.dealer}`);
    try {
      const share = openShare(g, state, dealer, msg);
      checkShare(g, dealer, state.index, share);
      received[dealer.index] = g.encodeScalar(share);
    } catch (err) {
      if (!(err instanceof ShareError) && err.name !== 'InvalidElement') throw err;
      complaints.push({ accuser: state.index, dealer: dealer.index, reason: err.message });
    }
  }
  for (const cert of certificates) {
    const dealt = messages.some((m) => m.dealer === cert.index && m.recipient === state.index);
    if (cert.index !== state.index && !dealt) {
      const reason = `no share received from trustee ${cert.index}`;
      complaints.push({ accuser: state.index, dealer: cert.index, reason });
    }
  }
  const accepted = Object.keys(received).map(Number);
  const share = g.encodeScalar(sumShares(g, received, accepted));
  return { complaints, state: { ...state, received, share } };
}

/** Sum the shares of the qualified dealers into my secret share; return the new state. */
export function finish(state, qualified) {
  const g = getGroup(state.group);
  return { ...state, share: g.encodeScalar(sumShares(g, state.received || {}, qualified)) };
}

/** Return g^share, which must equal my verification_key in trustees.json. */
export function verificationKey(state) {
  const g = getGroup(state.group);
  if (state.share === null || state.share === undefined) throw new RangeError('the ceremony is not finished');
  return g.encode(g.gPow(g.decodeScalar(state.share)));
}

/** Return my partial decryption of tally.json: one entry of decryptions.json. */
export function partialDecryption(election, tally, index, state) {
  const e = parseElection(election);
  const { g } = e;
  if (state.uuid !== e.uuid || state.group !== g.name || state.index !== index) {
    throw new RangeError('this key file belongs to another election or trustee');
  }
  const s = g.decodeScalar(state.share);
  const key = g.gPow(s);
  const factors = {};
  for (const kind of election.tallies) {
    factors[kind] = tally[kind].map((row) => row.map((ct) => {
      const { factor, proof } = proveDecryption(g, e.fingerprint, s, g.decode(ct.alpha), key);
      return { factor: g.encode(factor), proof: encodeProof(g, proof) };
    }));
  }
  return { trustee: index, factors };
}
