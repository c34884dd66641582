"""Check queued ballots and put the good ones on the bulletin board.

A cast request only stores the posted ballot (services.vote_casting.submit_ballot). This checker takes the
queued submissions in order, checks their proofs outside any lock, then, holding the vote's row, applies the
rules that need the board: a known, unrevoked credential; not voted on paper; never an audited ballot; the
latest submission of a credential is the one that counts. Each submission ends accepted or refused, with the
code and failed check the voter's page shows.

It runs in a daemon thread of each web process (VOTE_CAST_CHECK "background", the default), at once inside
the request ("inline", the default under tests), or in a separate process (`deliberation votes check-casts`,
with VOTE_CAST_CHECK "external").
"""
import json
import os
import threading
from itertools import groupby

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..crypto import ballot as ballots_mod
from ..extensions import db
from ..models import AuditedBallot, Ballot, CastSubmission, User, Vote, VoteCredential
from ..models.base import utcnow
from . import audit, vote_belenios
from .vote_casting import election_of
from .vote_chain import append_event, lock_vote

BATCH = 200
COUNTING = ("open", "closed")  # a ballot cast in time is still counted if the vote closed meanwhile


def mode(app=None):
    app = app or current_app
    return app.config.get("VOTE_CAST_CHECK") or ("inline" if app.testing else "background")


def proof_verdict(vote, election, weights, body):
    """Check a ballot's signature and proofs; return None, or (code, failed check).

    A vote in Belenios' group takes Belenios ballots (services/vote_belenios.py).
    """
    try:
        if vote_belenios.is_belenios(vote):
            vote_belenios.check_belenios_ballot(vote, body)
        else:
            ballots_mod.check_ballot(election, weights, json.loads(body))
    except ballots_mod.BallotError as error:
        return ("unknown_credential" if error.check == "unknown credential" else "bad_ballot"), error.check
    except (ValueError, TypeError, KeyError, AttributeError):
        return "bad_ballot", "ballot format"
    return None


def _claim(vote_id, limit):
    query = select(CastSubmission).where(CastSubmission.status == "pending").order_by(CastSubmission.id).limit(limit)
    if vote_id is not None:
        query = query.where(CastSubmission.vote_id == vote_id)
    if db.engine.dialect.name == "postgresql":
        # Keep the claimed rows locked through the proof check; another checker takes the next ones.
        query = query.with_for_update(skip_locked=True)
    return db.session.scalars(query).all()


def check_pending(vote_id=None, limit=BATCH):
    """Check up to `limit` queued submissions (of one vote, or of any); return how many were settled."""
    claimed = _claim(vote_id, limit)
    if not claimed:
        db.session.rollback()
        return 0
    verdicts = {}
    for vid, subs in groupby(sorted(claimed, key=lambda s: s.vote_id), key=lambda s: s.vote_id):
        vote = db.session.get(Vote, vid)
        election, weights = election_of(vote)
        for sub in subs:
            verdicts[sub.id] = proof_verdict(vote, election, weights, sub.body)
    if db.engine.dialect.name != "postgresql":
        db.session.rollback()  # SQLite: the read held the write lock; the checks ran without blocking casts
    settled = 0
    for vid in sorted({s.vote_id for s in claimed}):
        settled += _settle(vid, verdicts)
    db.session.commit()
    return settled


def _settle(vote_id, verdicts):
    vote = lock_vote(vote_id)
    subs = db.session.scalars(select(CastSubmission).where(
        CastSubmission.vote_id == vote_id, CastSubmission.id.in_(verdicts), CastSubmission.status == "pending")
        .order_by(CastSubmission.submitted_at, CastSubmission.id)).all()
    if not subs:
        return 0
    # Everything the rules need for the whole batch, in four queries; then no query per ballot.
    publics = {s.id: _credential_of(s.body) for s in subs}
    wanted = [p for p in set(publics.values()) if p is not None]
    credentials = {c.public: c for c in db.session.scalars(
        select(VoteCredential).options(joinedload(VoteCredential.voter))
        .where(VoteCredential.vote_id == vote_id, VoteCredential.public.in_(wanted),
               VoteCredential.revoked_at.is_(None)))}
    audited = set(db.session.scalars(select(AuditedBallot.tracker).where(
        AuditedBallot.vote_id == vote_id, AuditedBallot.tracker.in_([s.tracker for s in subs]))))
    latest = dict(db.session.execute(select(Ballot.credential, func.max(Ballot.cast_at)).where(
        Ballot.vote_id == vote_id, Ballot.credential.in_(wanted)).group_by(Ballot.credential)).all())
    actors = {u.id: u for u in db.session.scalars(select(User).where(
        User.id.in_({s.user_id for s in subs if s.user_id})))}
    accepted = []
    with db.session.no_autoflush:
        for sub in subs:
            credential = credentials.get(publics[sub.id])
            refusal = verdicts[sub.id] or _board_rule(vote, sub, credential, audited, latest)
            if refusal:
                _refuse(vote, sub, actors.get(sub.user_id), *refusal)
            else:
                latest[credential.public] = sub.submitted_at
                accepted.append(_accept(vote, sub, credential, actors.get(sub.user_id)))
    if accepted:
        # The ballots these replace, on the board before this batch; within it, the last of each counts.
        db.session.execute(Ballot.__table__.update().where(
            Ballot.vote_id == vote.id, Ballot.credential.in_({b.credential for b in accepted}),
            Ballot.replaced.is_(False)).values(replaced=True))
        last = {b.credential: b for b in accepted}
        for ballot in accepted:
            ballot.replaced = last[ballot.credential] is not ballot
        db.session.add_all(accepted)
    return len(subs)


