"""Re-check a whole election record: `python -m deliberation.crypto.verify RECORD`."""
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from deliberation.crypto import ballot as ballots_mod
from deliberation.crypto import checks, tally
from deliberation.crypto.canonical import canonical_json, object_hash
from deliberation.crypto.checks import VerificationError
from deliberation.crypto.election import Election
from deliberation.crypto.group import InvalidElement
from deliberation.crypto.record import read_record

CHUNK = 50

_worker = {}


@dataclass
class Report:
    """The outcome of a verification: passed checks, first failure, summary."""

    ok: bool = True
    checks: list = field(default_factory=list)
    failure: dict | None = None
    summary: dict = field(default_factory=dict)

    def passed(self, name, count=1):
        """Note a check that held for `count` objects."""
        self.checks.append({"check": name, "count": count})

    def as_dict(self):
        """Return the report as plain JSON data."""
        return {"ok": self.ok, "checks": self.checks, "failure": self.failure, "summary": self.summary}


def _init_worker(params, weights, counted):
    _worker["election"] = Election(params)
    _worker["weights"] = weights
    _worker["counted"] = counted


def _check_chunk(start, lines):
    """Check ballots start.. of a chunk; return trackers, first failure, counted ciphertexts."""
    election, weights, counted = _worker["election"], _worker["weights"], _worker["counted"]
    trackers, kept = [], []
    for i, line in enumerate(lines, start):
        ballot = json.loads(line) if isinstance(line, str) else line
        trackers.append(object_hash(ballot))
        try:
            decoded = ballots_mod.check_ballot(election, weights, ballot)
        except ballots_mod.BallotError as exc:
            return trackers, (i, exc.check, exc.message), kept
        if i in counted:
            kept.append((decoded, weights[ballot["credential"]]))
    return trackers, None, kept


def check_ballots(election, weights, ballots, lines, workers=None, progress=None, in_force=None):
    """Check every ballot and tally the counted ones, in parallel; return (trackers, tally, counted).

    `weights` holds every credential that was ever on the list; only the last ballot of each
    credential in `in_force` (all, if None) is counted.
    """
    counted = set(tally.counted_ballots(ballots, in_force))
    items = lines if lines is not None else ballots
    chunks = [(s, items[s:s + CHUNK]) for s in range(0, len(items), CHUNK)]
    workers = workers or os.cpu_count() or 1
    args = (election.params, weights, counted)
    if workers == 1 or len(chunks) <= 1:
        _init_worker(*args)
        trackers, kept = _collect((_check_chunk(s, c) for s, c in chunks), len(items), progress)
        return trackers, tally.compute_tally(election, kept), counted
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=args) as pool:
        trackers, kept = _collect(pool.map(_check_chunk, *zip(*chunks)), len(items), progress)
        return trackers, tally.compute_tally(election, kept, pool.map), counted


def _collect(results, total, progress):
    trackers, kept, first = [], [], None
    for chunk_trackers, failure, chunk_kept in results:
        if failure and first is None:
            first = failure
        trackers += chunk_trackers
        kept += chunk_kept
        if progress:
            progress(len(trackers), total)
    if first is not None:
        i, check, message = first
        raise VerificationError(check, f"ballot {i + 1}", message)
    return trackers, kept


def _verify(record, report, workers, progress, published_head):
    try:
        election = Election(record["election"])
    except (InvalidElement, KeyError, ValueError) as exc:
        raise VerificationError("election parameters", "election", str(exc)) from None
    report.passed("election parameters")
    keys = checks.check_trustees(election, record["trustees"])
    report.passed("trustee proofs, commitments and joint key", len(keys))
    frozen = checks.check_credentials(election, record["credentials"])
    report.passed("credential list fingerprint", len(frozen))
    roster = checks.check_credential_events(election, record["events"], frozen)
    report.passed("credential revocations and reissues", len(roster.revoked) + len(roster.issued))
    ballots = record["ballots"]
    trackers, computed, counted = check_ballots(
        election, roster.weights, ballots, record.get("ballot_lines"), workers, progress, roster.in_force
    )
    selections = len(ballots) * sum(len(q["choices"]) for q in election.questions)
    report.passed("ballot signatures, proofs and trackers", len(ballots))
    head = checks.check_events(record, trackers)
    if published_head is not None and published_head != head:
        raise VerificationError("event chain", "event chain head", f"is {head}, not the published {published_head}")
    report.passed("event chain", len(record["events"]))
    checks.check_ballot_credentials(record, roster)
    report.passed("credential in force at each ballot", len(ballots))
    checks.check_audited(election, record, trackers)
    report.passed("audited ballots", len(record["audited"]))
    encrypted = checks.check_tally(election, record, computed)
    report.passed("weighted homomorphic tally", len(counted))
    checks.check_decryptions(election, record, encrypted, keys)
    report.passed("partial decryptions", len(record["decryptions"]))
    bounds = {"headcount": len(counted), "weight": sum(roster.weights[ballots[i]["credential"]] for i in counted)}
    checks.check_result(election, record, encrypted, len(counted), bounds)
    report.passed("result")
    checks.check_event_anchors(record)
    report.passed("tally, decryptions and result in the event chain")
    report.summary.update(
        election=election.fingerprint, ballots=len(ballots), counted=len(counted), selections=selections,
        audited=len(record["audited"]), revoked=len(roster.revoked), reissued=len(roster.issued),
        trustees=len(keys), threshold=record["trustees"]["threshold"], event_head=head,
        result=record["result"]["tallies"],
    )


def verify_record(source, workers=None, progress=None, head=None):
    """Verify a record (a path to a folder or zip, or a record dict); return a Report.

    `head`, if given, is the published event-chain head the record must end in.
    """
    started = time.perf_counter()
    report = Report()
    try:
        record = read_record(source, raw_ballots=True) if isinstance(source, (str, os.PathLike)) else source
        _verify(record, report, workers, progress, head)
    except VerificationError as exc:
        report.ok = False
        report.failure = {"check": exc.check, "object": exc.obj, "message": exc.message}
    except (KeyError, IndexError, TypeError, AttributeError, ValueError, OSError) as exc:
        report.ok = False
        report.failure = {"check": "record format", "object": "record", "message": f"{type(exc).__name__}: {exc}"}
    report.summary["seconds"] = round(time.perf_counter() - started, 3)
    return report


def format_report(report):
    """Return a short human-readable summary of a report."""
    if not report.ok:
        f = report.failure
        return f"FAILED {f['check']}: {f['object']}: {f['message']}"
    s = report.summary
    lines = [f"OK election {s['election'][:16]}: {s['ballots']} ballots ({s['counted']} counted, "
             f"{s['selections']} selections), {s['audited']} audited, {s['threshold']}-of-{s['trustees']} trustees"]
    lines += [f"  ok  {c['check']} ({c['count']})" for c in report.checks]
    lines.append(f"  event chain head {s['event_head']}")
    lines.append(f"  result {canonical_json(s['result'])}")
    lines.append(f"  verified in {s['seconds']} s")
    return "\n".join(lines)


def stderr_progress(done, total):
    """Print progress on stderr for large records."""
    if total >= 1000:
        print(f"\rchecked {done}/{total} ballots", end="" if done < total else "\n", file=sys.stderr, flush=True)


def main(argv=None):
    """Verify the record named on the command line; exit 0 if it holds."""
    from deliberation.crypto.cli import verify

    verify.main(args=argv, prog_name="python -m deliberation.crypto.verify")


if __name__ == "__main__":
    main()
