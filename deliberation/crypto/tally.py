"""Weighted homomorphic tally, partial decryptions and their combination."""
from deliberation.crypto import elgamal, proofs
from deliberation.crypto.multiexp import weighted_product_task
from deliberation.crypto.trustees import lagrange_coefficient


class TallyError(ValueError):
    """A partial decryption or a result does not match the encrypted tally."""


def counted_ballots(ballots, in_force=None):
    """Return the positions of the last ballot cast with each credential, in order.

    With `in_force` (the credentials not revoked when the vote closed), a revoked
    credential's ballots do not count at all.
    """
    last = {}
    for i, ballot in enumerate(ballots):
        last[ballot.get("credential") if isinstance(ballot, dict) else None] = i
    return sorted(i for credential, i in last.items() if in_force is None or credential in in_force)


def ballot_weight(kind, weight):
    """Return the multiplier of a ballot in a tally of the given kind."""
    return 1 if kind == "headcount" else weight


def compute_tally(election, counted, map_fn=map):
    """Return the encrypted tally of counted ballots, given as (ciphertexts, weight) pairs.

    Each cell is prod_b ct_b^w_b; cells are independent, so `map_fn` may be a
    process pool's map.
    """
    g = election.group
    tasks, cells = [], []
    for kind in election.tallies:
        weights = [ballot_weight(kind, w) for _, w in counted]
        for qi, question in enumerate(election.questions):
            for ci in range(len(question["choices"])):
                for part in (0, 1):
                    tasks.append((g.name, [decoded[qi][ci][part] for decoded, _ in counted], weights))
                    cells.append((kind, qi, ci, part))
    out = {kind: [[[None, None] for _ in q["choices"]] for q in election.questions] for kind in election.tallies}
    for (kind, qi, ci, part), value in zip(cells, map_fn(weighted_product_task, tasks)):
        out[kind][qi][ci][part] = value
    return {kind: [[elgamal.Ciphertext(*pair) for pair in row] for row in rows] for kind, rows in out.items()}


def encode_tally(election, tally):
    """Return the JSON form of an encrypted tally."""
    g = election.group
    return {kind: [[elgamal.encode(g, ct) for ct in row] for row in rows] for kind, rows in tally.items()}


def decode_tally(election, obj):
    """Parse and check an encrypted tally."""
    g = election.group
    return {kind: [[elgamal.decode(g, ct) for ct in row] for row in obj[kind]] for kind in election.tallies}


def _cells(tally):
    for kind, rows in sorted(tally.items()):
        for qi, row in enumerate(rows):
            for ci, ct in enumerate(row):
                yield kind, qi, ci, ct


def partial_decryption(election, tally, index, share):
    """Return trustee `index`'s decryption factors with proofs, as JSON."""
    g = election.group
    key = g.g_pow(share)
    factors = {kind: [[None] * len(row) for row in rows] for kind, rows in tally.items()}
    for kind, qi, ci, ct in _cells(tally):
        factor, proof = proofs.prove_decryption(g, election.fingerprint, share, ct.alpha, key)
        factors[kind][qi][ci] = {"factor": g.encode(factor), "proof": proofs.encode_proof(g, proof)}
    return {"trustee": index, "factors": factors}


def check_partial_decryption(election, tally, partial, verification_key):
    """Raise TallyError unless every factor has a valid Chaum-Pedersen proof."""
    g = election.group
    for kind, qi, ci, ct in _cells(tally):
        cell = partial["factors"][kind][qi][ci]
        factor = g.decode(cell["factor"])
        proof = proofs.decode_proof(g, cell["proof"])
        if not proofs.verify_decryption(g, election.fingerprint, verification_key, ct.alpha, factor, proof):
            raise TallyError(
                f"trustee {partial['trustee']}: decryption proof for {kind} tally "
                f"question {qi + 1} choice {ci + 1} does not verify"
            )


def combined_plaintexts(election, tally, partials):
    """Return g^count per cell, combining partials by Lagrange interpolation."""
    g = election.group
    indices = [p["trustee"] for p in partials]
    lambdas = {j: lagrange_coefficient(g, j, indices) for j in indices}
    out = {kind: [[None] * len(row) for row in rows] for kind, rows in tally.items()}
    for kind, qi, ci, ct in _cells(tally):
        shared = g.prod(
            g.pow(g.decode(p["factors"][kind][qi][ci]["factor"]), lambdas[p["trustee"]]) for p in partials
        )
        out[kind][qi][ci] = g.div(ct.beta, shared)
    return out


def decode_result(election, plaintexts, bounds):
    """Solve the discrete logs of the combined tally; bounds[kind] is the total weight."""
    g = election.group
    solvers = {kind: elgamal.DiscreteLog(g, bounds[kind]) for kind in plaintexts}
    return {
        kind: [[str(solvers[kind].solve(x)) for x in row] for row in rows]
        for kind, rows in plaintexts.items()
    }


def check_result(election, plaintexts, result):
    """Raise TallyError unless g^count matches each combined cell of the tally."""
    g = election.group
    for kind, rows in plaintexts.items():
        for qi, row in enumerate(rows):
            for ci, x in enumerate(row):
                claimed = result["tallies"][kind][qi][ci]
                if not claimed.isdigit() or g.g_pow(int(claimed)) != x:
                    raise TallyError(f"{kind} count for question {qi + 1} choice {ci + 1} is not the decrypted tally")