def _credential_of(body):
    try:
        credential = json.loads(body).get("credential")
    except (ValueError, AttributeError):
        return None
    return credential if isinstance(credential, str) else None


def _board_rule(vote, sub, credential, audited, latest):
    if vote.status not in COUNTING or not vote.opens_at <= sub.submitted_at <= vote.closes_at:
        return "not_open", None
    if credential is None:
        return "unknown_credential", "unknown credential"
    if credential.voter.paper_batch_id is not None:
        return "voted_on_paper", None
    if sub.tracker in audited:
        return "duplicate_ballot", None  # an audited ballot is spoilt: it can never be cast
    if latest.get(credential.public) is not None and latest[credential.public] > sub.submitted_at:
        return "superseded", None  # a later ballot of this credential is already in the box
    return None


def _accept(vote, sub, credential, actor):
    event = append_event(vote, "ballot", {"tracker": sub.tracker})
    if not credential.voter.voted_online:
        credential.voter.voted_online = True
    sub.status, sub.checked_at = "accepted", utcnow()
    audit.record(actor, "vote.ballot_cast", vote, tracker=sub.tracker)
    # The ballot's number is its event's: unique and in order, with no extra query.
    return Ballot(vote_id=vote.id, seq=event["seq"], credential=credential.public, tracker=sub.tracker,
                  body=sub.body, cast_at=sub.submitted_at)


def _refuse(vote, sub, actor, code, check):
    sub.status, sub.code, sub.failed_check, sub.checked_at = "refused", code, check, utcnow()
    audit.record(actor, "vote.ballot_refused", vote, tracker=sub.tracker, code=code, check=check or "")


def drain(vote_id):
    """Settle every queued submission of a vote (before its tally)."""
    while check_pending(vote_id):
        pass


# ---- the background thread: one per web process and app, woken by each cast ----

_lock = threading.Lock()


class _Checker:
    def __init__(self, app):
        self.pid, self.event, self.stopping = os.getpid(), threading.Event(), False
        self.thread = threading.Thread(target=run_forever, args=(app,), name="cast-checker", daemon=True,
                                       kwargs={"event": self.event, "stopped": lambda: self.stopping})
        self.thread.start()


def wake(app):
    """Wake this process's checker for `app`, starting it on first use (after gunicorn forked)."""
    if mode(app) != "background":
        return
    with _lock:
        checker = app.extensions.get("cast_checker")
        if checker is None or checker.pid != os.getpid():
            checker = app.extensions["cast_checker"] = _Checker(app)
    checker.event.set()


def stop(app):
    """Stop this process's checker for `app` (tests and clean shutdowns)."""
    checker = app.extensions.pop("cast_checker", None)
    if checker is not None and checker.pid == os.getpid():
        checker.stopping = True
        checker.event.set()
        checker.thread.join(30)


def run_forever(app, idle_seconds=5.0, event=None, stopped=lambda: False):
    """Check whatever is queued, then wait to be woken (or idle_seconds, to pick up others' leftovers)."""
    event = event or threading.Event()
    while not stopped():
        with app.app_context():
            try:
                while not stopped() and check_pending():
                    pass
            except Exception:  # keep checking later; the submissions stay pending, nothing is lost
                app.logger.exception("cast checker failed")
                db.session.rollback()
            finally:
                db.session.remove()
        event.wait(idle_seconds)
        event.clear()
