"""Projects: what accepted proposals became, with milestones, updates, photos, spending and followers."""
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func, select

from ..domain.project_budget import summarise
from ..extensions import db
from ..models import Milestone, Project, ProjectUpdate, Spending, UpdatePhoto
from ..permissions import can_manage_project_progress, can_see_project, ensure
from ..services import projects as project_service
from ..services import uploads
from ..web import current_community, is_htmx, render
from .council_forms import BudgetForm, MilestoneForm, SpendingForm, UpdateForm

bp = Blueprint("projects", __name__, url_prefix="/projects")
# The proposals page shows the whole timeline: {% include "projects/_timeline.html" %} with
# steps=proposal_timeline(proposal).
bp.add_app_template_global(lambda proposal: project_service.timeline(proposal), "proposal_timeline")

ERRORS = {
    "bad_status": _l("The project cannot move to that status from where it is."),
    "already_done": _l("This milestone is already done."),
    "no_text": _l("Write what happened."),
    "too_many_photos": _l("Attach at most 6 photos."),
    "photo_too_large": _l("A photo is larger than 8 MB."),
    "photo_not_image": _l("A file is not a JPEG, PNG or WebP photo."),
    "bad_amount": _l("The amount must be more than zero."),
}


def load_project(project_id, check=can_see_project):
    project = db.session.get(Project, project_id) or abort(404)
    return ensure(check, project)


def _page(project, status=200, **forms):
    updates = db.session.scalars(select(ProjectUpdate).where(ProjectUpdate.project_id == project.id)
                                 .order_by(ProjectUpdate.created_at.desc(), ProjectUpdate.id.desc())).all()
    milestones = db.session.scalars(select(Milestone).where(Milestone.project_id == project.id)
                                    .order_by(Milestone.due_on.is_(None), Milestone.due_on, Milestone.id)).all()
    spending = db.session.scalars(select(Spending).where(Spending.project_id == project.id)
                                  .order_by(Spending.spent_on.desc(), Spending.id.desc())).all()
    context = dict(project=project, updates=updates, milestones=milestones, spending=spending,
                   budget=summarise(project.budget, [s.amount for s in spending]),
                   following=project_service.is_following(project, current_user),
                   steps=project_service.timeline(project.proposal) if project.proposal else [],
                   next_statuses=project_service.NEXT_STATUSES[project.status])
    if can_manage_project_progress(current_user, project):
        context.update(update_form=forms.get("update_form") or UpdateForm(),
                       milestone_form=forms.get("milestone_form") or MilestoneForm(),
                       spending_form=forms.get("spending_form") or SpendingForm(),
                       budget_form=forms.get("budget_form") or BudgetForm(budget=f"{project.budget / 100:.2f}"))
    return render("projects/project.html", **context), status


def _back(project, anchor=None):
    return redirect(url_for(".show", project_id=project.id, _anchor=anchor), 303)


@bp.get("/")
@login_required
def index():
    """List the community's projects that this person can see."""
    projects = db.session.scalars(select(Project).where(Project.community_id == current_community().id)
                                  .order_by(Project.created_at.desc())).all()
    visible = [p for p in projects if can_see_project(current_user, p)]
    spent = dict(db.session.execute(select(Spending.project_id, func.sum(Spending.amount))
                                    .where(Spending.project_id.in_([p.id for p in visible]))
                                    .group_by(Spending.project_id)).all())
    totals = {p.id: int(spent.get(p.id) or 0) for p in visible}
    return render("projects/index.html", projects=visible, totals=totals)


@bp.get("/<int:project_id>")
@login_required
def show(project_id):
    """Show the project: status, budget and spending, milestones, updates and the proposal's timeline."""
    return _page(load_project(project_id))


@bp.post("/<int:project_id>/follow")
@login_required
def follow(project_id):
    """Follow or stop following a project's updates."""
    project = load_project(project_id)
    following = not project_service.is_following(project, current_user)
    project_service.follow(project, current_user, following)
    if is_htmx():
        return render("projects/_follow.html", project=project, following=following)
    return _back(project)


@bp.post("/<int:project_id>/updates")
@login_required
def post_update(project_id):
    """Post a progress update with photos; followers are notified."""
    project = load_project(project_id, can_manage_project_progress)
    form = UpdateForm()
    if form.validate_on_submit():
        try:
            project_service.post_update(project, form.body.data, form.photos.data or [], current_user)
        except project_service.ProjectError as error:
            form.photos.errors.append(ERRORS[error.code])
        else:
            flash(_("Update posted; followers have been told."), "success")
            return _back(project, "updates")
    return _page(project, 422, update_form=form)


@bp.post("/<int:project_id>/milestones")
@login_required
def add_milestone(project_id):
    """Add a milestone to the project's plan."""
    project = load_project(project_id, can_manage_project_progress)
    form = MilestoneForm()
    if form.validate_on_submit():
        project_service.add_milestone(project, form.title.data, form.due_on.data, current_user)
        return _back(project, "milestones")
    return _page(project, 422, milestone_form=form)


@bp.post("/<int:project_id>/milestones/<int:milestone_id>/done")
@login_required
def complete_milestone(project_id, milestone_id):
    """Mark a milestone done; followers are told."""
    project = load_project(project_id, can_manage_project_progress)
    milestone = db.session.get(Milestone, milestone_id)
    if milestone is None or milestone.project_id != project.id:
        abort(404)
    try:
        project_service.complete_milestone(milestone, current_user)
    except project_service.ProjectError as error:
        flash(str(ERRORS[error.code]), "warning")
    return _back(project, "milestones")


@bp.post("/<int:project_id>/spending")
@login_required
def record_spending(project_id):
    """Record money spent (entered in yuan, stored in fen)."""
    project = load_project(project_id, can_manage_project_progress)
    form = SpendingForm()
    if form.validate_on_submit():
        project_service.record_spending(project, form.amount.fen, form.description.data,
                                        form.spent_on.data, current_user)
        flash(_("Spending recorded."), "success")
        return _back(project, "money")
    return _page(project, 422, spending_form=form)


@bp.post("/<int:project_id>/budget")
@login_required
def set_budget(project_id):
    """Set the budget allocated to the project (yuan in the form, fen in the record)."""
    project = load_project(project_id, can_manage_project_progress)
    form = BudgetForm()
    if form.validate_on_submit():
        project_service.set_budget(project, form.budget.fen, current_user)
        flash(_("Budget saved."), "success")
        return _back(project, "money")
    return _page(project, 422, budget_form=form)


@bp.post("/<int:project_id>/status")
@login_required
def set_status(project_id):
    """Start, complete or cancel the project (its proposal follows)."""
    project = load_project(project_id, can_manage_project_progress)
    try:
        project_service.set_status(project, request.form.get("status", ""), current_user)
        flash(_("Project status updated."), "success")
    except project_service.ProjectError as error:
        flash(str(ERRORS[error.code]), "warning")
    return _back(project)


@bp.get("/photos/<name>")
@login_required
def photo(name):
    """Serve an update's photo to those who may see its project."""
    stored = db.session.scalar(select(UpdatePhoto).where(UpdatePhoto.name == name)) or abort(404)
    update = db.session.get(ProjectUpdate, stored.update_id)
    load_project(update.project_id)
    return uploads.send_image(project_service.PHOTO_KIND, stored.name)
