"""Runoffs of council elections: from a result with tied seats, set up the election that fills them."""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from ..extensions import db
from ..permissions import can_manage_vote
from ..services import vote_results, vote_runoffs
from ..services.votes import VoteError
from ..web import render
from .vote_forms import error_text
from .votes import _utc, load_vote

bp = Blueprint("runoffs", __name__, url_prefix="/votes")

RUNOFF_ERRORS = {
    "no_tie": _l("This election has no tied seats to fill: there is nothing to run off."),
    "runoff_exists": _l("A runoff for this election already exists."),
}


class RunoffForm(FlaskForm):
    title = StringField(_l("Title of the runoff"), validators=[DataRequired(), Length(max=200)])
    # InputRequired, not DataRequired: a time that cannot be read says so, rather than "required".
    opens_at = DateTimeLocalField(_l("Opens"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    closes_at = DateTimeLocalField(_l("Closes"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])


def new_runoff_form(vote):
    """Return the runoff form filled in: opening in a week at 9:00, lasting as long as the first election."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    opens = datetime.combine(datetime.now(zone).date() + timedelta(days=7), time(9, 0))
    lasted = max(vote.closes_at - vote.opens_at, timedelta(hours=1))
    return RunoffForm(formdata=None, data={"title": _("%(title)s: runoff for the tied seats", title=vote.title),
                                           "opens_at": opens, "closes_at": opens + lasted})


@bp.app_context_processor
def runoff_helpers():
    return {"new_runoff_form": new_runoff_form, "runoffs_of": vote_runoffs.runoffs_of}


@bp.post("/<int:vote_id>/runoff")
@login_required
def create(vote_id):
    """Open a runoff: a draft election among exactly the tied candidates, for the seats left empty."""
    vote = load_vote(vote_id, can_manage_vote)
    if vote.status != "published":
        abort(404)
    form = RunoffForm()
    if form.validate_on_submit():
        try:
            runoff = vote_runoffs.open_runoff(vote, current_user, title=form.title.data.strip(),
                                              opens_at=_utc(form.opens_at.data), closes_at=_utc(form.closes_at.data))
        except VoteError as error:
            db.session.rollback()
            form.form_errors.append(str(RUNOFF_ERRORS[error.code]) if error.code in RUNOFF_ERRORS
                                    else error_text(error))
        else:
            flash(_("Runoff saved as a draft. Check it, then freeze the electorate."), "success")
            return redirect(url_for("votes.show", vote_id=runoff.id), 303)
    vote = load_vote(vote_id, can_manage_vote)
    return render("votes/result.html", vote=vote, result=vote_results.vote_result(vote), runoff_form=form), 422
