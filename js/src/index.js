// The browser ballot library: window.BallotCrypto (see docs/ballot-crypto-js.md).
import { auditRecord, encryptBallot, openAudited, publicCredential, tracker } from './ballot.js';
import { canonicalJSON, sha256hex } from './canonical.js';
import { GROUP_NAMES } from './groups.js';

globalThis.BallotCrypto = {
  version: 1,
  groups: GROUP_NAMES,
  canonicalJSON,
  sha256hex,
  encryptBallot: async (election, credentialSecret, selections) => encryptBallot(election, credentialSecret, selections),
  auditRecord,
  openAudited,
  tracker,
  publicCredential,
};
