"""Re-check a Belenios 2.0 archive (UUID.bel) completely, with our report and progress display."""
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor

from deliberation.crypto.belenios import decryption
from deliberation.crypto.belenios.archive import ArchiveError, read_archive
from deliberation.crypto.belenios.ballots import BallotError, check_ballot
from deliberation.crypto.belenios.formats import Election, FormatError, check_trustees, parse_credentials
from deliberation.crypto.checks import VerificationError
from deliberation.crypto.verify import Report

CHUNK = 10
_worker = {}

# The order in which a complete homomorphic election's events come.
_PHASES = ["Setup", "Ballot", "EndBallots", "EncryptedTally", "PartialDecryption", "Result"]
_ONCE = ("Setup", "EndBallots", "EncryptedTally", "Result")


def _init_worker(election_text, weights):
    # A forked worker inherits the parent's election with its exponent tables.
    held = _worker.get("election")
    if held is None or held.text != election_text:
        _worker["election"] = Election(election_text)
    _worker["weights"] = weights


def _check_chunk(start, texts):
    """Check ballots start.. of a chunk; return (credential, ciphertexts) pairs or the first failure."""
    election, weights, out = _worker["election"], _worker["weights"], []
    for i, text in enumerate(texts, start):
        try:
            out.append(check_ballot(election, weights, text))
        except BallotError as exc:
            return out, (i, exc.check, exc.message)
    return out, None


def _check_order(archive):
    """Check the events come in the phases of a homomorphic election, each single event once."""
    phase = 0
    for event in archive.events:
        kind = event["type"]
        while phase < len(_PHASES) and _PHASES[phase] != kind:
            phase += 1
        if phase == len(_PHASES) or (kind in _ONCE and len(archive.of_type(kind)) > 1):
            raise VerificationError("event chain", f"event {event['height']}", f"{kind} event out of order")
    for kind in _ONCE:
        if not archive.of_type(kind):
            raise VerificationError("event chain", "archive", f"has no {kind} event: the election is not tallied")


def check_ballots(election, weights, texts, workers=None, progress=None):
    """Check every ballot in parallel; return [(credential, ciphertexts)] in order."""
    chunks = [(s, texts[s:s + CHUNK]) for s in range(0, len(texts), CHUNK)]
    workers = workers or os.cpu_count() or 1
    _worker["election"] = election
    if workers == 1 or len(chunks) <= 1:
        _init_worker(election.text, weights)
        outcomes = (_check_chunk(s, c) for s, c in chunks)
        return _collect(outcomes, len(texts), progress)
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(election.text, weights)) as pool:
        return _collect(pool.map(_check_chunk, *zip(*chunks)), len(texts), progress)


def _collect(outcomes, total, progress):
    results, first = [], None
    for checked, failure in outcomes:
        results += checked
        if failure and first is None:
            first = failure
        if progress:
            progress(len(results), total)
        if first is not None:
            break
    if first is not None:
        i, check, message = first
        raise VerificationError(check, f"ballot {i + 1}", message)
    return results


def _verify(path, report, workers, progress, published_head):
    archive = read_archive(path)
    report.passed("content hashes", len(archive.objects))
    _check_order(archive)
    if published_head is not None and published_head != archive.head:
        raise VerificationError("event chain", "event chain head", f"is {archive.head}, not {published_head}")
    report.passed("event chain", len(archive.events))
    setup = json.loads(archive.payload(archive.events[0]))
    election = Election(archive.objects[setup["election"]])
    report.passed("election parameters")
    keys, groups = check_trustees(election, archive.objects[setup["trustees"]])
    report.passed("trustee proofs, certificates, commitments and joint key", len(keys))
    weights = parse_credentials(election.group, archive.objects[setup["credentials"]])
    report.passed("public credentials and weights", len(weights))
    texts = [archive.payload(e) for e in archive.of_type("Ballot")]
    checked = check_ballots(election, weights, texts, workers, progress)
    report.passed("ballot signatures and proofs", len(texts))
    counted = decryption.last_ballots(checked)
    tally = decryption.check_encrypted_tally(election, archive, counted, weights, workers)
    report.passed("weighted homomorphic tally (recomputed)", len(counted))
    factors = decryption.check_partial_decryptions(election, archive, tally, keys)
    report.passed("partial decryptions", len(factors))
    total_weight = sum(weights[c] for c, _ in counted)
    result = decryption.check_result(election, archive, tally, factors, keys, groups, total_weight)
    report.passed("result")
    # Decryptions needed: every single trustee's, and a threshold of each Pedersen group's.
    grouped = sum(len(grp["owners"]) for grp in groups)
    threshold = len(keys) - grouped + sum(grp["threshold"] for grp in groups)
    report.summary.update(
        election=election.fingerprint, ballots=len(texts), counted=len(counted),
        selections=len(texts) * sum(election.width(i) for i in range(len(election.questions))),
        audited=0, trustees=len(keys), threshold=threshold, event_head=archive.head, result=result)


def verify_archive(path, workers=None, progress=None, head=None):
    """Verify a Belenios .bel archive; return a Report like our own verifier's."""
    started = time.perf_counter()
    report = Report()
    try:
        _verify(path, report, workers, progress, head)
    except (VerificationError, ArchiveError, FormatError) as exc:
        report.ok = False
        report.failure = {"check": exc.check, "object": exc.obj, "message": exc.message}
    except (KeyError, IndexError, TypeError, AttributeError, ValueError, OSError, EOFError) as exc:
        report.ok = False
        report.failure = {"check": "record format", "object": "record", "message": f"{type(exc).__name__}: {exc}"}
    report.summary["seconds"] = round(time.perf_counter() - started, 3)
    return report
