"""Paper ballots: each batch typed in twice by two different workers, accepted only if both agree."""
import json

from sqlalchemy import select

from ..crypto.canonical import canonical_json
from ..domain.vote_rules import paper_counts, parse_paper
from ..extensions import db
from ..models import PaperBatch, PaperEntry
from ..models.base import utcnow
from . import audit
from .vote_chain import lock_vote
from .votes import VoteError


def enter_batch(vote, worker, label, text):
    """Record one worker's entry of a batch; return the batch (accepted when two entries agree)."""
    vote = lock_vote(vote.id)
    if vote.status not in ("open", "closed"):
        raise VoteError("paper_closed")
    label = label.strip()[:60]
    if not label:
        raise VoteError("no_label")
    voters = {v.roll_number: v for v in vote.voters}
    ballots, errors = parse_paper(text, vote.questions, set(voters))
    if errors:
        raise VoteError("bad_paper", errors=errors)
    if not ballots:
        raise VoteError("empty_batch")
    batch = db.session.scalar(select(PaperBatch).where(PaperBatch.vote_id == vote.id, PaperBatch.label == label))
    if batch is None:
        batch = PaperBatch(vote_id=vote.id, label=label)
        db.session.add(batch)
        db.session.flush()
    if batch.status == "accepted":
        raise VoteError("batch_accepted")
    if any(e.worker_id == worker.id for e in batch.entries):
        raise VoteError("second_worker_needed")
    batch.status = "entering"
    entry = PaperEntry(batch_id=batch.id, worker_id=worker.id, ballots_json=canonical_json(ballots))
    db.session.add(entry)
    db.session.flush()
    db.session.refresh(batch)
    audit.record(worker, "vote.paper_entry", vote, batch=label, ballots=len(ballots))
    if len(batch.entries) == 2:
        _settle(vote, batch, voters)
    db.session.commit()
    return batch


def _settle(vote, batch, voters):
    first, second = batch.entries
    if first.ballots_json != second.ballots_json:
        batch.status = "mismatch"
        # Both entries are discarded: the batch is typed in again, twice.
        for entry in list(batch.entries):
            db.session.delete(entry)
        audit.record(None, "vote.paper_mismatch", vote, batch=batch.label)
        return
    ballots = json.loads(first.ballots_json)
    taken = [b["roll"] for b in ballots if voters[b["roll"]].voted_online or voters[b["roll"]].paper_batch_id]
    if taken:
        db.session.rollback()
        raise VoteError("already_voted", rolls=taken)
    for b in ballots:
        voters[b["roll"]].paper_batch_id = batch.id
    area_of = {n: v.area for n, v in voters.items()}
    batch.ballots_json = first.ballots_json
    batch.counts_json = canonical_json(paper_counts(ballots, vote.questions, area_of))
    batch.status, batch.accepted_at = "accepted", utcnow()
    audit.record(None, "vote.paper_accepted", vote, batch=batch.label, ballots=len(ballots))


def batches(vote):
    return db.session.scalars(select(PaperBatch).where(PaperBatch.vote_id == vote.id)
                              .order_by(PaperBatch.id)).all()
