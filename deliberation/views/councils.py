"""Councils: their members and terms, counting rules, and scheduling meetings."""
from datetime import date, datetime

from flask import Blueprint, abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice
from zoneinfo import ZoneInfo

from ..extensions import db
from ..models import Building, Council, CouncilMember, Decision, Household, Meeting, User
from ..permissions import (can_appoint_council_members, can_schedule_meeting, can_see_council, ensure, is_worker,
                           require)
from ..services import councils as council_service
from ..services import meetings as meeting_service
from ..web import current_community, render
from . import council_display
from .council_forms import AppointForm, CouncilForm, MeetingForm, RuleForm

bp = Blueprint("councils", __name__, url_prefix="/councils")
council_display.init(bp)

ERRORS = {
    "bad_rule": _l("Choose one of the rules."),
    "bad_building": _l("Choose a building of this community."),
    "bad_threshold": _l("A custom rule needs a percentage from 1 to 100."),
    "bad_quorum": _l("The quorum is a percentage from 0 to 99."),
    "bad_role": _l("Choose one of the roles."),
    "not_resident": _l("Only verified residents of this community can sit on its council."),
    "bad_term": _l("The term cannot end before it starts."),
    "already_member": _l("This resident already sits on the council."),
    "role_taken": _l("The council already has someone in that role: end their term first."),
    "not_current": _l("This member's term has already ended."),
    "proposal_not_on_agenda": _l("One of the proposals is no longer waiting for a council."),
    "empty_agenda": _l("Put at least one proposal or one other item on the agenda."),
}


def load_council(council_id, check=can_see_council):
    council = db.session.get(Council, council_id) or abort(404)
    return ensure(check, council)


def _residents(council):
    query = (select(User).where(User.community_id == council.community_id, User.status == "verified",
                                User.household_id.is_not(None)).order_by(User.name)
             .options(selectinload(User.household).selectinload(Household.building)))
    people = db.session.scalars(query).all()
    if council.building_id is not None:
        people = [p for p in people if p.building_id == council.building_id]
    return people


def _appoint_form(council):
    form = AppointForm(prefix="appoint")
    form.user_id.choices = [SelectChoice(p.id, f"{p.name} · {p.household.address}") for p in _residents(council)]
    if not form.is_submitted():
        form.term_start.data = date.today()
    return form


def _page(council, appoint=None, rule=None, status=200):
    today = date.today()
    meetings = db.session.scalars(select(Meeting).where(Meeting.council_id == council.id)
                                  .order_by(Meeting.scheduled_at.desc())).all()
    decisions = db.session.scalars(select(Decision).where(Decision.council_id == council.id)
                                   .order_by(Decision.published_at.desc())).all()
    rule = rule or RuleForm(prefix="rule", obj=council)
    context = dict(council=council, current=council.current_members(today),
                   past=[m for m in council.members if not m.is_current(today)], meetings=meetings,
                   decisions=decisions, today=today, rule_form=rule)
    if can_appoint_council_members(current_user, council):
        context["appoint_form"] = appoint or _appoint_form(council)
    return render("councils/council.html", **context), status


def _council_form():
    form = CouncilForm(prefix="council")
    buildings = db.session.scalars(select(Building).where(Building.community_id == current_community().id)
                                   .order_by(Building.sort_key)).all()
    form.building_id.choices = [SelectChoice(0, _l("Whole community"))] + [
        SelectChoice(b.id, b.name) for b in buildings]
    return form


def _index(form=None, status=200):
    councils = db.session.scalars(select(Council).where(Council.community_id == current_community().id)
                                  .order_by(Council.building_id.is_not(None), Council.id)).all()
    visible = [c for c in councils if can_see_council(current_user, c)]
    if is_worker(current_user):
        form = form or _council_form()
    return render("councils/index.html", councils=visible, today=date.today(), form=form), status


@bp.get("/")
@login_required
def index():
    """List the councils this person can see."""
    return _index()


