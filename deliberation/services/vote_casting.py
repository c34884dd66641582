"""Cast and audit ballots: queue a cast for the checker (vote_checker), check and publish an audited one."""
import json
from datetime import datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import NamedTuple

from flask import current_app
from sqlalchemy import bindparam, insert, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from ..crypto import ballot as ballots_mod
from ..crypto import credentials as creds
from ..crypto.canonical import canonical_bytes, canonical_json, sha256_hex
from ..crypto.election import Election
from ..extensions import db
from ..models import AuditedBallot, Ballot, CastSubmission, Household, User, Vote
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


def _check_open(vote, now):
    if vote.status != "open" or not vote.opens_at <= now <= vote.closes_at:
        raise VoteError("not_open")


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
    known = current_app.extensions.setdefault("open_votes", {})
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
    _check_open(vote, now)
    body = _ballot_bytes(ballot)
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


def _ballot_bytes(ballot):
    if not isinstance(ballot, dict) or not isinstance(ballot.get("credential"), str):
        raise VoteError("bad_ballot", check="ballot format")
    try:
        return canonical_bytes(ballot)
    except (TypeError, ValueError):
        raise VoteError("bad_ballot", check="ballot format") from None


def quick_submit(engine, view, session_ident, ballot, now=None):
    """Queue a ballot in one statement for a verified resident of the vote's scope; None if not that case.

    The cast gateway's work (deliberation/cast_gateway.py): the INSERT ... SELECT re-checks in the
    database what the login (session version, an active account) and permissions.is_building_member
    would check, without loading the account. Whatever does not fit (staff, a stale session, a
    duplicate, bad input) gets None and goes the ordinary way, which gives the precise answer.
    Needs no application context: `engine` is the one to insert with.
    """
    now = now or utcnow()
    try:
        user_id, version = (int(part) for part in str(session_ident).split(":"))
        body = _ballot_bytes(ballot)
    except (ValueError, VoteError):
        return None
    if view.status != "open" or not view.opens_at <= now <= view.closes_at:
        return None
    insert_ = _quick_insert(engine.dialect, view.building_id is not None)
    if insert_ is None:
        return None
    tracker = sha256_hex(body)
    params = {"vote": view.id, "tracker": tracker, "body": body.decode(), "now": now, "user": user_id,
              "version": version, "community": view.community_id, "building": view.building_id}
    return Submission(view.id, tracker) if insert_.run(engine, params) else None


class _QuickInsert(NamedTuple):
    """quick_submit's INSERT compiled once for a dialect, run on the driver's own connection.

    SQLAlchemy's execution layer (statement cache lookup, result set-up) costs more CPU than the
    driver's execute of this one statement; the bind processors still apply.
    """

    sql: str
    order: tuple | None  # parameter names in order, for a positional paramstyle
    constants: dict
    processors: dict

    def run(self, engine, params):
        """Insert as a transaction of its own; return the new row's id, None if nothing was inserted.

        A pooled connection that died meanwhile fails the attempt and is thrown away; the second
        attempt takes a fresh one (a repeated insert is harmless: ON CONFLICT DO NOTHING).
        """
        values = {**self.constants, **params}
        for name, process in self.processors.items():
            values[name] = process(values[name])
        if self.order is not None:
            values = [values[name] for name in self.order]
        for attempt in (1, 2):
            connection = engine.raw_connection()
            try:
                cursor = connection.cursor()
                cursor.execute(self.sql, values)
                row = cursor.fetchone()
                connection.commit()
                return row[0] if row else None
            except engine.dialect.loaded_dbapi.Error as error:
                if attempt == 2 or not engine.dialect.is_disconnect(error, connection.dbapi_connection, None):
                    connection.rollback()
                    raise
                connection.invalidate()
            finally:
                connection.close()


_QUICK_PARAMS = ("vote", "tracker", "body", "now", "user", "version", "community", "building")


@lru_cache(maxsize=8)
def _quick_insert(dialect, in_building):
    """Build and compile quick_submit's INSERT ... SELECT once; only the parameters change per cast."""
    insert_for = {"postgresql": pg_insert, "sqlite": sqlite_insert}.get(dialect.name)
    if insert_for is None:
        return None
    users, homes, queue = User.__table__, Household.__table__, CastSubmission.__table__
    values = select(bindparam("vote", type_=queue.c.vote_id.type), bindparam("tracker", type_=queue.c.tracker.type),
                    bindparam("body", type_=queue.c.body.type), users.c.id,
                    bindparam("now", type_=queue.c.submitted_at.type), literal("pending"))
    values = values.select_from(users.outerjoin(homes, homes.c.id == users.c.household_id)).where(
        users.c.id == bindparam("user"), users.c.session_version == bindparam("version"),
        users.c.status == "verified", users.c.community_id == bindparam("community"))
    if in_building:
        values = values.where(homes.c.building_id == bindparam("building"))
    statement = (insert_for(queue).from_select(["vote_id", "tracker", "body", "user_id", "submitted_at", "status"],
                                               values).on_conflict_do_nothing().returning(queue.c.id))
    compiled = statement.compile(dialect=dialect)
    placeholders = dict.fromkeys(_QUICK_PARAMS)
    constants = {name: value for name, value in compiled.construct_params(placeholders).items()
                 if name not in placeholders}
    processors = {name: process for name, bind in compiled.binds.items()
                  if (process := bind.type.bind_processor(dialect)) is not None}
    order = tuple(compiled.positiontup) if compiled.positional else None
    return _QuickInsert(compiled.string, order, constants, processors)


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
    _check_open(vote, now or utcnow())
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
