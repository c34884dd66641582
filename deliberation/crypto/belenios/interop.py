"""A platform vote in Belenios 2.0 form: election, credentials, trustees, ballots, tally and counts.

A vote run in the group BELENIOS-2048 keeps the platform's own election.json,
credential list and trustees.json; the Belenios structures are derived from
them here, by pure functions, so that the server's checks, the trustees' and
voters' devices and the exported UUID.bel all agree on every byte.

Belenios weighs each credential with one number. The platform counts by
headcount, by floor area, or both; for both, a credential weighs
1 + M * area with M a power of ten above the number of voters, so that each
decrypted count C holds the voters (C mod M) and the area (C div M).
"""
import json
import secrets

from deliberation.crypto.belenios import proofs as bp
from deliberation.crypto.belenios.archive import dumps
from deliberation.crypto.belenios.decryption import combined_factors, compute_tally
from deliberation.crypto.belenios.formats import decode_element
from deliberation.crypto.canonical import canonical_json, object_hash
from deliberation.crypto.elgamal import DiscreteLog

GROUP = "BELENIOS-2048"
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
UUID_LENGTH = 22  # 58^22 > 2^128: every 32-hex-digit uuid fits


class InteropError(ValueError):
    """Posted Belenios data does not fit the vote; `check` names what failed."""

    def __init__(self, check, message):
        super().__init__(message)
        self.check, self.message = check, message


def belenios_uuid(hex_uuid):
    """Return the vote's uuid in Belenios' alphabet (base58, fixed length): hex has a 0, which Belenios refuses."""
    n, digits = int(hex_uuid, 16), []
    while n:
        n, r = divmod(n, 58)
        digits.append(BASE58[r])
    return "".join(reversed(digits)).rjust(UUID_LENGTH, BASE58[0])


# ---- weights and counts ----

def weight_scale(weighting, voters):
    """Return M, the power of ten above the number of voters, for weighting "both"; else 1."""
    return 10 ** len(str(voters)) if weighting == "both" else 1


def belenios_weight(weighting, area, scale):
    """Return a credential's Belenios weight for the vote's weighting and the voter's area (0.01 m²)."""
    return {"headcount": 1, "area": area, "both": 1 + scale * area}[weighting]


