// Encrypted ballots built in the voter's browser, mirroring
// deliberation/crypto/ballot.py so that Python's check_ballot accepts them.
import { objectHash } from './canonical.js';
import { getGroup } from './groups.js';
import { encodeProof, proveInterval, sign } from './proofs.js';

const parsed = new Map();

/** Parse election.json once: group, fingerprint, checked and prepared key. */
export function parseElection(election) {
  const fingerprint = objectHash(election);
  if (!parsed.has(fingerprint)) {
    const g = getGroup(election.group);
    const y = g.decode(election.public_key);
    if (g.eq(y, g.identity)) throw new Error('the election key is the identity element');
    parsed.set(fingerprint, { g, y: g.prepare(y), fingerprint, uuid: election.uuid, questions: election.questions });
  }
  return parsed.get(fingerprint);
}

// The alphabet and length of deliberation/crypto/credentials.py: base58, 22 characters.
const CREDENTIAL = /^[1-9A-HJ-NP-Za-km-z]{22}$/;

/** Return a typed slip code without spaces or dashes, or null if it cannot be a credential. */
export function credentialCode(text) {
  const code = String(text).replace(/[\s-]+/g, '');
  return CREDENTIAL.test(code) ? code : null;
}

/** Derive the voter's secret signing scalar from a credential string. */
export function signingKey(g, uuid, credentialSecret) {
  return g.hashToScalar('credential', uuid, credentialSecret);
}

/** Return the public credential g^x, encoded, for a secret credential. */
export function publicCredential(groupName, uuid, credentialSecret) {
  const g = getGroup(groupName);
  return g.encode(g.gPow(signingKey(g, uuid, credentialSecret)));
}

/** Return the string a credential signs: the hash of the unsigned ballot. */
export function signedMessage(ballot) {
  const { signature, ...unsigned } = ballot;
  return objectHash(unsigned);
}

/** Return the ballot's tracker, the SHA-256 of its canonical JSON. */
export function tracker(ballot) {
  return objectHash(ballot);
}

function encrypt(e, m, r) {
  const { g, y } = e;
  return { alpha: g.gPow(r), beta: g.mul(g.pow(y, r), g.gPow(BigInt(m))) };
}

function checkSelections(questions, selections) {
  if (!Array.isArray(selections) || selections.length !== questions.length) {
    throw new RangeError('one selection list per question is needed');
  }
  questions.forEach((q, i) => {
    const sel = selections[i];
    if (!Array.isArray(sel) || sel.length !== q.choices.length || sel.some((m) => m !== 0 && m !== 1)) {
      throw new RangeError(`question ${i + 1}: each choice must be selected 0 or 1 times`);
    }
    const count = sel.reduce((a, b) => a + b, 0);
    if (count < q.min || count > q.max) {
      throw new RangeError(`question ${i + 1}: choose between ${q.min} and ${q.max} options`);
    }
  });
}

function encryptAnswer(e, prefix, selection, question) {
  const { g, y, fingerprint } = e;
  const cts = [];
  const rs = [];
  const choiceProofs = [];
  for (const m of selection) {
    const r = g.randomScalar();
    const ct = encrypt(e, m, r);
    choiceProofs.push(proveInterval(g, fingerprint, prefix, y, ct, r, m, 0, 1));
    cts.push(ct);
    rs.push(r);
  }
  const total = { alpha: g.prod(cts.map((ct) => ct.alpha)), beta: g.prod(cts.map((ct) => ct.beta)) };
  const rTotal = rs.reduce((a, b) => a + b, 0n) % g.order;
  const mTotal = selection.reduce((a, b) => a + b, 0);
  const overall = proveInterval(g, fingerprint, prefix, y, total, rTotal, mTotal, question.min, question.max);
  const answer = {
    choices: cts.map((ct) => ({ alpha: g.encode(ct.alpha), beta: g.encode(ct.beta) })),
    proofs: choiceProofs.map((ps) => ps.map((p) => encodeProof(g, p))),
    overall_proof: overall.map((p) => encodeProof(g, p)),
  };
  return { answer, rs };
}

/** Encrypt, prove and sign a ballot; return {ballot, randomness, tracker}. */
export function encryptBallot(election, credentialSecret, selections) {
  const e = parseElection(election);
  const { g } = e;
  checkSelections(e.questions, selections);
  const x = signingKey(g, e.uuid, credentialSecret);
  const pub = g.gPow(x);
  const prefix = g.encode(pub);
  const answers = [];
  const randomness = [];
  e.questions.forEach((question, i) => {
    const { answer, rs } = encryptAnswer(e, prefix, selections[i], question);
    answers.push(answer);
    randomness.push(rs.map((r) => g.encodeScalar(r)));
  });
  const unsigned = { election: e.fingerprint, credential: prefix, answers };
  const signature = sign(g, e.fingerprint, x, signedMessage(unsigned), pub);
  const ballot = { ...unsigned, signature: encodeProof(g, signature) };
  return { ballot, randomness, tracker: tracker(ballot) };
}

/** Return the audited.jsonl entry of a ballot whose randomness is revealed. */
export function auditRecord(election, ballot, randomness, selections) {
  const { g } = parseElection(election);
  return {
    ballot,
    randomness: randomness.map((rs) => rs.map((r) => g.encodeScalar(BigInt(r)))),
    plaintexts: selections.map((sel) => sel.map((m) => String(m))),
  };
}

/** Open an audited ballot with its revealed randomness; return the 0/1 selections.
 *
 * Each ciphertext must be (g^r, y^r g^m) with m 0 or 1, so a device other than
 * the one that encrypted can show the voter what the ballot really contains.
 */
export function openAudited(election, audited) {
  const e = parseElection(election);
  const { g } = e;
  return audited.ballot.answers.map((answer, qi) => answer.choices.map((ct, ci) => {
    const r = g.decodeScalar(audited.randomness[qi][ci]);
    for (const m of [0, 1]) {
      const expected = encrypt(e, m, r);
      if (g.encode(expected.alpha) === ct.alpha && g.encode(expected.beta) === ct.beta) return m;
    }
    throw new Error(`question ${qi + 1} choice ${ci + 1} does not open with the revealed randomness`);
  }));
}
