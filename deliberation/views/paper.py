"""Paper ballots: batches typed in twice by two workers, published per batch."""
import json

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..permissions import can_enter_paper_ballots, can_see_vote
from ..services import vote_paper
from ..services.votes import VoteError
from ..web import render
from .vote_forms import PAPER_LINE_ERRORS, PaperForm, error_text
from .votes import load_vote

bp = Blueprint("paper", __name__, url_prefix="/votes")


def _page(vote, form=None, status=200, line_errors=()):
    batches = vote_paper.batches(vote)
    # Published per batch: the counts only; who voted how stays on the paper.
    accepted = {b.id: dict(json.loads(b.counts_json), ballots=len(json.loads(b.ballots_json)))
                for b in batches if b.status == "accepted"}
    return render("votes/paper.html", vote=vote, batches=batches, accepted=accepted, form=form or PaperForm(),
                  may_enter=can_enter_paper_ballots(current_user, vote), line_errors=line_errors), status


@bp.get("/<int:vote_id>/paper")
@login_required
def index(vote_id):
    """List the paper batches and what each accepted one holds."""
    return _page(load_vote(vote_id))


@bp.post("/<int:vote_id>/paper")
@login_required
def enter(vote_id):
    """Enter a batch; it is accepted when a second worker's entry agrees."""
    vote = load_vote(vote_id, can_see_vote & can_enter_paper_ballots)
    form = PaperForm()
    if not form.validate_on_submit():
        return _page(vote, form, 422)
    try:
        batch = vote_paper.enter_batch(vote, current_user, form.label.data, form.ballots.data)
    except VoteError as error:
        db.session.rollback()
        form.ballots.errors.append(error_text(error))
        lines = [(n, PAPER_LINE_ERRORS[code]) for n, code in error.params.get("errors", [])]
        return _page(load_vote(vote_id), form, 422, lines)
    if batch.status == "accepted":
        flash(_("Both entries agree: batch %(label)s is accepted and published.", label=batch.label), "success")
    elif batch.status == "mismatch":
        flash(_("The two entries of batch %(label)s differ: both were discarded; enter it again, twice.",
                label=batch.label), "danger")
    else:
        flash(_("First entry saved. A different worker now enters batch %(label)s again.", label=batch.label),
              "success")
    return redirect(url_for(".index", vote_id=vote_id), 303)
