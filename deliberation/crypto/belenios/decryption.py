"""Tally checks of a Belenios archive: recomputed encrypted tally, partial decryptions, result."""
import json
import os
from concurrent.futures import ProcessPoolExecutor

import gmpy2

from deliberation.crypto.belenios.formats import decode_element
from deliberation.crypto.belenios.proofs import decode_proof, verify_decryption
from deliberation.crypto.checks import VerificationError
from deliberation.crypto.multiexp import weighted_product_task
from deliberation.crypto.trustees import lagrange_coefficient


def last_ballots(checked):
    """Keep the last ballot of each credential, in the order of those last ballots (B-hat = last(B))."""
    last = {}
    for credential, cts in checked:
        last.pop(credential, None)
        last[credential] = cts
    return list(last.items())


def compute_tally(election, counted, weights, workers=None):
    """Return the weighted product of the counted ballots' ciphertexts, cell by cell."""
    ballot_weights = [weights[c] for c, _ in counted]
    tasks, shape = [], []
    for qi in range(len(election.questions)):
        shape.append(election.width(qi))
        for ci in range(election.width(qi)):
            for part in (0, 1):
                tasks.append((election.group.name, [cts[qi][ci][part] for _, cts in counted], ballot_weights))
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(counted) > 200:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            values = list(pool.map(weighted_product_task, tasks, chunksize=4))
    else:
        values = [weighted_product_task(t) for t in tasks]
    pairs = iter(zip(values[::2], values[1::2]))
    return [[next(pairs) for _ in range(width)] for width in shape]


def check_encrypted_tally(election, archive, counted, weights, workers=None):
    """Check the stored sized encrypted tally against the one recomputed from the last ballots."""
    (event,) = archive.of_type("EncryptedTally")
    sized = json.loads(archive.payload(event))
    if sized["num_tallied"] != len(counted):
        raise VerificationError("last ballot per credential", "encrypted tally",
                                f"counts {sized['num_tallied']} ballots, not the {len(counted)} last ones")
    total = sum(weights[c] for c, _ in counted)
    if sized["total_weight"] != total:
        raise VerificationError("encrypted tally", "encrypted tally",
                                f"claims total weight {sized['total_weight']}, not {total}")
    stored = json.loads(archive.objects[sized["encrypted_tally"]])
    mine = compute_tally(election, counted, weights, workers)
    if len(stored) != len(mine):
        raise VerificationError("encrypted tally", "encrypted tally", "does not have one row per question")
    for qi, (row, my_row) in enumerate(zip(stored, mine), 1):
        if [(c["alpha"], c["beta"]) for c in row] != [(str(a), str(b)) for a, b in my_row]:
            raise VerificationError("encrypted tally", f"encrypted tally question {qi}",
                                    "is not the weighted product of the last ballots")
    return mine


def check_partial_decryptions(election, archive, tally, keys):
    """Check every decryption factor's proof against its owner's key; return {owner: factors}."""
    factors = {}
    for event in archive.of_type("PartialDecryption"):
        owned = json.loads(archive.payload(event))
        owner = owned["owner"]
        obj = f"trustee {owner}"
        if owner not in keys or owner in factors:
            raise VerificationError("partial decryption", obj, "is not a trustee, or decrypted twice")
        pd = json.loads(archive.objects[owned["payload"]])
        rows, proofs = pd["decryption_factors"], pd["decryption_proofs"]
        if [len(r) for r in rows] != [len(r) for r in tally] or [len(r) for r in proofs] != [len(r) for r in tally]:
            raise VerificationError("partial decryption", obj, "does not have one factor per tally cell")
        decoded = []
        for qi, (cells, row, prow) in enumerate(zip(tally, rows, proofs), 1):
            decoded.append([])
            for ci, ((alpha, _), d, p) in enumerate(zip(cells, row, prow), 1):
                factor = decode_element(election.group, d, obj)
                if not verify_decryption(election.exps, election.fingerprint, keys[owner], alpha, factor,
                                         decode_proof(p)):
                    raise VerificationError("partial decryption", obj,
                                            f"proof for question {qi} choice {ci} does not verify")
                decoded[-1].append(factor)
        factors[owner] = decoded
    return factors


def combined_factors(election, tally, factors, keys, groups):
    """Combine partial decryptions: every single trustee's, Lagrange over each Pedersen group's deciders."""
    in_groups = {o for grp in groups for o in grp["owners"]}
    exponents = {}
    for owner in keys:
        if owner not in in_groups:
            if owner not in factors:
                raise VerificationError("partial decryption", f"trustee {owner}", "mandatory decryption is missing")
            exponents[owner] = 1
    for grp in groups:
        first = grp["owners"][0] - 1
        deciders = [o - first for o in grp["owners"] if o in factors]
        if len(deciders) < grp["threshold"]:
            raise VerificationError("partial decryption", f"trustee {grp['owners'][0]}",
                                    f"needs {grp['threshold']} of the threshold group's decryptions")
        for j in deciders:
            exponents[j + first] = lagrange_coefficient(election.group, j, deciders)
    ex = election.exps
    out = []
    for qi, cells in enumerate(tally):
        row = []
        for ci in range(len(cells)):
            f = gmpy2.mpz(1)
            for owner, lam in exponents.items():
                f = f * ex.pow(factors[owner][qi][ci], lam) % ex.p
            row.append(f)
        out.append(row)
    return out


def check_result(election, archive, tally, factors, keys, groups, total_weight):
    """Check the published result decrypts the tally; return it."""
    (event,) = archive.of_type("Result")
    result = json.loads(archive.payload(event))["result"]
    combined = combined_factors(election, tally, factors, keys, groups)
    ex = election.exps
    if [len(r) for r in result] != [len(r) for r in tally]:
        raise VerificationError("result", "result", "does not have one count per answer")
    for qi, (cells, counts, fs) in enumerate(zip(tally, result, combined), 1):
        for ci, ((_, beta), n, f) in enumerate(zip(cells, counts, fs), 1):
            if not isinstance(n, int) or not 0 <= n <= total_weight or ex.g_pow(n) * f % ex.p != beta:
                raise VerificationError("result", "result", f"count for question {qi} answer {ci} does not "
                                        "decrypt the tally")
    return result

