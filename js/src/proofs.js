// Zero-knowledge proofs and signatures made non-interactive by Fiat-Shamir,
// mirroring deliberation/crypto/proofs.py: every challenge hashes a domain
// tag, a context, the statement and the commitments; r = w - c*x mod q.

function mod(a, m) {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** Return the JSON form of a proof {challenge, response}. */
export function encodeProof(g, proof) {
  return { challenge: g.encodeScalar(proof.challenge), response: g.encodeScalar(proof.response) };
}

/** Parse a JSON proof. */
export function decodeProof(g, obj) {
  return { challenge: g.decodeScalar(obj.challenge), response: g.decodeScalar(obj.response) };
}

/** Prove knowledge of x with pub = g^x (Schnorr), bound to a context. */
export function proveKnowledge(g, context, x, pub) {
  const w = g.randomScalar();
  const c = g.hashToScalar('pok', context, g.encode(pub), g.encode(g.gPow(w)));
  return { challenge: c, response: mod(w - c * x, g.order) };
}

/** Tell whether a proof shows knowledge of the discrete log of pub. */
export function verifyKnowledge(g, context, pub, proof) {
  const a = g.mul(g.gPow(proof.response), g.pow(pub, proof.challenge));
  return g.hashToScalar('pok', context, g.encode(pub), g.encode(a)) === proof.challenge;
}

/** Schnorr-sign a message string with secret x whose public key is pub. */
export function sign(g, context, x, message, pub) {
  const w = g.randomScalar();
  const c = g.hashToScalar('sig', context, g.encode(pub), message, g.encode(g.gPow(w)));
  return { challenge: c, response: mod(w - c * x, g.order) };
}

/** Tell whether a signature of message verifies under pub. */
export function verifySignature(g, context, pub, message, signature) {
  const a = g.mul(g.gPow(signature.response), g.pow(pub, signature.challenge));
  return g.hashToScalar('sig', context, g.encode(pub), message, g.encode(a)) === signature.challenge;
}

function intervalHash(g, context, prefix, y, ct, lo, hi, commitments) {
  return g.hashToScalar('interval', context, prefix, g.encode(y), g.encode(ct.alpha), g.encode(ct.beta),
    `${lo}..${hi}`, g.encodeAll(commitments));
}

/** Prove that ct = (g^r, y^r g^m) encrypts a value in lo..hi, knowing r and m. */
export function proveInterval(g, context, prefix, y, ct, r, m, lo, hi) {
  const commitments = [];
  const proofs = [];
  const w = g.randomScalar();
  for (let value = lo; value <= hi; value++) {
    if (value === m) {
      commitments.push(g.gPow(w), g.pow(y, w));
      proofs.push(null);
      continue;
    }
    // Simulated branch: pick the challenge and response, derive the commitments.
    const c = g.randomScalar();
    const s = g.randomScalar();
    const shifted = g.div(ct.beta, g.gPow(BigInt(value)));
    commitments.push(g.mul(g.gPow(s), g.pow(ct.alpha, c)), g.mul(g.pow(y, s), g.pow(shifted, c)));
    proofs.push({ challenge: c, response: s });
  }
  const total = intervalHash(g, context, prefix, y, ct, lo, hi, commitments);
  const others = proofs.reduce((acc, p) => (p ? acc + p.challenge : acc), 0n);
  const ci = mod(total - others, g.order);
  proofs[m - lo] = { challenge: ci, response: mod(w - r * ci, g.order) };
  return proofs;
}

/** Tell whether proofs show that ct encrypts a value in lo..hi. */
export function verifyInterval(g, context, prefix, y, ct, lo, hi, proofs) {
  if (proofs.length !== hi - lo + 1) return false;
  const commitments = [];
  proofs.forEach((p, i) => {
    const shifted = g.div(ct.beta, g.gPow(BigInt(lo + i)));
    commitments.push(g.mul(g.gPow(p.response), g.pow(ct.alpha, p.challenge)));
    commitments.push(g.mul(g.pow(y, p.response), g.pow(shifted, p.challenge)));
  });
  const total = intervalHash(g, context, prefix, y, ct, lo, hi, commitments);
  return mod(proofs.reduce((acc, p) => acc + p.challenge, 0n), g.order) === total;
}

function decryptionHash(g, context, key, alpha, factor, a, b) {
  return g.hashToScalar('decrypt', context, ...[key, alpha, factor, a, b].map((x) => g.encode(x)));
}

/** Return {factor: alpha^s, proof} proving the same s as key = g^s (Chaum-Pedersen). */
export function proveDecryption(g, context, s, alpha, key) {
  const factor = g.pow(alpha, s);
  const w = g.randomScalar();
  const c = decryptionHash(g, context, key, alpha, factor, g.gPow(w), g.pow(alpha, w));
  return { factor, proof: { challenge: c, response: mod(w - c * s, g.order) } };
}

/** Tell whether factor = alpha^s for the s with key = g^s. */
export function verifyDecryption(g, context, key, alpha, factor, proof) {
  const a = g.mul(g.gPow(proof.response), g.pow(key, proof.challenge));
  const b = g.mul(g.pow(alpha, proof.response), g.pow(factor, proof.challenge));
  return decryptionHash(g, context, key, alpha, factor, a, b) === proof.challenge;
}
