"""Cast and audit ballots: queue a cast for the checker (vote_checker), check and publish an audited one."""
import json
from datetime import datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import NamedTuple

from flask import current_app
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from ..crypto import ballot as ballots_mod
from ..crypto import credentials as creds
from ..crypto.canonical import canonical_bytes, canonical_json, sha256_hex
from ..crypto.election import Election
from ..extensions import db
from ..models import AuditedBallot, Ballot, CastSubmission, Vote
from ..models.base import utcnow
from . import audit
from .vote_chain import append_event, lock_vote
from .vote_credentials import roster, version
from .votes import VoteError


@lru_cache(maxsize=32)
def _parsed(vote_id, uuid, version=None):
    # The texts are frozen when the vote opens, so (id, uuid) names them for good: a cast
    # neither reloads nor rehashes a credential list that may run to megabytes. A lost
    # credential revoked and reissued during the vote only adds rows and chain events, and
    # `version` grows with each: every process sees the change at its next call, and
    # replays only those few events on the frozen list parsed once.
    if version is not None:
        election, frozen = _parsed(vote_id, uuid)
        return election, roster(vote_id, election.group, frozen).in_force
    election_json, credentials_json = db.session.execute(
        select(Vote.election_json, Vote.credentials_json).where(Vote.id == vote_id, Vote.uuid == uuid)).one()
    election = Election(json.loads(election_json))
    weights = creds.parse_credential_list(election.group, json.loads(credentials_json))
    return election, weights


def election_of(vote):
    """Return the parsed Election and {public credential: weight} in force of an open vote.

    That is the list frozen at opening, less the credentials revoked since, plus their
    replacements (services/vote_credentials.py): the ballots to check and count.
    """
    return _parsed(vote.id, vote.uuid, version(vote.id))


def check_open(vote, now):
    """Raise VoteError unless the vote (or an OpenVote) takes ballots at `now`."""
    if vote.status != "open" or not vote.opens_at <= now <= vote.closes_at:
        raise VoteError("not_open")


OPEN_VOTES = "open_votes"  # app.extensions key: {vote id: OpenVote} this process has read


def known_open_vote(app, vote_id):
    """The OpenVote this process has already read (open_vote_view), without asking the database."""
    return app.extensions.get(OPEN_VOTES, {}).get(vote_id)


class OpenVote(NamedTuple):
    """What casting needs of an open vote; frozen when it opened, so each process keeps it."""

    id: int
    community_id: int
    building_id: int | None
    status: str
    opens_at: datetime
    closes_at: datetime
    trustees: tuple  # of SimpleNamespace(user_id=...), for permissions.is_trustee_of


def open_vote_view(vote_id):
    """Return the OpenVote for an open vote (from this process's memory after the first ask), else None."""
    known = current_app.extensions.setdefault(OPEN_VOTES, {})
    view = known.get(vote_id)
    if view is None:
        vote = db.session.get(Vote, vote_id)
        if vote is None or vote.status != "open":
            return None
        view = OpenVote(vote.id, vote.community_id, vote.building_id, vote.status, vote.opens_at, vote.closes_at,
                        tuple(SimpleNamespace(user_id=t.user_id) for t in vote.trustees))
        known[vote_id] = view
    return view


class Submission(NamedTuple):
    vote_id: int
    tracker: str
    status: str = "pending"
    code: str | None = None
    failed_check: str | None = None


def submit_ballot(vote, ballot, actor=None, now=None):
    """Store a posted ballot for the checker: one INSERT, no proof check; return the Submission.

    The voter's page then asks for the submission's status until it is accepted or refused
    (services.vote_checker); the tracker is the SHA-256 of the ballot's canonical JSON.
    """
    now = now or utcnow()
    check_open(vote, now)
    body = ballot_bytes(ballot)
    tracker = sha256_hex(body)
    try:
        db.session.execute(insert(CastSubmission).values(
            vote_id=vote.id, tracker=tracker, body=body.decode(), user_id=getattr(actor, "id", None),
            submitted_at=now, status="pending"))
        db.session.commit()
    except IntegrityError:
        # The unique (vote, tracker) constraint: this very ballot was posted before.
        db.session.rollback()
        raise VoteError("duplicate_ballot") from None
    return Submission(vote.id, tracker)


def ballot_bytes(ballot):
    if not isinstance(ballot, dict) or not isinstance(ballot.get("credential"), str):
        raise VoteError("bad_ballot", check="ballot format")
    try:
        return canonical_bytes(ballot)
    except (TypeError, ValueError):
        raise VoteError("bad_ballot", check="ballot format") from None


def settle_now(submission):
    """Check a submission at once (inline mode, paper-free tools and tests); raise VoteError if refused."""
    from .vote_checker import check_pending

    def current():
        return db.session.scalar(select(CastSubmission).where(
            CastSubmission.vote_id == submission.vote_id, CastSubmission.tracker == submission.tracker))

    while current().status == "pending":
        if not check_pending(submission.vote_id):
            break
    return submission_outcome(current())


def submission_outcome(submission):
    """Return the tracker of an accepted submission, None while pending; raise VoteError if refused."""
    if submission.status == "refused":
        raise VoteError(submission.code, check=submission.failed_check)
    return submission.tracker if submission.status == "accepted" else None


def cast_ballot(vote_id, ballot, actor=None, now=None):
    """Submit a ballot and check it at once; return its tracker or raise VoteError."""
    return settle_now(submit_ballot(db.session.get(Vote, vote_id), ballot, actor, now))


def audit_ballot(vote_id, audited, actor=None, now=None):
    """Check a Benaloh-challenged ballot opens as claimed and publish it; return its tracker."""
    from . import vote_belenios  # it builds on election_of, defined here

    vote = db.session.get(Vote, vote_id)
    check_open(vote, now or utcnow())
    election, _ = election_of(vote)
    # A vote in Belenios' group takes Belenios ballots (services/vote_belenios.py).
    belenios = vote_belenios.belenios_of(vote) if vote_belenios.is_belenios(vote) else None
    db.session.rollback()
    try:
        if belenios is not None:
            tracker = vote_belenios.check_audited(belenios, audited)
        else:
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
