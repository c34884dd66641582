"""Cast and audit ballots: check them, chain them, let a later ballot replace an earlier one."""
import json
from functools import lru_cache

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..crypto import ballot as ballots_mod
from ..crypto import credentials as creds
from ..crypto.canonical import canonical_json
from ..crypto.election import Election
from ..extensions import db
from ..models import AuditedBallot, Ballot, Vote, VoteCredential
from ..models.base import utcnow
from . import audit
from .vote_chain import append_event, lock_vote
from .votes import VoteError


@lru_cache(maxsize=32)
def _parsed(vote_id, uuid):
    # The texts are frozen when the vote opens, so (id, uuid) names them for good: a cast
    # neither reloads nor rehashes a credential list that may run to megabytes.
    election_json, credentials_json = db.session.execute(
        select(Vote.election_json, Vote.credentials_json).where(Vote.id == vote_id, Vote.uuid == uuid)).one()
    election = Election(json.loads(election_json))
    weights = creds.parse_credential_list(election.group, json.loads(credentials_json))
    return election, weights


def election_of(vote):
    """Return the parsed Election and {public credential: weight} of an open vote."""
    return _parsed(vote.id, vote.uuid)


def _check_open(vote, now):
    if vote.status != "open" or not vote.opens_at <= now <= vote.closes_at:
        raise VoteError("not_open")


def cast_ballot(vote_id, ballot, actor=None, now=None):
    """Check a ballot and append it to the board; return its tracker.

    The expensive proof check runs before the vote row is locked, so casts queue only
    for the short append.
    """
    now = now or utcnow()
    vote = db.session.get(Vote, vote_id)
    _check_open(vote, now)
    election, weights = election_of(vote)
    # End the read before the slow check: on SQLite every transaction holds the write lock.
    db.session.rollback()
    if not isinstance(ballot, dict):
        raise VoteError("bad_ballot", check="ballot format")
    try:
        ballots_mod.check_ballot(election, weights, ballot)
    except ballots_mod.BallotError as error:
        raise VoteError("unknown_credential" if error.check == "unknown credential" else "bad_ballot",
                        check=error.check) from None
    tracker = ballots_mod.tracker(ballot)
    vote = lock_vote(vote_id)
    _check_open(vote, now)
    credential = db.session.scalar(
        select(VoteCredential).options(joinedload(VoteCredential.voter))
        .where(VoteCredential.vote_id == vote.id, VoteCredential.public == ballot["credential"],
               VoteCredential.revoked_at.is_(None)))
    if credential is None:
        raise VoteError("unknown_credential", check="unknown credential")
    if credential.voter.paper_batch_id is not None:
        raise VoteError("voted_on_paper")
    if db.session.scalar(select(AuditedBallot.id).where(AuditedBallot.vote_id == vote.id,
                                                        AuditedBallot.tracker == tracker)):
        raise VoteError("duplicate_ballot")  # an audited ballot is spoilt: it can never be cast
    db.session.execute(update(Ballot).where(Ballot.vote_id == vote.id, Ballot.credential == ballot["credential"],
                                            Ballot.replaced.is_(False)).values(replaced=True))
    event = append_event(vote, "ballot", {"tracker": tracker})
    # The ballot's number is its event's: unique and in order, with no extra query.
    db.session.add(Ballot(vote_id=vote.id, seq=event["seq"], credential=ballot["credential"], tracker=tracker,
                          body=canonical_json(ballot), cast_at=utcnow()))
    if not credential.voter.voted_online:
        credential.voter.voted_online = True
    audit.record(actor, "vote.ballot_cast", vote, tracker=tracker)
    try:
        db.session.commit()
    except IntegrityError:
        # The unique (vote, tracker) constraint: this very ballot is already on the board.
        db.session.rollback()
        raise VoteError("duplicate_ballot") from None
    return tracker


def audit_ballot(vote_id, audited, actor=None, now=None):
    """Check a Benaloh-challenged ballot opens as claimed and publish it; return its tracker."""
    vote = db.session.get(Vote, vote_id)
    _check_open(vote, now or utcnow())
    election, _ = election_of(vote)
    db.session.rollback()
    try:
        if set(audited) != {"ballot", "randomness", "plaintexts"}:
            raise ballots_mod.BallotError("ballot format", "an audited ballot has ballot, randomness, plaintexts")
        ballots_mod.check_audited_ballot(election, audited)
        tracker = ballots_mod.tracker(audited["ballot"])
    except ballots_mod.BallotError as error:
        raise VoteError("bad_audit", check=error.check) from None
    except (KeyError, TypeError, ValueError, AttributeError):
        raise VoteError("bad_audit", check="ballot format") from None
    vote = lock_vote(vote_id)
    cast_before = db.session.scalar(select(Ballot.id).where(Ballot.vote_id == vote.id, Ballot.tracker == tracker))
    audited_before = db.session.scalar(select(AuditedBallot.id).where(
        AuditedBallot.vote_id == vote.id, AuditedBallot.tracker == tracker))
    if cast_before or audited_before:
        raise VoteError("duplicate_ballot")
    db.session.add(AuditedBallot(vote_id=vote.id, tracker=tracker, body=canonical_json(audited)))
    append_event(vote, "audit", {"tracker": tracker})
    audit.record(actor, "vote.ballot_audited", vote, tracker=tracker)
    db.session.commit()
    return tracker


def board(vote, search=""):
    """Return the accepted ballots (tracker, time, replaced), optionally those matching a tracker prefix."""
    query = select(Ballot.seq, Ballot.tracker, Ballot.cast_at, Ballot.replaced).where(Ballot.vote_id == vote.id)
    search = search.strip().lower()
    if search:
        query = query.where(Ballot.tracker.startswith(search))
    return db.session.execute(query.order_by(Ballot.seq)).all()


def audited_ballots(vote):
    return db.session.scalars(select(AuditedBallot).where(AuditedBallot.vote_id == vote.id)
                              .order_by(AuditedBallot.id)).all()
