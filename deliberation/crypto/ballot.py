"""Encrypted ballots: building them in the voter's place and checking them.

The server checks each ballot on arrival with `check_ballot`; the verifier
runs the very same function over the whole record.
"""
from deliberation.crypto import elgamal, proofs
from deliberation.crypto.canonical import object_hash
from deliberation.crypto.credentials import signing_key
from deliberation.crypto.group import InvalidElement


class BallotError(ValueError):
    """A ballot fails a check; `check` names which one."""

    def __init__(self, check, message):
        super().__init__(message)
        self.check = check
        self.message = message


def signed_message(ballot):
    """Return the string a credential signs: the hash of the unsigned ballot."""
    return object_hash({k: v for k, v in ballot.items() if k != "signature"})


def tracker(ballot):
    """Return the ballot's tracker, the SHA-256 of its canonical JSON."""
    return object_hash(ballot)


def _encrypt_answer(election, prefix, selection, question):
    g, y, ctx = election.group, election.public_key, election.fingerprint
    cts, rs, choice_proofs = [], [], []
    for m in selection:
        ct, r = elgamal.encrypt(g, y, m)
        choice_proofs.append(proofs.prove_interval(g, ctx, prefix, y, ct, r, m, 0, 1))
        cts.append(ct)
        rs.append(r)
    total = g.prod(ct.alpha for ct in cts), g.prod(ct.beta for ct in cts)
    overall = proofs.prove_interval(
        g, ctx, prefix, y, elgamal.Ciphertext(*total), sum(rs) % g.order, sum(selection),
        question["min"], question["max"],
    )
    answer = {
        "choices": [elgamal.encode(g, ct) for ct in cts],
        "proofs": [proofs.encode_proofs(g, p) for p in choice_proofs],
        "overall_proof": proofs.encode_proofs(g, overall),
    }
    return answer, rs


def build_ballot(election, credential, selections):
    """Encrypt, prove and sign a ballot; return (ballot, randomness per choice).

    `selections` holds one list of 0/1 per question. Keep the randomness only
    to audit the ballot (Benaloh challenge); a cast ballot's must be discarded.
    """
    g = election.group
    x = signing_key(g, election.uuid, credential)
    prefix = g.encode(g.g_pow(x))
    answers, randomness = [], []
    for question, selection in zip(election.questions, selections, strict=True):
        if len(selection) != len(question["choices"]) or any(m not in (0, 1) for m in selection):
            raise ValueError("each choice must be selected 0 or 1 times")
        if not question["min"] <= sum(selection) <= question["max"]:
            raise ValueError("number of selected choices outside min..max")
        answer, rs = _encrypt_answer(election, prefix, selection, question)
        answers.append(answer)
        randomness.append(rs)
    ballot = {"election": election.fingerprint, "credential": prefix, "answers": answers}
    return sign_ballot(election, credential, ballot), randomness


def sign_ballot(election, credential, ballot):
    """Return the ballot signed with the credential (any old signature replaced)."""
    g = election.group
    unsigned = {k: v for k, v in ballot.items() if k != "signature"}
    x = signing_key(g, election.uuid, credential)
    signature = proofs.sign(g, election.fingerprint, x, signed_message(unsigned), g.decode(ballot["credential"]))
    return dict(unsigned, signature=proofs.encode_proof(g, signature))


ANSWER_KEYS = {"choices", "proofs", "overall_proof"}


def _check_shape(election, answers):
    if not isinstance(answers, list) or len(answers) != len(election.questions):
        raise BallotError("ballot format", "wrong number of answers")
    for qi, (answer, question) in enumerate(zip(answers, election.questions), 1):
        k = len(question["choices"])
        if set(answer) != ANSWER_KEYS or len(answer["choices"]) != k or len(answer["proofs"]) != k:
            raise BallotError("ballot format", f"answer to question {qi} is not shaped like the question")
        if any(len(p) != 2 for p in answer["proofs"]):
            raise BallotError("ballot format", f"a 0/1 proof for question {qi} has not two parts")
        if len(answer["overall_proof"]) != question["max"] - question["min"] + 1:
            raise BallotError("ballot format", f"the min..max proof for question {qi} has the wrong length")


