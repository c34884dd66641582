"""Belenios 2.0 ballots (4.11-4.15): canonical form, signature, 0/1, min..max and blank proofs."""
import json
import secrets

import gmpy2

from deliberation.crypto.belenios import proofs as bp
from deliberation.crypto.belenios.archive import dumps
from deliberation.crypto.belenios.formats import FormatError, fingerprint


class BallotError(ValueError):
    """A ballot fails a check; `check` names it."""

    def __init__(self, check, message):
        super().__init__(message)
        self.check, self.message = check, message


def _ciphertexts_json(cts):
    return [{"alpha": str(a), "beta": str(b)} for a, b in cts]


def _answer_json(cts, individual, overall, blank):
    answer = {"choices": _ciphertexts_json(cts),
              "individual_proofs": [[bp.encode_proof(p) for p in pair] for pair in individual],
              "overall_proof": [bp.encode_proof(p) for p in overall]}
    if blank is not None:
        answer["blank_proof"] = [bp.encode_proof(p) for p in blank]
    return answer


def _product(ex, cts):
    alpha = beta = gmpy2.mpz(1)
    for a, b in cts:
        alpha, beta = alpha * a % ex.p, beta * b % ex.p
    return alpha, beta


def _context(election, credential, cts=None):
    """Return S0 = fp|credential, or S = S0|alpha,beta,... when ciphertexts are given."""
    s0 = f"{election.fingerprint}|{credential}"
    return s0 if cts is None else s0 + "|" + ",".join(f"{a},{b}" for a, b in cts)


def check_ballot(election, weights, text):
    """Check one ballot; return (credential, ciphertexts per question) or raise BallotError."""
    try:
        ballot = json.loads(text)
        credential = ballot["credential"]
        answers = [_decode_answer(election, qi, a) for qi, a in enumerate(ballot["answers"])]
        signature = ballot["signature"]
        sig = bp.decode_proof(signature["proof"])
    except FormatError as exc:
        raise BallotError(exc.check, exc.message) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BallotError("ballot format", f"does not parse: {type(exc).__name__} {exc}") from None
    if ballot.get("election_uuid") != election.uuid or ballot.get("election_hash") != election.fingerprint:
        raise BallotError("election fingerprint", "is for another election")
    if len(answers) != len(election.questions):
        raise BallotError("ballot format", "does not answer every question")
    unsigned = {k: ballot[k] for k in ("election_uuid", "election_hash", "credential")}
    unsigned["answers"] = [_answer_json(*a) for a in answers]
    canonical = dumps({**unsigned, "signature": {"hash": signature["hash"], "proof": bp.encode_proof(sig)}})
    if canonical != text:
        raise BallotError("ballot format", "is not in canonical form")
    if credential not in weights:
        raise BallotError("unknown credential", "credential is not in the public credential list")
    ex = election.exps
    if signature["hash"] != fingerprint(dumps(unsigned)) or not bp.verify_ballot_signature(
            ex, signature["hash"], gmpy2.mpz(credential), sig):
        raise BallotError("ballot signature", "signature does not verify")
    for qi, answer in enumerate(answers):
        _check_answer(election, credential, qi, *answer)
    return credential, [cts for cts, *_ in answers]


def _decode_answer(election, qi, obj):
    g = election.group
    # Subgroup membership is checked with the proof's exponentiations (_check_answer).
    cts = [(_decode_number(g, c["alpha"]), _decode_number(g, c["beta"])) for c in obj["choices"]]
    if len(cts) != election.width(qi):
        raise BallotError("ballot format", f"question {qi + 1} has {len(cts)} ciphertexts, not {election.width(qi)}")
    individual = [[bp.decode_proof(p) for p in pair] for pair in obj["individual_proofs"]]
    overall = [bp.decode_proof(p) for p in obj["overall_proof"]]
    blank = [bp.decode_proof(p) for p in obj["blank_proof"]] if election.questions[qi].get("blank") else None
    return cts, individual, overall, blank


