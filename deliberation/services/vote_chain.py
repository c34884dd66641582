"""The vote's event hash chain: lock the vote row, append one link."""
import json

from sqlalchemy import select

from ..crypto.canonical import object_hash
from ..extensions import db
from ..models import Vote, VoteEvent


def lock_vote(vote_id):
    """Load the vote for update: on PostgreSQL the row stays locked until commit.

    SQLite needs no lock: every transaction there is BEGIN IMMEDIATE (see create_app).
    """
    stmt = select(Vote).where(Vote.id == vote_id).with_for_update()
    return db.session.execute(stmt.execution_options(populate_existing=True)).scalar_one()


def append_event(vote, kind, payload):
    """Append an event after the head; the caller holds the vote row (lock_vote) and commits."""
    event = {"seq": vote.chain_seq + 1, "type": kind, "payload": payload, "prev": vote.chain_head}
    digest = object_hash(event)
    db.session.add(VoteEvent(vote_id=vote.id, seq=event["seq"], type=kind, prev=vote.chain_head, hash=digest,
                             payload=json.dumps(payload, sort_keys=True, ensure_ascii=False)))
    vote.chain_seq, vote.chain_head = event["seq"], digest
    return event


def events(vote):
    """Return the chain as it goes into events.jsonl."""
    rows = db.session.scalars(select(VoteEvent).where(VoteEvent.vote_id == vote.id).order_by(VoteEvent.seq))
    return [row.as_record() for row in rows]