def _decode_answers(election, ballot):
    g = election.group
    answers = ballot["answers"]
    _check_shape(election, answers)
    decoded = []
    for qi, answer in enumerate(answers, 1):
        cts = []
        for ci, obj in enumerate(answer["choices"], 1):
            try:
                cts.append(elgamal.Ciphertext(g.decode_deferred(obj["alpha"]), g.decode_deferred(obj["beta"])))
            except InvalidElement as exc:
                raise BallotError("element validity", f"question {qi} choice {ci}: {exc}") from None
        decoded.append(cts)
    return decoded


def _check_proofs(election, prefix, ballot, decoded):
    g, y, ctx = election.group, election.public_key, election.fingerprint
    for qi, (answer, question, cts) in enumerate(zip(ballot["answers"], election.questions, decoded), 1):
        for ci, (ct, proof) in enumerate(zip(cts, answer["proofs"]), 1):
            p = proofs.decode_proofs(g, proof)
            try:
                # This also checks alpha and beta (see Group.decode_deferred).
                valid = proofs.verify_interval(g, ctx, prefix, y, ct, 0, 1, p, election.g_powers)
            except InvalidElement as exc:
                raise BallotError("element validity", f"question {qi} choice {ci}: {exc}") from None
            if not valid:
                raise BallotError("ballot proof", f"0/1 proof for question {qi} choice {ci} does not verify")
        total = elgamal.Ciphertext(g.prod(ct.alpha for ct in cts), g.prod(ct.beta for ct in cts))
        p = proofs.decode_proofs(g, answer["overall_proof"])
        lo, hi = question["min"], question["max"]
        if not proofs.verify_interval(g, ctx, prefix, y, total, lo, hi, p, election.g_powers):
            raise BallotError("ballot proof", f"{lo}..{hi} proof for question {qi} does not verify")


def check_ballot(election, credentials, ballot):
    """Check a ballot completely; return its ciphertexts or raise BallotError.

    `credentials` maps encoded public credentials to weights.
    """
    g = election.group
    try:
        if set(ballot) != {"election", "credential", "answers", "signature"}:
            raise BallotError("ballot format", "ballot must have election, credential, answers and signature")
        if ballot["election"] != election.fingerprint:
            raise BallotError("ballot format", "ballot is for another election")
        prefix = ballot["credential"]
        if prefix not in credentials:
            raise BallotError("unknown credential", f"credential {prefix[:16]}... is not on the list")
        decoded = _decode_answers(election, ballot)
        signature = proofs.decode_proof(g, ballot["signature"])
        # On the checked credential list, so no second validity check.
        public = g.decode_deferred(prefix)
        if not proofs.verify_signature(g, election.fingerprint, public, signed_message(ballot), signature):
            raise BallotError("ballot signature", "credential signature does not verify")
        _check_proofs(election, prefix, ballot, decoded)
    except BallotError:
        raise
    except (KeyError, IndexError, TypeError, AttributeError, ValueError) as exc:
        raise BallotError("ballot format", f"malformed ballot ({type(exc).__name__}: {exc})") from None
    return decoded


def check_audited_ballot(election, audited):
    """Check a Benaloh-challenged ballot: its proofs, and that it opens as claimed."""
    g, y = election.group, election.public_key
    ballot = audited["ballot"]
    decoded = _decode_answers(election, ballot)
    _check_proofs(election, ballot["credential"], ballot, decoded)
    # Every choice of every question is opened: a missing or shortened opening is no opening at all.
    for qi, (cts, rs, ms) in enumerate(zip(decoded, audited["randomness"], audited["plaintexts"], strict=True), 1):
        for ci, (ct, r, m) in enumerate(zip(cts, rs, ms, strict=True), 1):
            if not (isinstance(r, str) and isinstance(m, str) and m.isdigit()):
                raise BallotError("audited ballot", f"question {qi} choice {ci}: the opening is not in the record format")
            expected, _ = elgamal.encrypt(g, y, int(m), g.decode_scalar(r))
            if expected != ct:
                raise BallotError("audited ballot", f"question {qi} choice {ci} does not open to {m}")


def audit_record(election, ballot, randomness, selections):
    """Return the published form of an audited ballot (randomness revealed)."""
    g = election.group
    return {
        "ballot": ballot,
        "randomness": [[g.encode_scalar(r) for r in rs] for rs in randomness],
        "plaintexts": [[str(m) for m in sel] for sel in selections],
    }
