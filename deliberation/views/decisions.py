"""Published decisions: the public notice, its printable sheet, objections and answers, taking effect."""
import segno
from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..domain.notice_period import is_open, status, why_not_effective
from ..extensions import db
from ..models import Decision, Objection
from ..models.base import utcnow
from ..permissions import (can_answer_objection, can_publish_decision, can_see_decision, ensure,
                           is_in_decision_scope)
from ..services import decisions as decision_service
from ..web import current_community, is_htmx, render
from .council_forms import AnswerForm, ObjectionForm, PublishForm
from .meetings import item_context, load_item, render_item

bp = Blueprint("decisions", __name__, url_prefix="/decisions")

ERRORS = {
    "no_roll_call": _l("Record the roll call before publishing a decision."),
    "no_quorum": _l("The meeting had no quorum: nothing was decided on this item."),
    "bad_effect": _l("That effect does not match the outcome of the roll call."),
    "no_proposal": _l("This item has no proposal to accept, reject or put to a vote."),
    "already_published": _l("A decision on this item is already published."),
    "bad_notice_days": _l("The public-notice period lasts 1 to 60 days."),
    "notice_closed": _l("The public-notice period has ended: objections are no longer accepted."),
    "no_reasons": _l("Give the reasons for your objection."),
    "already_answered": _l("This objection has already been answered."),
    "no_answer": _l("Write the council's answer."),
    "effective": _l("The decision is already in effect."),
    "notice_open": _l("The decision can take effect only after the public-notice period."),
    "unanswered": _l("Every objection must be answered before the decision takes effect."),
}


def load_decision(decision_id):
    # Objections and their authors in one query each: a contested notice may draw hundreds.
    decision = db.session.get(Decision, decision_id, options=[
        selectinload(Decision.objections).selectinload(Objection.author)]) or abort(404)
    return ensure(can_see_decision, decision)


def _objections_context(decision, form=None, answer_forms=None, now=None):
    now = now or utcnow()
    may_object = (is_in_decision_scope(current_user, decision) and decision.took_effect_at is None
                  and is_open(now, decision.published_at, decision.notice_ends_at))
    may_answer = can_answer_objection(current_user, decision.council)
    answer_forms = answer_forms or {}
    if may_answer:
        for o in decision.unanswered:
            answer_forms.setdefault(o.id, AnswerForm(prefix=f"answer{o.id}"))
    return {"decision": decision, "may_object": may_object, "may_answer": may_answer,
            "form": form or ObjectionForm(), "answer_forms": answer_forms}


def _page(decision, status_code=200, **overrides):
    now = utcnow()
    context = _objections_context(decision, now=now, **overrides)
    context.update(
        state=status(now, decision.notice_ends_at, len(decision.unanswered), decision.took_effect_at),
        blocker=why_not_effective(now, decision.notice_ends_at, len(decision.unanswered),
                                  decision.took_effect_at is not None),
        may_enact=can_publish_decision(current_user, decision.council))
    return render("decisions/decision.html", "decisions/_objections.html", **context), status_code


@bp.get("/")
@login_required
def index():
    """List the decisions of the councils this person can see, newest first."""
    community = current_community()
    query = select(Decision).where(Decision.community_id == community.id).options(
        selectinload(Decision.objections), selectinload(Decision.council))
    if not current_user.has_role("worker") and not current_user.has_role("auditor"):
        query = query.where(or_(Decision.building_id.is_(None), Decision.building_id == current_user.building_id))
    decisions = [d for d in db.session.scalars(query.order_by(Decision.published_at.desc()))
                 if can_see_decision(current_user, d)]
    now = utcnow()
    states = {d.id: status(now, d.notice_ends_at, len(d.unanswered), d.took_effect_at) for d in decisions}
    return render("decisions/index.html", decisions=decisions, states=states)


@bp.get("/<int:decision_id>")
@login_required
def show(decision_id):
    """Show the decision and its notice; a decision that is due takes effect on being viewed."""
    decision = load_decision(decision_id)
    if decision_service.settle(decision):
        decision = load_decision(decision_id)
    return _page(decision)


@bp.get("/<int:decision_id>/print")
@login_required
def print_notice(decision_id):
    """Show the A4 public notice (公示) with a QR code to the online page."""
    decision = load_decision(decision_id)
    link = url_for(".show", decision_id=decision.id, _external=True)
    qr = segno.make(link, error="m").svg_data_uri(scale=4, border=1)
    return render("decisions/print.html", decision=decision, link=link, qr=qr)


@bp.post("/items/<int:item_id>/publish")
@login_required
def publish(item_id):
    """Publish the decision on an agenda item (the chair or secretary of the council)."""
    item = load_item(item_id, can_publish_decision)
    form = PublishForm(prefix=f"item{item.id}")
    if form.validate_on_submit():
        try:
            decision = decision_service.publish(item, form.title.data, form.text.data, form.effect.data,
                                                current_user, notice_days=form.notice_days.data)
        except decision_service.DecisionError as error:
            form.effect.errors.append(ERRORS[error.code])
        else:
            flash(_("Decision published; the public-notice period has started."), "success")
            return redirect(url_for(".show", decision_id=decision.id), 303)
    context = item_context(item)
    context["publish_form"] = form
    return render_item(item, context, 422)


@bp.post("/<int:decision_id>/objections")
@login_required
def object_to(decision_id):
    """File an objection: residents in the decision's scope, during the notice period."""
    decision = load_decision(decision_id)
    ensure(is_in_decision_scope, decision)
    form = ObjectionForm()
    if form.validate_on_submit():
        try:
            decision_service.file_objection(decision, current_user, form.reasons.data)
        except decision_service.DecisionError as error:
            form.reasons.errors.append(ERRORS[error.code])
        else:
            if is_htmx():
                return _page(load_decision(decision_id))
            flash(_("Your objection is filed; the council will answer it publicly."), "success")
            return redirect(url_for(".show", decision_id=decision.id, _anchor="objections"), 303)
    return _page(decision, 422, form=form)


@bp.post("/objections/<int:objection_id>/answer")
@login_required
def answer(objection_id):
    """Answer an objection publicly (the chair or secretary of the council)."""
    objection = db.session.get(Objection, objection_id) or abort(404)
    decision = load_decision(objection.decision_id)
    ensure(can_answer_objection, decision.council)
    form = AnswerForm(prefix=f"answer{objection.id}")
    if form.validate_on_submit():
        try:
            decision_service.answer_objection(objection, form.answer.data, current_user)
        except decision_service.DecisionError as error:
            form.answer.errors.append(ERRORS[error.code])
        else:
            if is_htmx():
                return _page(load_decision(decision.id))
            flash(_("Answer published."), "success")
            return redirect(url_for(".show", decision_id=decision.id, _anchor="objections"), 303)
    return _page(decision, 422, answer_forms={objection.id: form})


@bp.post("/<int:decision_id>/take-effect")
@login_required
def take_effect(decision_id):
    """Put the decision into effect once the notice period is over and every objection answered."""
    decision = load_decision(decision_id)
    ensure(can_publish_decision, decision.council)
    try:
        decision_service.take_effect(decision, current_user)
        flash(_("The decision is in effect."), "success")
    except decision_service.DecisionError as error:
        flash(str(ERRORS[error.code]), "warning")
    return redirect(url_for(".show", decision_id=decision.id), 303)


@bp.cli.command("settle")
def settle_command():
    """Put into effect every decision whose notice period is over and whose objections are answered."""
    count = decision_service.settle_due()
    print(f"{count} decision(s) took effect")