@bp.post("/")
@require(is_worker)
def create():
    """Set up a community or building council (community workers only)."""
    form = _council_form()
    if form.validate_on_submit():
        building = db.session.get(Building, form.building_id.data) if form.building_id.data else None
        try:
            council = council_service.create_council(current_community(), form.name.data, current_user,
                                                     building, form.rule.data)
        except council_service.CouncilError as error:
            form.building_id.errors.append(ERRORS[error.code])
        else:
            flash(_("Council created: now appoint its members."), "success")
            return redirect(url_for(".show", council_id=council.id), 303)
    return _index(form, 422)


@bp.get("/<int:council_id>")
@login_required
def show(council_id):
    """Show a council: members now and before, its rule, meetings and decisions."""
    return _page(load_council(council_id))


@bp.post("/<int:council_id>/members")
@login_required
def appoint(council_id):
    """Appoint a resident to the council (community workers only)."""
    council = load_council(council_id, can_appoint_council_members)
    form = _appoint_form(council)
    if form.validate_on_submit():
        try:
            council_service.appoint_member(council, db.session.get(User, form.user_id.data), form.role.data,
                                           form.term_start.data, form.term_end.data, current_user)
        except council_service.CouncilError as error:
            form.user_id.errors.append(ERRORS[error.code])
        else:
            flash(_("Member appointed."), "success")
            return redirect(url_for(".show", council_id=council.id), 303)
    return _page(council, appoint=form, status=422)


@bp.post("/<int:council_id>/members/<int:member_id>/end")
@login_required
def end_term(council_id, member_id):
    """End a member's term now; they stay in the council's record."""
    council = load_council(council_id, can_appoint_council_members)
    member = db.session.get(CouncilMember, member_id)
    if member is None or member.council_id != council.id:
        abort(404)
    try:
        council_service.end_term(member, current_user)
        flash(_("The term of %(name)s has ended.", name=member.user.name), "success")
    except council_service.CouncilError as error:
        flash(str(ERRORS[error.code]), "warning")
    return redirect(url_for(".show", council_id=council.id), 303)


@bp.post("/<int:council_id>/rule")
@login_required
def set_rule(council_id):
    """Change how the council counts roll calls (community workers only)."""
    council = load_council(council_id, can_appoint_council_members)
    form = RuleForm(prefix="rule")
    if form.validate_on_submit():
        try:
            council_service.set_rule(council, form.rule.data, form.quorum_percent.data,
                                     form.threshold_percent.data, current_user)
        except council_service.CouncilError as error:
            form.rule.errors.append(ERRORS[error.code])
        else:
            flash(_("Counting rule saved."), "success")
            return redirect(url_for(".show", council_id=council.id), 303)
    return _page(council, rule=form, status=422)


def _zone():
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _local_to_utc(moment):
    # The form speaks the community's local time; the database keeps UTC.
    return moment.replace(tzinfo=_zone()).astimezone(ZoneInfo("UTC"))


@bp.route("/<int:council_id>/meetings/new", methods=["GET", "POST"])
@login_required
def schedule_meeting(council_id):
    """Schedule a meeting with proposals from the agenda queue and free items (the chair)."""
    council = load_council(council_id, can_schedule_meeting)
    form = MeetingForm()
    candidates = meeting_service.agenda_candidates(council)
    form.proposals.choices = [SelectChoice(p.id, p.title) for p in candidates]
    if form.validate_on_submit():
        try:
            meeting = meeting_service.schedule_meeting(
                council, form.title.data, _local_to_utc(form.scheduled_at.data), form.location.data or "",
                form.proposals.data or [], (form.free_items.data or "").splitlines(), current_user)
        except meeting_service.MeetingError as error:
            form.free_items.errors.append(ERRORS[error.code])
        else:
            flash(_("Meeting scheduled; members and residents have been told."), "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id), 303)
    elif form.scheduled_at.data is None and not form.is_submitted():
        # Councils usually meet in the evening, when residents are home.
        form.scheduled_at.data = datetime.now(_zone()).replace(hour=19, minute=0, second=0, microsecond=0,
                                                               tzinfo=None)
    status = 422 if form.is_submitted() else 200
    return render("councils/schedule.html", council=council, form=form), status
