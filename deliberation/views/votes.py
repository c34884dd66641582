"""Votes: list, set up, freeze, open, close and tally; credentials on slips or revealed once."""
from zoneinfo import ZoneInfo

import segno
from flask import Blueprint, abort, current_app, flash, make_response, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ..domain.vote_rules import election_question, referendum_questions, tally_opens_at
from ..extensions import db
from ..models import Council, Vote, VoteVoter
from ..permissions import can_manage_vote, can_see_vote, can_set_up_votes, ensure, is_auditor, require
from ..services import vote_ceremony, vote_credentials, vote_eligibility, vote_tally, votes
from ..services.votes import VoteError
from ..web import current_community, render
from .vote_forms import RULES, STATUS_NAMES, ReplaceDuringVoteForm, RevokeForm, VoteForm, error_text

bp = Blueprint("votes", __name__, url_prefix="/votes")


@bp.app_context_processor
def vote_names():
    return {"VOTE_STATUS": STATUS_NAMES, "VOTE_RULES": {c.value: c.label for c in RULES}}


def load_vote(vote_id, check=can_see_vote):
    vote = db.session.get(Vote, vote_id) or abort(404)
    return ensure(check, vote)


@bp.get("/")
@login_required
def index():
    """List the votes this person can see, newest first."""
    staff = can_set_up_votes(current_user) or is_auditor(current_user)
    found = votes.votes_for(current_community(), current_user, staff=staff)
    return render("votes/index.html", votes=[v for v in found if can_see_vote(current_user, v)])


def _form(form):
    community = current_community()
    form.scope.choices = ([SelectChoice(0, _("The whole community"))]
                          + [SelectChoice(b.id, b.name) for b in community.buildings])
    councils = db.session.scalars(select(Council).where(Council.community_id == community.id)).all()
    form.council.choices = [SelectChoice(c.id, c.name) for c in councils]
    form.proposal.choices = [SelectChoice(0, "—")] + [SelectChoice(p.id, p.title)
                                                      for p in votes.proposals_to_vote_on(community)]
    return form


def _utc(moment):
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return moment.replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))


@bp.route("/new", methods=["GET", "POST"])
@require(can_set_up_votes)
def new():
    """Set up a vote: questions, electorate, weights, counting rule, trustees and times."""
    form = _form(VoteForm())
    if form.validate_on_submit():
        lines = form.questions.data.splitlines()
        questions = (referendum_questions(lines) if form.kind.data == "referendum"
                     else election_question(form.title.data, lines, form.seats.data or 1))
        try:
            vote = votes.create_vote(
                current_community(), current_user, title=form.title.data, description=form.description.data or "",
                kind=form.kind.data, questions=questions, building_id=form.scope.data or None,
                eligibility=form.eligibility.data, weighting=form.weighting.data, rule=form.rule.data,
                custom_thresholds=form.custom_rows(), council_id=form.council.data, threshold=form.threshold.data,
                opens_at=_utc(form.opens_at.data), closes_at=_utc(form.closes_at.data),
                proposal_id=form.proposal.data or None, group_name=form.group.data)
        except VoteError as error:
            form.form_errors.append(error_text(error))
        else:
            flash(_("Vote saved as a draft. Check it, then freeze the electorate."), "success")
            return redirect(url_for(".show", vote_id=vote.id), 303)
    return render("votes/new.html", form=form), 422 if form.is_submitted() else 200


def _show(vote, status=200, revoke_form=None):
    return render("votes/show.html", "votes/_manage.html", vote=vote, step=vote_ceremony.step(vote),
                  may_manage=can_manage_vote(current_user, vote), me=votes.voter_of(vote, current_user),
                  revoke_form=revoke_form or RevokeForm(),
                  ages=vote_eligibility.age_check(vote) if vote.status == "draft" else None,
                  awaiting=vote_credentials.awaiting_replacement(vote, votes.voter_of(vote, current_user)),
                  tally_from=vote.closed_at and tally_opens_at(vote.closed_at, vote_tally.complaint_hours())), status


@bp.get("/<int:vote_id>")
@login_required
def show(vote_id):
    """Show a vote: what is asked, its rule and electorate, and the next step."""
    return _show(load_vote(vote_id))


ACTIONS = {
    "freeze": (votes.freeze, _l("Electorate frozen: trustees can start the key ceremony.")),
    "open": (votes.open_vote, _l("The vote is open.")),
    "close": (votes.close_vote, _l("The vote is closed.")),
    "tally": (vote_tally.start_tally, _l("The tally is being computed; the trustees are asked to decrypt once it is done.")),
    "restart": (vote_ceremony.restart, _l("The key ceremony starts over.")),
}


