"""Co-building: volunteer tasks and pledges on projects, and the time bank (时间银行)."""
from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..domain import timebank_chart
from ..domain.booking_rules import RuleBroken
from ..extensions import db
from ..models import Pledge, Project, TaskSignup, VolunteerTask
from ..models.base import utcnow
from ..permissions import (can_contribute_to_project, can_manage_sharing, can_organise_project, ensure, in_community,
                           require)
from ..services import exports
from ..services import pledges as pledge_service
from ..services import timebank
from ..services.bookings import local_zone
from ..web import current_community, render
from .bookings import csv_response
from .sharing_forms import (PLEDGE_KINDS, PLEDGE_STATUS, SIGNUP_STATUS, ConfirmForm, PledgeForm, TaskForm, hour_choices,
                            rule_message)

bp = Blueprint("volunteering", __name__)


def _project(project_id, check=lambda user, p: in_community(user, p.community_id)):
    project = db.session.get(Project, project_id) or abort(404)
    return ensure(check, project)


def _task_form():
    form = TaskForm()
    form.planned_minutes.choices = hour_choices()
    return form


def _volunteer_page(project, form=None, status=200, error=None):
    return render("sharing/project_volunteer.html", project=project, tasks=timebank.tasks_of(project.id),
                  form=form or _task_form(), confirm_form=_confirm_form(), error=error,
                  SIGNUP_STATUS=SIGNUP_STATUS, now=utcnow()), status


def _confirm_form():
    form = ConfirmForm()
    form.minutes.choices = hour_choices()
    return form


@bp.get("/projects/<int:project_id>/volunteer")
@login_required
def tasks(project_id):
    """Show the project's volunteer tasks; organisers also post tasks and confirm hours here."""
    return _volunteer_page(_project(project_id))


@bp.post("/projects/<int:project_id>/tasks")
@login_required
def create_task(project_id):
    """Post a volunteer task on the project."""
    project = _project(project_id, can_organise_project)
    form = _task_form()
    if not form.validate_on_submit():
        return _volunteer_page(project, form, 422)
    starts_at = form.starts_at.data.replace(tzinfo=local_zone())
    timebank.create_task(project, current_user, form.title.data.strip(), starts_at, form.planned_minutes.data,
                         form.people_needed.data, form.place.data or "", form.skills.data or "",
                         form.description.data or "")
    flash(_("Task posted."), "success")
    return redirect(url_for("volunteering.tasks", project_id=project.id), 303)


def _task(task_id):
    task = db.session.get(VolunteerTask, task_id) or abort(404)
    _project(task.project_id, can_contribute_to_project)
    return task


@bp.post("/tasks/<int:task_id>/signup")
@login_required
def sign_up(task_id):
    """Sign up for a volunteer task."""
    task = _task(task_id)
    project_id = task.project_id
    try:
        timebank.sign_up(task.id, current_user)
        flash(_("Thank you! You are signed up."), "success")
    except RuleBroken as broken:
        return _volunteer_page(db.session.get(Project, project_id), status=422, error=rule_message(broken))
    return redirect(url_for("volunteering.tasks", project_id=project_id), 303)


def _signup(signup_id):
    signup = db.session.get(TaskSignup, signup_id) or abort(404)
    _project(signup.task.project_id)
    return signup


@bp.post("/signups/<int:signup_id>/withdraw")
@login_required
def withdraw(signup_id):
    """Withdraw one's own sign-up."""
    signup = _signup(signup_id)
    if signup.user_id != current_user.id:
        abort(404)
    try:
        timebank.withdraw(signup, current_user)
        flash(_("You are no longer signed up."), "success")
    except RuleBroken as broken:
        flash(rule_message(broken), "warning")
    return redirect(url_for("volunteering.tasks", project_id=signup.task.project_id), 303)