def split_counts(weighting, scale, counts):
    """Return the platform's tallies {"headcount", "weight"} from Belenios counts (one list per question)."""
    if weighting == "headcount":
        return {"headcount": counts}
    if weighting == "area":
        return {"weight": counts}
    return {"headcount": [[c % scale for c in row] for row in counts],
            "weight": [[c // scale for c in row] for row in counts]}


def packed_counts(weighting, scale, tallies):
    """Return the Belenios counts of the platform's tallies: the inverse of split_counts."""
    if weighting == "headcount":
        return [[int(c) for c in row] for row in tallies["headcount"]]
    if weighting == "area":
        return [[int(c) for c in row] for row in tallies["weight"]]
    return [[int(h) + scale * int(a) for h, a in zip(hs, areas)]
            for hs, areas in zip(tallies["headcount"], tallies["weight"])]


# ---- setup: election, credentials, trustees ----

def _description(params, weighting, scale):
    note = {
        "headcount": "One voter, one vote.",
        "area": "Each credential weighs its voter's floor area in 0.01 m2; each count is a floor area.",
        "both": f"Each credential weighs 1 + {scale} x its voter's floor area in 0.01 m2: a count C is "
                f"C mod {scale} voters holding C div {scale} x 0.01 m2.",
    }[weighting]
    return f"{note} Platform election fingerprint: {object_hash(params)}."


def election_text(params, weighting, scale):
    """Return the Belenios election (its exact text) for the platform's election.json `params`."""
    questions = [{"answers": list(q["choices"]), "min": q["min"], "max": q["max"], "question": q["question"]}
                 for q in params["questions"]]
    return dumps({"version": 1, "description": _description(params, weighting, scale), "name": params["name"],
                  "group": params["group"], "public_key": params["public_key"], "questions": questions,
                  "uuid": belenios_uuid(params["uuid"])})


def public_credentials(areas, weighting, scale):
    """Return Belenios' public credentials, "S" or "S,weight", from the platform's {credential: area}."""
    if weighting == "headcount":
        return sorted(areas)
    return sorted(f"{c},{belenios_weight(weighting, a, scale)}" for c, a in areas.items())


def trustees_structure(public):
    """Return Belenios' trustees: one Pedersen group built from the trustees' Belenios parts in trustees.json."""
    certs = sorted(public["trustees"], key=lambda c: c["index"])
    parts = [c["belenios"] for c in certs]
    return [["Pedersen", {"threshold": public["threshold"], "certs": [p["cert"] for p in parts],
                          "coefexps": [p["coefexps"] for p in parts],
                          "verification_keys": [p["verification_key"] for p in parts]}]]


# ---- what a trustee's device makes (the browser's trustee.js does the same) ----

def _signed(ex, message, sk):
    return {"message": message, "signature": bp.encode_proof(bp.sign_message(ex, message, sk))}


def trustee_signatures(ex, commitments):
    """Return a trustee's Belenios certificate and signed commitments (coefexps).

    The signing key signs both at once and is then dropped. The certificate's
    encryption key is a fresh element nobody uses: shares travel under the
    platform's X25519 keys.
    """
    sk = secrets.randbelow(ex.q - 1) + 1
    cert = dumps({"verification": str(ex.g_pow(sk)), "encryption": str(ex.g_pow(secrets.randbelow(ex.q - 1) + 1))})
    return {"cert": _signed(ex, cert, sk), "coefexps": _signed(ex, dumps({"coefexps": list(commitments)}), sk)}


def verification_key(ex, share):
    """Return a trustee's Belenios verification key g^share with its proof of knowledge."""
    public = ex.g_pow(share)
    return {"pok": bp.encode_proof(bp.prove_pok(ex, GROUP, share, public)), "public_key": str(public)}


def partial_decryption(ex, fingerprint, rows, share):
    """Return a trustee's Belenios partial decryption of the encrypted tally `rows` of (alpha, beta)."""
    key = ex.g_pow(share)
    factors, proofs = [], []
    for row in rows:
        pairs = [bp.prove_decryption(ex, fingerprint, share, key, alpha) for alpha, _ in row]
        factors.append([str(f) for f, _ in pairs])
        proofs.append([bp.encode_proof(p) for _, p in pairs])
    return {"decryption_factors": factors, "decryption_proofs": proofs}


# ---- what the server checks ----

def check_trustee_signatures(ex, commitments, part):
    """Check a trustee's Belenios certificate and coefexps; return them in their published form."""
    try:
        cert, signed = part["cert"], part["coefexps"]
        vk = decode_element(ex.group, json.loads(cert["message"])["verification"])
        decode_element(ex.group, json.loads(cert["message"])["encryption"])
        ok = (json.loads(signed["message"]) == {"coefexps": list(commitments)}
              and signed["message"] == dumps({"coefexps": list(commitments)})
              and all(bp.verify_signed_message(ex, m["message"], bp.decode_proof(m["signature"]), vk)
                      for m in (cert, signed)))
        out = {name: {"message": m["message"], "signature": bp.encode_proof(bp.decode_proof(m["signature"]))}
               for name, m in (("cert", cert), ("coefexps", signed))}
    except (KeyError, TypeError, ValueError, AttributeError):
        ok = False
    if not ok:
        raise InteropError("trustee signature", "the Belenios certificate or commitments do not verify")
    return out


def check_verification_key(ex, expected, part):
    """Check a trustee's Belenios verification key: the expected g^share, with a valid proof of knowledge."""
    try:
        key = decode_element(ex.group, part["public_key"])
        pok = bp.decode_proof(part["pok"])
        ok = key == expected and bp.verify_pok(ex, GROUP, key, pok)
    except (KeyError, TypeError, ValueError, AttributeError):
        ok = False
    if not ok:
        raise InteropError("trustee proof", "the Belenios verification key or its proof does not verify")
    return {"pok": bp.encode_proof(pok), "public_key": str(key)}


def _proof(p):
    return {"challenge": p["challenge"], "response": p["response"]}


def _answer(a):
    out = {"choices": [{"alpha": c["alpha"], "beta": c["beta"]} for c in a["choices"]],
           "individual_proofs": [[_proof(p) for p in pair] for pair in a["individual_proofs"]],
           "overall_proof": [_proof(p) for p in a["overall_proof"]]}
    if "blank_proof" in a:
        out["blank_proof"] = [_proof(p) for p in a["blank_proof"]]
    return out


def ballot_text(ballot):
    """Return a parsed Belenios ballot as its canonical text (Belenios' field order), or raise InteropError.

    The platform stores a posted ballot with sorted keys; the text Belenios signs
    and hashes has its own order, rebuilt here.
    """
    try:
        text = dumps({"election_uuid": ballot["election_uuid"], "election_hash": ballot["election_hash"],
                      "credential": ballot["credential"], "answers": [_answer(a) for a in ballot["answers"]],
                      "signature": {"hash": ballot["signature"]["hash"],
                                    "proof": _proof(ballot["signature"]["proof"])}})
    except (KeyError, TypeError, AttributeError) as exc:
        raise InteropError("ballot format", f"not a Belenios ballot ({type(exc).__name__}: {exc})") from None
    if canonical_json(json.loads(text)) != canonical_json(ballot):
        raise InteropError("ballot format", "has fields a Belenios ballot does not have")
    return text


def check_opening(election, rows, randomness, plaintexts):
    """Check that each ciphertext is (g^r, y^r g^m) for the revealed r and claimed m (a Benaloh audit)."""
    ex = election.exps
    try:
        if [len(r) for r in randomness] != [len(r) for r in rows] or [len(p) for p in plaintexts] != [len(r) for r in rows]:
            raise InteropError("audited ballot", "randomness and plaintexts are not shaped like the ballot")
        for qi, (cells, rs, ms) in enumerate(zip(rows, randomness, plaintexts), 1):
            for ci, ((alpha, beta), r, m) in enumerate(zip(cells, rs, ms), 1):
                if m not in ("0", "1") or not r.isdigit() or int(r) >= ex.q or (
                        ex.g_pow(int(r)), ex.y_pow(int(r)) * ex.g_pow(int(m)) % ex.p) != (alpha, beta):
                    raise InteropError("audited ballot", f"question {qi} answer {ci} does not open to {m}")
    except (TypeError, AttributeError) as exc:
        raise InteropError("audited ballot", f"malformed ({type(exc).__name__})") from None


def encrypted_tally(election, counted):
    """Return the sized encrypted tally of counted ballots, given as (ciphertext rows, Belenios weight) pairs."""
    weights = {i: w for i, (_, w) in enumerate(counted)}
    rows = compute_tally(election, [(i, cts) for i, (cts, _) in enumerate(counted)], weights, workers=1)
    return {"num_tallied": len(counted), "total_weight": sum(weights.values()),
            "encrypted_tally": [[{"alpha": str(a), "beta": str(b)} for a, b in row] for row in rows]}


def decode_tally(election, sized):
    """Parse the encrypted tally of a sized tally into rows of (alpha, beta), one row per question."""
    rows = [[(decode_element(election.group, c["alpha"]), decode_element(election.group, c["beta"]))
             for c in row] for row in sized["encrypted_tally"]]
    if [len(r) for r in rows] != [election.width(i) for i in range(len(election.questions))]:
        raise InteropError("encrypted tally", "does not have one ciphertext per answer")
    return rows


def check_partial_decryption(election, rows, partial, key):
    """Check a trustee's partial decryption of `rows` against its key; return its factors (rows of elements)."""
    try:
        factors, proofs = partial["decryption_factors"], partial["decryption_proofs"]
        if [len(r) for r in factors] != [len(r) for r in rows] or [len(r) for r in proofs] != [len(r) for r in rows]:
            raise InteropError("partial decryption", "does not have one factor per tally cell")
        decoded = []
        for qi, (cells, frow, prow) in enumerate(zip(rows, factors, proofs), 1):
            decoded.append([])
            for ci, ((alpha, _), f, p) in enumerate(zip(cells, frow, prow), 1):
                factor = decode_element(election.group, f)
                if not bp.verify_decryption(election.exps, election.fingerprint, key, alpha, factor,
                                            bp.decode_proof(p)):
                    raise InteropError("partial decryption", f"proof for question {qi} answer {ci} does not verify")
                decoded[-1].append(factor)
    except InteropError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InteropError("partial decryption", f"malformed ({type(exc).__name__}: {exc})") from None
    return decoded


def decrypt_counts(election, rows, factors, keys, threshold, bound):
    """Combine partial decryptions {trustee: factors} by Lagrange and solve each count up to `bound`."""
    group = {"owners": sorted(keys), "threshold": threshold}
    combined = combined_factors(election, rows, factors, keys, [group])
    solver = DiscreteLog(election.group, bound)
    ex = election.exps
    return [[solver.solve(beta * ex.inv(f) % ex.p) for (_, beta), f in zip(cells, fs)]
            for cells, fs in zip(rows, combined)]