def _decode_number(group, s):
    if not isinstance(s, str) or not s.isdigit() or not 0 < int(s) < group.p:
        raise BallotError("element validity", f"not a decimal number in 1..p-1: {str(s)[:20]!r}")
    return gmpy2.mpz(s)


def _check_answer(election, credential, qi, cts, individual, overall, blank):
    ex, q = election.exps, election.questions[qi]
    s0 = _context(election, credential)
    if len(individual) != len(cts) or any(len(proof) != 2 for proof in individual):
        raise BallotError("ballot proof", f"question {qi + 1}: one 0/1 proof per ciphertext needed")
    tables = []
    for ci, ((alpha, beta), proof) in enumerate(zip(cts, individual), 1):
        # x^c0, x^c1 and x^q share one table of x^(16^i); x^q = 1 is the subgroup check.
        exponents = [p.challenge % ex.q for p in proof] + [ex.q]
        tables.append((ex.power_table(alpha), ex.power_table(beta)))
        *alpha_c, alpha_q = [ex.from_table(tables[-1][0], alpha, e) for e in exponents]
        *beta_c, beta_q = [ex.from_table(tables[-1][1], beta, e) for e in exponents]
        if alpha_q != 1 or beta_q != 1:
            raise BallotError("element validity", f"question {qi + 1} choice {ci}: ciphertext is not in the "
                              "order-q subgroup")
        if not bp.verify_iproof(ex, s0, alpha, beta, (0, 1), proof, (alpha_c, beta_c)):
            raise BallotError("ballot proof", f"0/1 proof for question {qi + 1} choice {ci} does not verify")
    s = _context(election, credential, cts)
    values = range(q["min"], q["max"] + 1)
    if blank is None:
        alpha, beta = _product(ex, cts)
        # The sum's power table is the product of the choices' tables: no new squarings.
        sum_tables = [ex.table_product([t[part] for t in tables]) for part in (0, 1)]
        challenges = [p.challenge % ex.q for p in overall]
        powers = tuple([ex.from_table(table, x, c) for c in challenges] for table, x in zip(sum_tables, (alpha, beta)))
        ok = bp.verify_iproof(ex, s, alpha, beta, values, overall, powers)
    else:
        total = _product(ex, cts[1:])
        if not bp.verify_blank_proof(ex, s, cts[0], total, blank):
            raise BallotError("ballot proof", f"blank proof for question {qi + 1} does not verify")
        ok = bp.verify_blank_overall(ex, s, cts[0], total, values, overall)
    if not ok:
        raise BallotError("ballot proof", f"min..max proof for question {qi + 1} does not verify")


def make_ballot(election, secret, plaintexts):
    """Encrypt, prove and sign a ballot of 0/1 plaintexts per question (no blank); return its text."""
    return make_ballot_revealing(election, secret, plaintexts)[0]


def make_ballot_revealing(election, secret, plaintexts):
    """Return (ballot text, randomness per question and answer): a ballot one may audit (Benaloh)."""
    ex = election.exps
    ex_q = ex.q
    credential = ex.g_pow(secret)
    s0 = _context(election, credential)
    answers, randomness = [], []
    for question, row in zip(election.questions, plaintexts):
        rs = [secrets.randbelow(ex_q) for _ in row]
        randomness.append([str(r) for r in rs])
        cts = [(ex.g_pow(r), ex.y_pow(r) * ex.g_pow(m) % ex.p) for r, m in zip(rs, row)]
        individual = [bp.iprove(ex, s0, a, b, r, m, (0, 1)) for (a, b), r, m in zip(cts, rs, row)]
        values = list(range(question["min"], question["max"] + 1))
        overall = bp.iprove(ex, _context(election, credential, cts), *_product(ex, cts), sum(rs) % ex_q,
                            sum(row) - question["min"], values)
        answers.append(_answer_json(cts, individual, overall, None))
    unsigned = {"election_uuid": election.uuid, "election_hash": election.fingerprint,
                "credential": str(credential), "answers": answers}
    digest = fingerprint(dumps(unsigned))
    sig = bp.sign_ballot(ex, digest, secret)
    return dumps({**unsigned, "signature": {"hash": digest, "proof": bp.encode_proof(sig)}}), randomness