@bp.post("/signups/<int:signup_id>/confirm")
@login_required
def confirm(signup_id):
    """Confirm a volunteer's attendance and hours; the hours go into the time bank."""
    signup = _signup(signup_id)
    project = _project(signup.task.project_id, can_organise_project)
    form = _confirm_form()
    if not form.validate_on_submit():
        return _volunteer_page(project, status=422, error=_("Choose how many hours the volunteer gave."))
    try:
        timebank.confirm(signup, current_user, form.attended.data == "1", form.minutes.data)
        flash(_("Attendance of %(name)s recorded.", name=signup.user.name), "success")
    except RuleBroken as broken:
        return _volunteer_page(project, status=422, error=rule_message(broken))
    return redirect(url_for("volunteering.tasks", project_id=project.id), 303)


def _pledge_page(project, form=None, status=200):
    items, summary = pledge_service.of_project(project.id)
    return render("sharing/project_pledges.html", project=project, pledges=items, summary=summary,
                  form=form or PledgeForm(), PLEDGE_STATUS=PLEDGE_STATUS, PLEDGE_KINDS=PLEDGE_KINDS), status


@bp.get("/projects/<int:project_id>/pledges")
@login_required
def pledges(project_id):
    """Show the pledges of money and materials to the project, and what has been received."""
    return _pledge_page(_project(project_id))


@bp.post("/projects/<int:project_id>/pledges")
@login_required
def pledge(project_id):
    """Pledge money or materials to the project."""
    project = _project(project_id, can_contribute_to_project)
    form = PledgeForm()
    if not form.validate_on_submit():
        return _pledge_page(project, form, 422)
    pledge_service.pledge(project, current_user, form.kind.data, form.fen(), form.description.data or "")
    flash(_("Thank you for your pledge."), "success")
    return redirect(url_for("volunteering.pledges", project_id=project.id), 303)


@bp.post("/pledges/<int:pledge_id>/fulfil", defaults={"action": "fulfil"})
@bp.post("/pledges/<int:pledge_id>/withdraw", defaults={"action": "withdraw"})
@login_required
def change_pledge(pledge_id, action):
    """Mark a pledge received (organisers) or withdraw one's own pledge."""
    item = db.session.get(Pledge, pledge_id) or abort(404)
    project = _project(item.project_id)
    try:
        if action == "fulfil":
            ensure(can_organise_project, project)
            pledge_service.fulfil(item, current_user)
        else:
            if item.user_id != current_user.id:
                abort(404)
            pledge_service.withdraw(item, current_user)
    except RuleBroken as broken:
        flash(rule_message(broken), "warning")
    return redirect(url_for("volunteering.pledges", project_id=project.id), 303)


@bp.get("/timebank/me")
@login_required
def my_ledger():
    """Show the signed-in volunteer's time bank ledger and balance."""
    entries, balance = timebank.ledger(current_user.id)
    return render("sharing/timebank_me.html", entries=entries, balance=balance)


@bp.get("/timebank")
@login_required
def community_totals():
    """Show the community's volunteer hours by building and by month, with an SVG chart."""
    buildings, months, total = timebank.totals(current_community().id)
    today = utcnow().astimezone(local_zone()).date()
    bars, ceiling = timebank_chart.bars(timebank_chart.last_months(dict(months), today))
    return render("sharing/timebank.html", buildings=buildings, months=months, total=total, bars=bars,
                  ceiling=ceiling)


@bp.get("/timebank/hours.csv")
@require(can_manage_sharing)
def export_hours():
    """Download the time bank ledger as CSV."""
    header = [_("No."), _("Volunteer"), _("Building"), _("Date"), _("Minutes"), _("Task"), _("Recorded")]
    return csv_response(exports.hours(current_community().id, header), "volunteer-hours.csv")


@bp.get("/pledges.csv")
@require(can_manage_sharing)
def export_pledges():
    """Download every pledge to the community's projects as CSV."""
    header = [_("No."), _("Project"), _("Resident"), _("Kind"), _("Amount (yuan)"), _("What"), _("Status"),
              _("Pledged on"), _("Handed over on")]
    labels = {code: str(name) for code, name in {**PLEDGE_KINDS, **PLEDGE_STATUS}.items()}
    return csv_response(exports.pledges(current_community().id, header, labels), "pledges.csv")
