// A vote in BELENIOS-2048: ballots, trustee certificates, verification keys and
// partial decryptions in Belenios 2.0's own format, mirroring
// deliberation/crypto/belenios (ballots.make_ballot, proofs.py, interop.py) so
// that the server, our verifier and belenios-tool accept them.
//
// Belenios hashes '|'-joined strings with SHA-256 and reads the digest as a
// big-endian number mod q; numbers are decimal; JSON is compact, in the field
// order written here. Responses are r = w - c*x, so a verifier recomputes a
// commitment as g^r * X^c.
import { sha256 } from '@noble/hashes/sha2.js';
import { signingKey } from './ballot.js';
import { objectHash } from './canonical.js';
import { bytesToBigInt, utf8ToBytes } from './encoding.js';
import { getGroup } from './groups.js';

export const GROUP = 'BELENIOS-2048';

function mod(a, m) {
  const r = a % m;
  return r < 0n ? r + m : r;
}

function hashToScalar(g, ...parts) {
  return mod(bytesToBigInt(sha256(utf8ToBytes(parts.join('|')))), g.order);
}

/** Return H_JSON of a text: unpadded base64 of its SHA-256 (Belenios' election and ballot hashes). */
export function fingerprint(text) {
  let binary = '';
  for (const b of sha256(utf8ToBytes(text))) binary += String.fromCharCode(b);
  return btoa(binary).replace(/=+$/, '');
}

// Compact JSON in the object's own field order, as Python's json.dumps(separators=(",", ":"),
// ensure_ascii=False) writes it: Belenios signs and hashes these exact bytes.
const dumps = (value) => JSON.stringify(value);

const encodeProof = (p) => ({ challenge: p.challenge.toString(10), response: p.response.toString(10) });

const parsed = new Map();

/** Parse a Belenios election text once: group, fingerprint, key and questions. */
export function parseElection(text) {
  if (!parsed.has(text)) {
    const params = JSON.parse(text);
    if (params.version !== 1 || params.group !== GROUP) throw new Error('not a Belenios election in BELENIOS-2048');
    const g = getGroup(GROUP);
    parsed.set(text, {
      g, y: g.decode(params.public_key), fingerprint: fingerprint(text), uuid: params.uuid, questions: params.questions,
    });
  }
  return parsed.get(text);
}

// A = g^r * alpha^c and B = y^r * (beta / g^shift)^c: one branch's commitments.
function commit(e, proof, alpha, beta, shift) {
  const { g, y } = e;
  const a = g.mul(g.gPow(proof.response), g.pow(alpha, proof.challenge));
  const b = g.mul(g.mul(g.pow(y, proof.response), g.pow(beta, proof.challenge)), g.gPow(-BigInt(shift) * proof.challenge));
  return [a, b];
}

/** Prove that (alpha, beta) = (g^r, y^r g^values[index]) (Belenios' iprove). */
function iprove(e, context, alpha, beta, r, index, values) {
  const { g, y } = e;
  const w = g.randomScalar();
  const proofs = [];
  const commitments = [];
  values.forEach((m, i) => {
    if (i === index) {
      proofs.push(null);
      commitments.push(g.gPow(w), g.pow(y, w));
    } else {
      const p = { challenge: g.randomScalar(), response: g.randomScalar() };
      proofs.push(p);
      commitments.push(...commit(e, p, alpha, beta, m));
    }
  });
  const total = hashToScalar(g, 'prove', context, `${alpha},${beta}`, commitments.join(','));
  const c = mod(total - proofs.reduce((acc, p) => (p ? acc + p.challenge : acc), 0n), g.order);
  proofs[index] = { challenge: c, response: mod(w - r * c, g.order) };
  return proofs;
}

function checkSelections(questions, selections) {
  if (!Array.isArray(selections) || selections.length !== questions.length) {
    throw new RangeError('one selection list per question is needed');
  }
  questions.forEach((q, i) => {
    const sel = selections[i];
    if (!Array.isArray(sel) || sel.length !== q.answers.length || sel.some((m) => m !== 0 && m !== 1)) {
      throw new RangeError(`question ${i + 1}: each answer must be selected 0 or 1 times`);
    }
    const count = sel.reduce((a, b) => a + b, 0);
    if (count < q.min || count > q.max) throw new RangeError(`question ${i + 1}: choose between ${q.min} and ${q.max}`);
  });
}

