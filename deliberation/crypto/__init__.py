"""Verifiable ballots: a pure library, no Flask and no database.

group, ffgroup, ristretto  prime-order groups behind one interface
elgamal, proofs            exponential ElGamal, Sigma proofs, Schnorr signatures
credentials, trustees      voter credentials; Pedersen threshold key ceremony
keyfile                    passphrase-protected trustee secrets
election, ballot, tally    election parameters, ballots (build/check), tally and decryption
record, checks, verify     the election record and its verifier
demo, cli                  simulated elections; the `verify` and `demo-election` commands

The record format is documented in docs/election-record.md.
"""