@bp.post("/<int:vote_id>/<action>")
@login_required
def act(vote_id, action):
    """Move the vote on: freeze, open, close, tally, or restart the ceremony."""
    if action not in ACTIONS:
        abort(404)
    vote = load_vote(vote_id, can_manage_vote)
    service, message = ACTIONS[action]
    try:
        service(vote, current_user)
    except VoteError as error:
        db.session.rollback()
        flash(error_text(error), "danger")
        return _show(load_vote(vote_id), 422)
    flash(str(message), "success")
    return redirect(url_for(".show", vote_id=vote_id), 303)


def _secret_page(html):
    """Answer with a page that shows secret codes: no cache may keep a copy."""
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response


def _slip(vote, voter, secret):
    link = url_for("ballots.ballot", vote_id=vote.id, _external=True)
    return {"voter": voter, "code": secret, "link": link,
            "qr": segno.make(f"{link}#{secret}", error="m").svg_data_uri(scale=3, border=1)}


@bp.post("/<int:vote_id>/slips")
@login_required
def slips(vote_id):
    """Draw credentials for every voter without one and show the A4 sheet (codes shown only now)."""
    vote = load_vote(vote_id, can_manage_vote)
    try:
        issued = vote_credentials.issue_slips(vote, current_user)
    except VoteError as error:
        db.session.rollback()
        flash(error_text(error), "danger")
        return _show(load_vote(vote_id), 422)
    vote = load_vote(vote_id, can_manage_vote)
    sheet = [_slip(vote, voter, secret) for voter, secret in issued]
    flash(ngettext("%(num)d credential issued.", "%(num)d credentials issued.", len(sheet)), "success")
    return _secret_page(render("votes/slips.html", vote=vote, slips=sheet))


def _replace_page(vote, voter, form, status=200):
    return render("votes/replace.html", vote=vote, voter=voter, form=form,
                  may_reveal=vote_credentials.may_reveal(voter)), status


@bp.route("/<int:vote_id>/voters/<int:voter_id>/replace", methods=["GET", "POST"])
@login_required
def replace(vote_id, voter_id):
    """Revoke a lost credential and issue its replacement: a slip printed now, or a reveal in the account.

    Once the vote is open the page says plainly what follows (the old code's ballots stop
    counting, the voter votes again) and the worker confirms it.
    """
    vote = load_vote(vote_id, can_manage_vote)
    voter = db.session.get(VoteVoter, voter_id)
    if voter is None or voter.vote_id != vote.id:
        abort(404)
    form = ReplaceDuringVoteForm() if vote.status == "open" else RevokeForm()
    if not form.is_submitted():
        return _replace_page(vote, voter, form)
    if not form.validate():
        return _replace_page(vote, voter, form, 422)
    try:
        secret = vote_credentials.revoke_and_reissue(vote, voter, current_user, form.reason.data,
                                                     channel=form.channel.data)
    except VoteError as error:
        db.session.rollback()
        form.form_errors.append(error_text(error))
        return _replace_page(load_vote(vote_id, can_manage_vote), db.session.get(VoteVoter, voter_id), form, 422)
    vote = load_vote(vote_id, can_manage_vote)
    during = vote.status == "open"
    if secret is None:
        flash(_("The old credential is revoked. The resident can now show the new code once on this vote's page, "
                "then vote again.") if during else
              _("The old credential is revoked. The resident can now show the new code once on this vote's page."),
              "success")
        return redirect(url_for(".roll", vote_id=vote_id), 303)
    flash(_("The old credential is revoked; this slip replaces it."), "success")
    return _secret_page(render("votes/slips.html", vote=vote, replacement=during,
                               slips=[_slip(vote, db.session.get(VoteVoter, voter_id), secret)]))


@bp.post("/<int:vote_id>/reveal")
@login_required
def reveal(vote_id):
    """Show the signed-in voter their credential, once."""
    vote = load_vote(vote_id)
    try:
        secret = vote_credentials.reveal(vote, current_user)
    except VoteError as error:
        db.session.rollback()
        flash(error_text(error), "danger")
        return _show(load_vote(vote_id), 422)
    return _secret_page(render("votes/reveal.html", vote=load_vote(vote_id), code=secret))


@bp.get("/<int:vote_id>/roll")
@login_required
def roll(vote_id):
    """List the frozen electorate with credential state (no secrets)."""
    vote = load_vote(vote_id, can_see_vote & (can_manage_vote | is_auditor))
    return render("votes/roll.html", vote=vote, revoke_form=RevokeForm(),
                  may_manage=can_manage_vote(current_user, vote), unreplaced=vote_credentials.unreplaced(vote))
