"""Zero-knowledge proofs and signatures, made non-interactive by Fiat-Shamir.

Every challenge hashes a domain tag, a context (the election fingerprint, or
the election uuid before the fingerprint exists), the statement and the
commitments, never the commitments alone (Helios issue #34). Responses
follow r = w - c*x, so a verifier recomputes a commitment as g^r * X^c.
"""
from typing import NamedTuple


class Proof(NamedTuple):
    """A challenge and a response, the transcript of one Sigma protocol."""

    challenge: int
    response: int


class ProofError(ValueError):
    """A proof or a signature does not verify."""


def encode_proof(group, proof):
    """Return the JSON form of a proof."""
    return {
        "challenge": group.encode_scalar(proof.challenge),
        "response": group.encode_scalar(proof.response),
    }


def decode_proof(group, obj):
    """Parse a JSON proof."""
    return Proof(group.decode_scalar(obj["challenge"]), group.decode_scalar(obj["response"]))


def encode_proofs(group, proofs):
    """Return the JSON form of a disjunctive proof."""
    return [encode_proof(group, p) for p in proofs]


def decode_proofs(group, objs):
    """Parse a JSON disjunctive proof."""
    return [decode_proof(group, o) for o in objs]


def prove_knowledge(group, context, x, public=None):
    """Prove knowledge of x with public = g^x (Schnorr)."""
    public = group.g_pow(x) if public is None else public
    w = group.random_scalar()
    a = group.g_pow(w)
    c = group.hash_to_scalar("pok", context, group.encode(public), group.encode(a))
    return Proof(c, (w - c * x) % group.order)


def verify_knowledge(group, context, public, proof):
    """Tell whether proof shows knowledge of the discrete log of public."""
    a = group.mul(group.g_pow(proof.response), group.pow(public, proof.challenge))
    c = group.hash_to_scalar("pok", context, group.encode(public), group.encode(a))
    return c == proof.challenge


def sign(group, context, x, message, public=None):
    """Schnorr-sign a message string with secret x."""
    public = group.g_pow(x) if public is None else public
    w = group.random_scalar()
    a = group.g_pow(w)
    c = group.hash_to_scalar("sig", context, group.encode(public), message, group.encode(a))
    return Proof(c, (w - c * x) % group.order)


def verify_signature(group, context, public, message, signature):
    """Tell whether signature is a Schnorr signature of message by public."""
    a = group.mul(group.g_pow(signature.response), group.pow(public, signature.challenge))
    c = group.hash_to_scalar("sig", context, group.encode(public), message, group.encode(a))
    return c == signature.challenge


def _interval_hash(group, context, prefix, public_key, ct, lo, hi, commitments):
    return group.hash_to_scalar(
        "interval",
        context,
        prefix,
        group.encode(public_key),
        group.encode(ct.alpha),
        group.encode(ct.beta),
        f"{lo}..{hi}",
        group.encode_all(commitments),
    )


def prove_interval(group, context, prefix, public_key, ct, r, m, lo, hi):
    """Prove that ct = (g^r, y^r g^m) encrypts a value in lo..hi, knowing r and m.

    `prefix` binds the proof to a voter's credential so that it cannot be
    replayed in another voter's ballot.
    """
    commitments, proofs = [], []
    w = group.random_scalar()
    for value in range(lo, hi + 1):
        if value == m:
            commitments += [group.g_pow(w), group.pow(public_key, w)]
            proofs.append(None)
            continue
        c, s = group.random_scalar(), group.random_scalar()
        shifted = group.div(ct.beta, group.g_pow(value))
        commitments += [
            group.mul(group.g_pow(s), group.pow(ct.alpha, c)),
            group.mul(group.pow(public_key, s), group.pow(shifted, c)),
        ]
        proofs.append(Proof(c, s))
    total = _interval_hash(group, context, prefix, public_key, ct, lo, hi, commitments)
    i = m - lo
    ci = (total - sum(p.challenge for p in proofs if p is not None)) % group.order
    proofs[i] = Proof(ci, (w - r * ci) % group.order)
    return proofs


def verify_interval(group, context, prefix, public_key, ct, lo, hi, proofs, g_powers=None):
    """Tell whether proofs show that ct encrypts a value in lo..hi."""
    if len(proofs) != hi - lo + 1:
        return False
    commitments = []
    for value, (c, s) in zip(range(lo, hi + 1), proofs):
        g_m = g_powers[value] if g_powers is not None else group.g_pow(value)
        shifted = group.div(ct.beta, g_m)
        commitments.append(group.mul(group.g_pow(s), group.pow(ct.alpha, c)))
        commitments.append(group.mul(group.pow(public_key, s), group.pow(shifted, c)))
    total = _interval_hash(group, context, prefix, public_key, ct, lo, hi, commitments)
    return sum(p.challenge for p in proofs) % group.order == total


def _decryption_hash(group, context, key, alpha, factor, a, b):
    parts = [group.encode(x) for x in (key, alpha, factor, a, b)]
    return group.hash_to_scalar("decrypt", context, *parts)


def prove_decryption(group, context, s, alpha, key=None):
    """Return (alpha^s, proof that it uses the same s as key = g^s)."""
    key = group.g_pow(s) if key is None else key
    factor = group.pow(alpha, s)
    w = group.random_scalar()
    a, b = group.g_pow(w), group.pow(alpha, w)
    c = _decryption_hash(group, context, key, alpha, factor, a, b)
    return factor, Proof(c, (w - c * s) % group.order)


def verify_decryption(group, context, key, alpha, factor, proof):
    """Tell whether factor = alpha^s for the s with key = g^s (Chaum-Pedersen)."""
    c, r = proof
    a = group.mul(group.g_pow(r), group.pow(key, c))
    b = group.mul(group.pow(alpha, r), group.pow(factor, c))
    return _decryption_hash(group, context, key, alpha, factor, a, b) == c
