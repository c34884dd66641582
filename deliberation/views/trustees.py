"""The trustee page: ceremony steps and partial decryption, posted as JSON from the browser or the CLI."""
import json

from flask import Blueprint, abort, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..crypto.canonical import canonical_json
from ..extensions import db
from ..permissions import can_see_vote, is_trustee_of
from ..services import vote_ceremony, vote_tally
from ..services.votes import VoteError
from ..web import render
from .vote_forms import ERRORS, error_text
from .votes import load_vote

bp = Blueprint("trustees", __name__, url_prefix="/votes")

STEPS = {
    "certificate": vote_ceremony.post_certificate,
    "shares": vote_ceremony.post_shares,
    "complaints": vote_ceremony.post_complaints,
    "keycheck": vote_ceremony.post_key_check,
    "partial": vote_tally.post_partial,
}


def _me(vote):
    return next(t for t in vote.trustees if t.user_id == current_user.id)


@bp.get("/<int:vote_id>/trustees.json")
@login_required
def trustees_file(vote_id):
    """Serve the trustees' public data: the published trustees.json, or the ceremony so far."""
    vote = load_vote(vote_id)
    if vote.trustees_json:
        return vote.trustees_json, 200, {"Content-Type": "application/json"}
    if vote.status != "ceremony":
        abort(404)
    return jsonify(uuid=vote.uuid, group=vote.group_name, threshold=vote.threshold,
                   step=vote_ceremony.step(vote), trustees=vote_ceremony.certificates(vote))


@bp.get("/<int:vote_id>/trustee")
@login_required
def page(vote_id):
    """Show the trustee their step: make keys, deal shares, check shares and key, decrypt."""
    vote = load_vote(vote_id, can_see_vote & is_trustee_of)
    return render("votes/trustee.html", "votes/_trustee_step.html", vote=vote, me=_me(vote),
                  step=vote_ceremony.step(vote))


@bp.get("/<int:vote_id>/trustee/messages.json")
@login_required
def messages(vote_id):
    """Serve the share messages addressed to the signed-in trustee."""
    vote = load_vote(vote_id, can_see_vote & is_trustee_of)
    return canonical_json(vote_ceremony.messages_for(vote, _me(vote))), 200, {"Content-Type": "application/json"}


@bp.get("/<int:vote_id>/keycheck/<any(election, tally):part>.json")
@login_required
def keycheck_file(vote_id, part):
    """Serve the key-check election or its one-cell tally, for the trustee to decrypt."""
    vote = load_vote(vote_id, can_see_vote & is_trustee_of)
    if vote_ceremony.step(vote) not in ("checks", "done"):
        abort(404)
    params, tally = vote_ceremony.key_check(vote)
    return canonical_json(params if part == "election" else tally), 200, {"Content-Type": "application/json"}


@bp.post("/<int:vote_id>/trustee/<step>")
@login_required
def post(vote_id, step):
    """Accept one ceremony or decryption step from the signed-in trustee (JSON body, or an uploaded file)."""
    if step not in STEPS:
        abort(404)
    vote = load_vote(vote_id, can_see_vote & is_trustee_of)
    data = request.get_json(silent=True)
    from_form = data is None
    if from_form and "file" in request.files:
        try:
            data = json.loads(request.files["file"].read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            data = None
    if data is None:
        return _answer(vote, from_form, False, "bad_json", str(ERRORS["bad_json"]), 400)
    try:
        STEPS[step](_me(vote), data, current_user)
    except VoteError as error:
        db.session.rollback()
        return _answer(vote, from_form, False, error.code, error_text(error), 422)
    return _answer(vote, from_form, True, "ok", _("Received and checked."), 200)


def _answer(vote, from_form, ok, code, message, status):
    """Answer the page script in JSON; a plain form upload gets the page back with the message."""
    if not from_form:
        return jsonify(ok=ok, code=code, message=message), status
    flash(message, "success" if ok else "danger")
    if ok:
        return redirect(url_for(".page", vote_id=vote.id), 303)
    vote = load_vote(vote.id, can_see_vote & is_trustee_of)
    return render("votes/trustee.html", vote=vote, me=_me(vote), step=vote_ceremony.step(vote)), status
