"""Belenios 2.0 zero-knowledge proofs and signatures (specification sections 4.5-4.18).

Challenges are SHA-256 of '|'-joined strings, read as a big-endian number
mod q; numbers are written in base 10. Responses follow r = w - c*x, so a
verifier recomputes a commitment as g^r * X^c, as our own proofs do.
"""
import hashlib
import secrets

from deliberation.crypto.proofs import Proof


def hash_to_scalar(q, *parts):
    """Return SHA256('|'.join(parts)) mod q."""
    return int.from_bytes(hashlib.sha256("|".join(parts).encode("utf-8")).digest(), "big") % q


def decode_proof(obj):
    """Parse a Belenios proof {challenge, response}, decimal strings."""
    return Proof(_scalar(obj["challenge"]), _scalar(obj["response"]))


def encode_proof(proof):
    """Return the JSON form of a proof."""
    return {"challenge": str(proof.challenge), "response": str(proof.response)}


def _scalar(s):
    if not isinstance(s, str) or not s.isdigit():
        raise ValueError(f"not a decimal number: {s!r}")
    return int(s)


def _join(elements):
    return ",".join(str(x) for x in elements)


def _random(q):
    return secrets.randbelow(q)


def verify_pok(ex, group_name, public, proof):
    """Check a trustee's proof of knowledge: H(pok|G|X|g^r X^c) = c."""
    a = ex.mul(ex.g_pow(proof.response), ex.pow(public, proof.challenge))
    return hash_to_scalar(ex.q, "pok", group_name, str(public), str(a)) == proof.challenge


def prove_pok(ex, group_name, x, public):
    """Prove knowledge of x with public = g^x."""
    w = _random(ex.q)
    c = hash_to_scalar(ex.q, "pok", group_name, str(public), str(ex.g_pow(w)))
    return Proof(c, (w - x * c) % ex.q)


def verify_signed_message(ex, message, proof, key):
    """Check a trustee's signed message: H(sigmsg|M|g^r vk^c) = c."""
    a = ex.mul(ex.g_pow(proof.response), ex.pow(key, proof.challenge))
    return hash_to_scalar(ex.q, "sigmsg", message, str(a)) == proof.challenge


def sign_message(ex, message, sk):
    """Sign a message string with a trustee's signing key."""
    w = _random(ex.q)
    c = hash_to_scalar(ex.q, "sigmsg", message, str(ex.g_pow(w)))
    return Proof(c, (w - sk * c) % ex.q)


def _commit(ex, proof, alpha, beta, shift, powers=None):
    """Return A = g^r alpha^c and B = y^r (beta / g^shift)^c, with g and y from tables.

    `powers`, if given, holds (alpha^c, beta^c) already computed.
    """
    c, r = proof
    alpha_c, beta_c = powers if powers is not None else (ex.pow(alpha, c), ex.pow(beta, c))
    a = ex.mul(ex.g_pow(r), alpha_c)
    b = ex.mul(ex.y_pow(r), beta_c)
    if shift:
        b = ex.mul(b, ex.g_pow(-shift * c))
    return a, b


def interval_commitments(ex, alpha, beta, values, proofs, powers=None):
    """Recompute A_0, B_0, ..., A_k, B_k of an interval proof over `values`.

    `powers` = ([alpha^c_j], [beta^c_j]) if the caller computed them already.
    """
    if powers is None:
        challenges = [p.challenge % ex.q for p in proofs]
        powers = (ex.pow_many(alpha, challenges), ex.pow_many(beta, challenges))
    out = []
    for m, proof, a_c, b_c in zip(values, proofs, *powers):
        out += _commit(ex, proof, alpha, beta, m, (a_c, b_c))
    return out


def verify_iproof(ex, context, alpha, beta, values, proofs, powers=None):
    """Check an interval proof that (alpha, beta) encrypts one of `values` (iprove, 4.12)."""
    if len(proofs) != len(values):
        return False
    commitments = interval_commitments(ex, alpha, beta, values, proofs, powers)
    total = hash_to_scalar(ex.q, "prove", context, f"{alpha},{beta}", _join(commitments))
    return sum(p.challenge for p in proofs) % ex.q == total


def iprove(ex, context, alpha, beta, r, index, values):
    """Prove that (alpha, beta) = (g^r, y^r g^values[index])."""
    proofs, commitments = [], []
    w = _random(ex.q)
    for i, m in enumerate(values):
        if i == index:
            proofs.append(None)
            commitments += [ex.g_pow(w), ex.y_pow(w)]
        else:
            p = Proof(_random(ex.q), _random(ex.q))
            proofs.append(p)
            commitments += _commit(ex, p, alpha, beta, m)
    total = hash_to_scalar(ex.q, "prove", context, f"{alpha},{beta}", _join(commitments))
    c = (total - sum(p.challenge for p in proofs if p)) % ex.q
    proofs[index] = Proof(c, (w - r * c) % ex.q)
    return proofs


def verify_blank_proof(ex, context, ct0, ct_sum, proofs):
    """Check blank_proof: m0 = 0 or m_sum = 0 (4.13.3)."""
    if len(proofs) != 2:
        return False
    commitments = list(_commit(ex, proofs[0], *ct0, 0)) + list(_commit(ex, proofs[1], *ct_sum, 0))
    total = hash_to_scalar(ex.q, "bproof0", context, _join(commitments))
    return (proofs[0].challenge + proofs[1].challenge) % ex.q == total


def verify_blank_overall(ex, context, ct0, ct_sum, values, proofs):
    """Check overall_proof of a question allowing blank: m0 = 1 or m_sum in values (4.13.3)."""
    if len(proofs) != len(values) + 1:
        return False
    commitments = list(_commit(ex, proofs[0], *ct0, 1))
    commitments += interval_commitments(ex, *ct_sum, values, proofs[1:])
    total = hash_to_scalar(ex.q, "bproof1", context, _join(commitments))
    return sum(p.challenge for p in proofs) % ex.q == total


def verify_ballot_signature(ex, ballot_hash, credential, proof):
    """Check a ballot's signature: H(sig|hash|g^r S^c) = c."""
    a = ex.mul(ex.g_pow(proof.response), ex.pow(credential, proof.challenge))
    return hash_to_scalar(ex.q, "sig", ballot_hash, str(a)) == proof.challenge


def sign_ballot(ex, ballot_hash, s):
    """Sign a ballot hash with the credential secret s."""
    w = _random(ex.q)
    c = hash_to_scalar(ex.q, "sig", ballot_hash, str(ex.g_pow(w)))
    return Proof(c, (w - s * c) % ex.q)


def verify_decryption(ex, fingerprint, key, alpha, factor, proof):
    """Check a decryption factor D = alpha^x for key = g^x: H(decrypt|fp|X|A,B) = c."""
    c, r = proof
    a = ex.mul(ex.g_pow(r), ex.pow(key, c))
    b = ex.mul(ex.pow(alpha, r), ex.pow(factor, c))
    return hash_to_scalar(ex.q, "decrypt", fingerprint, str(key), f"{a},{b}") == c


def prove_decryption(ex, fingerprint, x, key, alpha):
    """Return (alpha^x, proof) for the trustee key = g^x."""
    w = _random(ex.q)
    factor = ex.pow(alpha, x)
    c = hash_to_scalar(ex.q, "decrypt", fingerprint, str(key), f"{ex.g_pow(w)},{ex.pow(alpha, w)}")
    return factor, Proof(c, (w - x * c) % ex.q)
