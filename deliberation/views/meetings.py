"""Council meetings: the agenda, attendance and quorum, minutes, and a roll call per item."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from ..extensions import db
from ..models import AgendaItem, Decision, Meeting
from ..permissions import can_record_meeting, can_see_council, ensure
from ..services import meetings as meeting_service
from ..web import is_htmx, render
from .council_forms import MinutesForm, PublishForm

bp = Blueprint("meetings", __name__, url_prefix="/councils/meetings")

ERRORS = {
    "attendance_locked": _l("Attendance is fixed once a roll call has been taken."),
    "not_a_member": _l("Only current members can be marked present."),
    "no_attendance": _l("Record the attendance first: only members present vote."),
    "already_published": _l("A decision on this item is published; its roll call can no longer change."),
    "everyone_present_votes": _l("Give the vote of every member present."),
    "bad_choice": _l("Choose yes, no, abstain or recused for every member present."),
    "recusal_needs_reason": _l("A member who recuses must declare the conflict of interest."),
}


def load_meeting(meeting_id, check=can_see_council):
    meeting = db.session.get(Meeting, meeting_id) or abort(404)
    ensure(check, meeting.council)
    return meeting


def load_item(item_id, check):
    item = db.session.get(AgendaItem, item_id) or abort(404)
    ensure(check, item.meeting.council)
    return item


def item_context(item, errors=None, choices=None):
    decision = db.session.scalar(select(Decision).where(Decision.item_id == item.id))
    form = None
    if item.outcome in ("adopted", "rejected") and decision is None:
        form = PublishForm(prefix=f"item{item.id}", title=item.title,
                           effect="accept" if item.outcome == "adopted" and item.proposal_id else
                           ("reject" if item.proposal_id else "none"))
    return {"item": item, "decision": decision, "errors": errors or [], "publish_form": form,
            "tally": meeting_service.tally(item) if item.votes else None,
            "choices": choices or {v.member_id: (v.choice, v.conflict) for v in item.votes},
            "present": [a.member for a in item.meeting.attendance if a.present]}


def render_meeting(meeting, status=200, item_contexts=None, minutes_form=None):
    """Render the meeting page; item_contexts replace items' default context (to show errors)."""
    item_contexts = item_contexts or {}
    quorum = meeting_service.attendance_quorum(meeting) if meeting.attendance else None
    members = meeting.council.current_members(meeting.scheduled_at.date())
    items = [item_contexts.get(i.id) or item_context(i) for i in meeting.items]
    return render("councils/meeting.html", meeting=meeting, quorum=quorum, members=members,
                  present=meeting.present_member_ids(), items=items,
                  attendance_locked=any(i.votes for i in meeting.items),
                  minutes_form=minutes_form or MinutesForm(minutes=meeting.minutes)), status


def render_item(item, context, status=200):
    """Answer htmx with the item alone, anyone else with the whole meeting page."""
    if is_htmx():
        return render_template("councils/_item.html", **context), status
    return render_meeting(item.meeting, status, {item.id: context})


@bp.get("/<int:meeting_id>")
@login_required
def show(meeting_id):
    """Show the meeting: agenda, attendance with quorum, minutes and roll calls."""
    return render_meeting(load_meeting(meeting_id))


@bp.post("/<int:meeting_id>/attendance")
@login_required
def record_attendance(meeting_id):
    """Record who attended (the chair or secretary of this council)."""
    meeting = load_meeting(meeting_id, can_record_meeting)
    try:
        present = {int(v) for v in request.form.getlist("present")}
    except ValueError:
        abort(400)
    try:
        meeting_service.record_attendance(meeting, present, current_user)
        flash(_("Attendance recorded."), "success")
    except meeting_service.MeetingError as error:
        flash(str(ERRORS[error.code]), "warning")
    return redirect(url_for(".show", meeting_id=meeting.id, _anchor="attendance"), 303)


@bp.post("/<int:meeting_id>/minutes")
@login_required
def save_minutes(meeting_id):
    """Save the minutes (Markdown), by the chair or secretary of this council."""
    meeting = load_meeting(meeting_id, can_record_meeting)
    form = MinutesForm()
    if not form.validate_on_submit():
        return render_meeting(meeting, 422, minutes_form=form)
    meeting_service.save_minutes(meeting, form.minutes.data or "", current_user)
    flash(_("Minutes saved."), "success")
    return redirect(url_for(".show", meeting_id=meeting.id, _anchor="minutes"), 303)


@bp.post("/items/<int:item_id>/roll-call")
@login_required
def roll_call(item_id):
    """Record the roll call on one item and show its outcome under the council's rule."""
    item = load_item(item_id, can_record_meeting)
    choices = {}
    for member in (a.member for a in item.meeting.attendance if a.present):
        choices[member.id] = (request.form.get(f"choice-{member.id}", ""),
                              request.form.get(f"conflict-{member.id}", "")[:1000])
    try:
        meeting_service.record_roll_call(item, choices, current_user)
    except meeting_service.MeetingError as error:
        context = item_context(item, errors=[ERRORS[error.code]], choices=choices)
        return render_item(item, context, 422)
    if is_htmx():
        return render_item(item, item_context(item))
    flash(_("Roll call recorded."), "success")
    return redirect(url_for(".show", meeting_id=item.meeting_id, _anchor=f"item-{item.id}"), 303)