function range(lo, hi) {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

/** Encrypt, prove and sign a Belenios ballot; return {ballot, randomness, tracker}.
 *
 * `uuid` is the platform's vote uuid, from which the slip's code derives the
 * credential's secret exponent exactly as for the platform's own ballots. The
 * tracker is the SHA-256 of the ballot's canonical JSON, as the server computes it.
 */
export function encryptBallot(electionText, uuid, credentialSecret, selections) {
  const e = parseElection(electionText);
  const { g, y } = e;
  checkSelections(e.questions, selections);
  const x = signingKey(g, uuid, credentialSecret);
  const credential = g.gPow(x).toString(10);
  const s0 = `${e.fingerprint}|${credential}`;
  const answers = [];
  const randomness = [];
  e.questions.forEach((q, qi) => {
    const row = selections[qi];
    const rs = row.map(() => g.randomScalar());
    const cts = row.map((m, i) => ({ alpha: g.gPow(rs[i]), beta: g.mul(g.pow(y, rs[i]), g.gPow(BigInt(m))) }));
    const individual = cts.map((ct, i) => iprove(e, s0, ct.alpha, ct.beta, rs[i], row[i], [0, 1]));
    const s = `${s0}|${cts.map((ct) => `${ct.alpha},${ct.beta}`).join(',')}`;
    const alpha = g.prod(cts.map((ct) => ct.alpha));
    const beta = g.prod(cts.map((ct) => ct.beta));
    const rTotal = mod(rs.reduce((a, b) => a + b, 0n), g.order);
    const chosen = row.reduce((a, b) => a + b, 0);
    const overall = iprove(e, s, alpha, beta, rTotal, chosen - q.min, range(q.min, q.max));
    answers.push({
      choices: cts.map((ct) => ({ alpha: ct.alpha.toString(10), beta: ct.beta.toString(10) })),
      individual_proofs: individual.map((pair) => pair.map(encodeProof)),
      overall_proof: overall.map(encodeProof),
    });
    randomness.push(rs.map((r) => r.toString(10)));
  });
  const unsigned = { election_uuid: e.uuid, election_hash: e.fingerprint, credential, answers };
  const digest = fingerprint(dumps(unsigned));
  const w = g.randomScalar();
  const c = hashToScalar(g, 'sig', digest, g.gPow(w).toString(10));
  const ballot = { ...unsigned, signature: { hash: digest, proof: encodeProof({ challenge: c, response: mod(w - x * c, g.order) }) } };
  return { ballot, randomness, tracker: objectHash(ballot) };
}

/** Return the text Belenios hashes for a ballot: its compact JSON in Belenios' field order. */
export function ballotText(ballot) {
  return dumps(ballot);
}

/** Return the published form of a Belenios ballot whose randomness is revealed (Benaloh audit). */
export function auditRecord(ballot, randomness, selections) {
  return {
    ballot,
    randomness: randomness.map((rs) => rs.map(String)),
    plaintexts: selections.map((sel) => sel.map(String)),
  };
}

/** Open an audited Belenios ballot with its revealed randomness; return the 0/1 selections. */
export function openAudited(electionText, audited) {
  const { g, y } = parseElection(electionText);
  return audited.ballot.answers.map((answer, qi) => answer.choices.map((ct, ci) => {
    const r = g.decodeScalar(audited.randomness[qi][ci]);
    for (const m of [0, 1]) {
      if (g.gPow(r).toString(10) === ct.alpha && g.mul(g.pow(y, r), g.gPow(BigInt(m))).toString(10) === ct.beta) {
        return m;
      }
    }
    throw new Error(`question ${qi + 1} answer ${ci + 1} does not open with the revealed randomness`);
  }));
}

// ---- the trustee's device ----

function signMessage(g, message, sk) {
  const w = g.randomScalar();
  const c = hashToScalar(g, 'sigmsg', message, g.gPow(w).toString(10));
  return { message, signature: encodeProof({ challenge: c, response: mod(w - sk * c, g.order) }) };
}

/** Return a trustee's Belenios certificate and signed commitments (encoded decimal strings).
 *
 * The signing key signs both and is dropped; the certificate's encryption key is a
 * fresh element nobody uses, as shares travel under the platform's X25519 keys.
 */
export function trusteeSignatures(commitments) {
  const g = getGroup(GROUP);
  const sk = g.randomScalar();
  const cert = dumps({ verification: g.gPow(sk).toString(10), encryption: g.gPow(g.randomScalar()).toString(10) });
  return { cert: signMessage(g, cert, sk), coefexps: signMessage(g, dumps({ coefexps: commitments }), sk) };
}

/** Return the trustee's Belenios verification key g^share with its proof of knowledge. */
export function verificationKey(state) {
  const g = getGroup(GROUP);
  const x = g.decodeScalar(state.share);
  const key = g.gPow(x).toString(10);
  const w = g.randomScalar();
  const c = hashToScalar(g, 'pok', GROUP, key, g.gPow(w).toString(10));
  return { pok: encodeProof({ challenge: c, response: mod(w - x * c, g.order) }), public_key: key };
}

/** Return the trustee's Belenios partial decryption of the sized encrypted tally, with its index. */
export function partialDecryption(electionText, sizedTally, index, state) {
  const e = parseElection(electionText);
  const { g } = e;
  if (state.group !== GROUP || state.index !== index) throw new RangeError('this key file belongs to another trustee');
  const x = g.decodeScalar(state.share);
  const key = g.gPow(x).toString(10);
  const factors = [];
  const proofs = [];
  for (const row of sizedTally.encrypted_tally) {
    const frow = [];
    const prow = [];
    for (const ct of row) {
      const alpha = g.decode(ct.alpha);
      const w = g.randomScalar();
      const c = hashToScalar(g, 'decrypt', e.fingerprint, key, `${g.gPow(w)},${g.pow(alpha, w)}`);
      frow.push(g.pow(alpha, x).toString(10));
      prow.push(encodeProof({ challenge: c, response: mod(w - x * c, g.order) }));
    }
    factors.push(frow);
    proofs.push(prow);
  }
  return { trustee: index, decryption_factors: factors, decryption_proofs: proofs };
}
