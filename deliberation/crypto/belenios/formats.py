"""Belenios 2.0 JSON structures: election, trustees, public credentials, setup and tally data."""
import base64
import hashlib
import json

import gmpy2

from deliberation.crypto.belenios.fastexp import Exps
from deliberation.crypto.belenios.proofs import decode_proof, verify_pok, verify_signed_message
from deliberation.crypto.group import get_group

GROUPS = ("BELENIOS-2048", "RFC-3526-2048")


class FormatError(ValueError):
    """A structure breaks a Belenios rule; `check` names the rule, `obj` the object."""

    def __init__(self, check, obj, message):
        super().__init__(f"{obj}: {message}")
        self.check, self.obj, self.message = check, obj, message


def fingerprint(text):
    """Return H_JSON: unpadded Base64 of SHA-256 of the exact serialization."""
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii").rstrip("=")


def decode_element(group, s, obj="element"):
    """Parse a decimal group element and check 0 < x < p and x^q = 1."""
    if not isinstance(s, str) or not s.isdigit():
        raise FormatError("element validity", obj, f"not a decimal element: {str(s)[:20]!r}")
    x = gmpy2.mpz(s)
    if not group.is_valid(x):
        raise FormatError("element validity", obj, f"not in the order-q subgroup: {s[:20]}...")
    return x


class Election:
    """An election structure (4.10) with its fingerprint and exponentiation tables."""

    def __init__(self, text):
        self.text = text
        self.params = json.loads(text)
        self.fingerprint = fingerprint(text)
        if self.params.get("version") != 1 or self.params.get("group") not in GROUPS:
            raise FormatError("election parameters", "election", "unknown version or group")
        self.group = get_group(self.params["group"])
        self.uuid = self.params["uuid"]
        self.questions = self.params["questions"]
        for i, q in enumerate(self.questions, 1):
            if "answers" not in q or not 0 <= q["min"] <= q["max"] <= len(q["answers"]):
                raise FormatError("election parameters", f"question {i}", "only homomorphic questions with "
                                  "0 <= min <= max <= answers are supported")
        self.public_key = decode_element(self.group, self.params["public_key"], "election public key")
        self.exps = Exps(self.group, self.public_key)

    def width(self, qi):
        """Return the number of ciphertexts of question qi: its answers, plus one if blank is allowed."""
        q = self.questions[qi]
        return len(q["answers"]) + (1 if q.get("blank") else 0)


def parse_credentials(group, text):
    """Parse public_credentials (4.8): 'S', 'S,weight' or 'S,weight,login'; return {S: weight}."""
    weights = {}
    for i, line in enumerate(json.loads(text), 1):
        parts = line.split(",")
        weight = parts[1] if len(parts) > 1 and parts[1] else "1"
        if not weight.isdigit() or int(weight) < 1:
            raise FormatError("credential weight", f"credential {i}", f"weight {weight!r} is not a positive integer")
        if parts[0] in weights:
            raise FormatError("credential list", f"credential {i}", "appears twice")
        decode_element(group, parts[0], f"credential {i}")
        weights[parts[0]] = int(weight)
    return weights


def check_trustees(election, text):
    """Check every trustee's proofs and return (keys by owner number, pedersen groups, joint key).

    Owners are numbered from 1 across the items of the trustees structure in
    order; a Pedersen group takes one number per certificate.
    """
    ex, name, g = election.exps, election.params["group"], election.group
    keys, groups, joint, owner = {}, [], gmpy2.mpz(1), 0
    for kind, body in json.loads(text):
        if kind == "Single":
            owner += 1
            keys[owner] = _checked_key(ex, name, g, body, f"trustee {owner}")
            joint = joint * keys[owner] % ex.p
        elif kind == "Pedersen":
            members, member_keys, subkey = _check_pedersen(ex, name, g, body, owner)
            groups.append({"owners": members, "threshold": body["threshold"]})
            keys.update(zip(members, member_keys))
            joint = joint * subkey % ex.p
            owner += len(members)
        else:
            raise FormatError("trustees", "trustees", f"unknown trustee kind {kind!r}")
    if joint != election.public_key:
        raise FormatError("joint key", "election", "the election key is not the product of the trustees' keys")
    return keys, groups


def _checked_key(ex, name, g, body, obj):
    key = decode_element(g, body["public_key"], obj)
    if not verify_pok(ex, name, key, decode_proof(body["pok"])):
        raise FormatError("trustee proof", obj, "proof of knowledge of the private key does not verify")
    return key


def _check_pedersen(ex, name, g, body, first):
    certs, coefexps, threshold = body["certs"], body["coefexps"], body["threshold"]
    n = len(certs)
    if not 1 <= threshold <= n or len(coefexps) != n or len(body["verification_keys"]) != n:
        raise FormatError("trustee commitments", f"trustee {first + 1}", "threshold group of inconsistent size")
    commitments = []
    for i, (cert, signed) in enumerate(zip(certs, coefexps)):
        obj = f"trustee {first + i + 1}"
        vk = decode_element(g, json.loads(cert["message"])["verification"], obj)
        for what, msg in (("certificate", cert), ("commitments", signed)):
            if not verify_signed_message(ex, msg["message"], decode_proof(msg["signature"]), vk):
                raise FormatError("trustee signature", obj, f"{what} not signed by the trustee's key")
        row = [decode_element(g, a, obj) for a in json.loads(signed["message"])["coefexps"]]
        if len(row) != threshold:
            raise FormatError("trustee commitments", obj, f"needs {threshold} commitments")
        commitments.append(row)
    keys = []
    for j, vk in enumerate(body["verification_keys"], 1):
        obj = f"trustee {first + j}"
        key = _checked_key(ex, name, g, vk, obj)
        expected = gmpy2.mpz(1)
        for row in commitments:
            for k, a in enumerate(row):
                expected = expected * ex.pow(a, j ** k) % ex.p
        if key != expected:
            raise FormatError("trustee commitments", obj, "verification key does not follow from the commitments")
        keys.append(key)
    subkey = gmpy2.mpz(1)
    for row in commitments:
        subkey = subkey * row[0] % ex.p
    return list(range(first + 1, first + n + 1)), keys, subkey
