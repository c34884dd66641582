"""Ballots: the ballot page, casting and auditing, the bulletin board, the public files, result and record."""
import io
import os
import tempfile

from flask import Blueprint, Response, abort, current_app, flash, jsonify, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..crypto.record import write_record
from ..extensions import db
from ..models import CastSubmission
from ..services import vote_casting, vote_checker, vote_credentials, vote_results, vote_tally, votes
from ..services.votes import VoteError
from ..permissions import can_see_vote, ensure
from ..web import render
from .vote_forms import ERRORS, error_text
from .votes import load_vote

bp = Blueprint("ballots", __name__, url_prefix="/votes")


def _json_file(text):
    if text is None:
        abort(404)
    return Response(text, mimetype="application/json")


@bp.get("/<int:vote_id>/election.json")
@login_required
def election_file(vote_id):
    """Serve election.json (once the vote is open)."""
    return _json_file(load_vote(vote_id).election_json)


@bp.get("/<int:vote_id>/credentials.json")
@login_required
def credentials_file(vote_id):
    """Serve the public credential list with weights."""
    return _json_file(load_vote(vote_id).credentials_json)


@bp.get("/<int:vote_id>/tally.json")
@login_required
def tally_file(vote_id):
    """Serve the encrypted tally."""
    return _json_file(load_vote(vote_id).tally_json)


@bp.get("/<int:vote_id>/ballot")
@login_required
def ballot(vote_id):
    """Show the ballot: one question per screen, encrypted in this browser before it is sent."""
    vote = load_vote(vote_id)
    return render("votes/ballot.html", vote=vote, me=votes.voter_of(vote, current_user))


def _payload():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return None
    return data


def _refusal(error, status=422):
    return jsonify(ok=False, code=error.code, message=error_text(error)), status


@bp.post("/<int:vote_id>/cast")
@login_required
def cast(vote_id):
    """Take a ballot posted as JSON {"ballot": ...} into the queue; answer with its tracker and where to ask.

    The proofs are checked after the answer (services.vote_checker); inline mode checks before answering.
    Most casts never reach this view: once this process knows the open vote, the cast gateway in front
    of the app (deliberation/cast_gateway.py) queues a resident's ballot in one statement. This view
    takes the rest, and gives each refusal its precise, translated reason.
    """
    # An open vote's scope and times are frozen: read them from memory (the gateway reads the same).
    vote = vote_casting.open_vote_view(vote_id) or load_vote(vote_id)
    ensure(can_see_vote, vote)
    data = _payload()
    if data is None or "ballot" not in data:
        return jsonify(ok=False, code="bad_json", message=str(ERRORS["bad_json"])), 400
    try:
        submission = vote_casting.submit_ballot(vote, data["ballot"], actor=current_user)
        if vote_checker.mode() == "inline":
            vote_casting.settle_now(submission)
    except VoteError as error:
        db.session.rollback()
        return _refusal(error)
    vote_checker.wake(current_app._get_current_object())
    return _cast_status(submission)


@bp.get("/<int:vote_id>/cast/<tracker>")
@login_required
def cast_status(vote_id, tracker):
    """Tell the voter whether their queued ballot is accepted, refused (and why) or still being checked."""
    vote = load_vote(vote_id)
    submission = db.session.scalar(select(CastSubmission).where(
        CastSubmission.vote_id == vote.id, CastSubmission.tracker == tracker,
        CastSubmission.user_id == current_user.id))
    if submission is None:
        # Not (or no longer) queued: the page that sent it sends it again (see add_cast_engine).
        return jsonify(ok=False, state="missing", code="missing_ballot", message=str(ERRORS["missing_ballot"])), 404
    try:
        return _cast_status(submission)
    except VoteError as error:
        return _refusal(error)


def _poll_url(submission):
    return url_for("ballots.cast_status", vote_id=submission.vote_id, tracker=submission.tracker)


def _cast_status(submission):
    tracker = vote_casting.submission_outcome(submission)
    if tracker is None:
        return jsonify(ok=True, state="pending", tracker=submission.tracker,
                       poll=_poll_url(submission),
                       message=_("Your ballot has arrived and its proofs are being checked…"))
    return jsonify(ok=True, state="accepted", tracker=tracker,
                   message=_("Your ballot is in the ballot box. Keep its tracker."))


@bp.post("/<int:vote_id>/audit")
@login_required
def audit(vote_id):
    """Accept a Benaloh-audited ballot (randomness revealed) and publish it; it is never counted."""
    vote = load_vote(vote_id)
    data = _payload()
    if data is None:
        return jsonify(ok=False, code="bad_json", message=str(ERRORS["bad_json"])), 400
    try:
        tracker = vote_casting.audit_ballot(vote.id, data, actor=current_user)
    except VoteError as error:
        db.session.rollback()
        return _refusal(error)
    return jsonify(ok=True, tracker=tracker,
                   message=_("The audited ballot checks out and is published. Now encrypt your ballot again."))


@bp.get("/<int:vote_id>/board")
@login_required
def board(vote_id):
    """List every accepted ballot's tracker and time, the audited ballots and the chain head."""
    vote = load_vote(vote_id)
    search = request.args.get("tracker", "").strip().lower()
    if search and not all(c in "0123456789abcdef" for c in search):
        flash(_("A tracker is made of the digits 0-9 and letters a-f."), "warning")
        search = "\0"
    rows = vote_casting.board(vote, search)
    return render("votes/board.html", "votes/_board_rows.html", vote=vote, rows=rows, search=search.strip("\0"),
                  audited=vote_casting.audited_ballots(vote), revoked=vote_credentials.revocations(vote),
                  uncounted=vote_credentials.uncounted_ballots(vote))


@bp.get("/<int:vote_id>/result")
@login_required
def result(vote_id):
    """Show the result per question: participation and approval, thresholds, pass or fail, charts."""
    vote = load_vote(vote_id)
    if vote.status != "published":
        abort(404)
    return render("votes/result.html", vote=vote, result=vote_results.vote_result(vote))


@bp.get("/<int:vote_id>/record.zip")
@login_required
def record(vote_id):
    """Download the election record as one zip for `deliberation verify`."""
    vote = load_vote(vote_id)
    # A vote in Belenios' format has Belenios ballots: its record is vote-N.bel (views/belenios.py).
    if vote.status != "published" or vote.group_name == "BELENIOS-2048":
        abort(404)
    handle, path = tempfile.mkstemp(suffix=".zip")
    os.close(handle)
    try:
        write_record(vote_tally.record(vote), path)
        with open(path, "rb") as f:
            data = f.read()
    finally:
        os.unlink(path)
    return send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                     download_name=f"vote-{vote.id}-record.zip")

