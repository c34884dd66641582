// The browser ballot library: window.BallotCrypto (see docs/ballot-crypto-js.md).
import { auditRecord, credentialCode, encryptBallot, openAudited, publicCredential, tracker } from './ballot.js';
import { canonicalJSON, sha256hex } from './canonical.js';
import { GROUP_NAMES, InvalidElement } from './groups.js';
import { seal, unseal, WrongPassphrase } from './keyfile.js';
import * as belenios from './belenios.js';
import * as trustee from './trustee.js';

// Heavy steps first yield to the event loop, so that a page can show
// "encrypting..." before the work blocks its thread.
const later = (fn) => async (...args) => {
  await new Promise((resolve) => setTimeout(resolve, 0));
  return fn(...args);
};

globalThis.BallotCrypto = {
  version: 1,
  groups: GROUP_NAMES,
  InvalidElement,
  WrongPassphrase,
  canonicalJSON,
  sha256hex,
  encryptBallot: later(encryptBallot),
  auditRecord,
  openAudited,
  tracker,
  publicCredential,
  credentialCode,
  trustee: {
    create: later(trustee.create),
    deal: later(trustee.deal),
    receive: later(trustee.receive),
    finish: trustee.finish,
    verificationKey: trustee.verificationKey,
    verifyShareSignature: trustee.verifyShareSignature,
    partialDecryption: later(trustee.partialDecryption),
  },
  keyfile: { seal, unseal },
  // A vote in BELENIOS-2048: Belenios ballots and trustee steps (see belenios.js).
  belenios: {
    fingerprint: belenios.fingerprint,
    encryptBallot: later(belenios.encryptBallot),
    auditRecord: belenios.auditRecord,
    openAudited: belenios.openAudited,
    trusteeSignatures: belenios.trusteeSignatures,
    verificationKey: belenios.verificationKey,
    partialDecryption: later(belenios.partialDecryption),
  },
};
