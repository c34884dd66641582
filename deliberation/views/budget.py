"""Budget cycles: the list, opening a cycle, its page of candidates, phases, review, import and downloads."""
from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ..extensions import db
from ..models import Building, BudgetCycle, BudgetProject, ProposalImage
from ..permissions import can_manage_cycle, can_run_budgets, can_see_cycle, ensure, is_auditor, require
from ..services import budget as budget_service
from ..services import budget_ballots, budget_pabulib
from ..services.budget import BudgetError
from ..web import current_community, render
from .budget_forms import (BALLOT_NAMES, PHASE_NAMES, RULE_NAMES, STAGE_NAMES, CycleForm, ImportForm, ReviewForm,
                           error_text, parse_yuan)

bp = Blueprint("budget", __name__, url_prefix="/budget")


@bp.app_context_processor
def budget_names():
    return {"BUDGET_PHASES": PHASE_NAMES, "BUDGET_BALLOTS": BALLOT_NAMES, "BUDGET_RULES": RULE_NAMES,
            "BUDGET_STAGES": STAGE_NAMES}


def load_cycle(cycle_id, check=can_see_cycle):
    cycle = db.session.get(BudgetCycle, cycle_id) or abort(404)
    return ensure(check, cycle)


def photos_of(cycle):
    """Return the first image of each candidate's proposal, by proposal id."""
    ids = [p.proposal_id for p in cycle.projects if p.proposal_id]
    found = {}
    for image in db.session.execute(select(ProposalImage).where(ProposalImage.proposal_id.in_(ids))
                                    .order_by(ProposalImage.position)).scalars():
        found.setdefault(image.proposal_id, image)
    return found


@bp.get("/")
@login_required
def index():
    """List the budget cycles this person can see, newest first."""
    staff = can_run_budgets(current_user) or is_auditor(current_user)
    cycles = budget_service.cycles_for(current_user.community_id, current_user.building_id, staff)
    return render("budget/index.html", cycles=[c for c in cycles if can_see_cycle(current_user, c)])


def _cycle_form():
    form = CycleForm()
    buildings = db.session.execute(select(Building).where(Building.community_id == current_community().id)
                                   .order_by(Building.sort_key)).scalars().all()
    form.building_id.choices = [SelectChoice(0, _("The whole community"))] + [
        SelectChoice(b.id, _("Residents of %(building)s only", building=b.name)) for b in buildings]
    return form


@bp.route("/new", methods=["GET", "POST"])
@require(can_run_budgets)
def create():
    """Open a budget cycle: fund, scope, ballot, rule and phase dates."""
    form = _cycle_form()
    if form.validate_on_submit():
        cycle = budget_service.open_cycle(current_user.community_id, current_user, **form.values())
        flash(_("The cycle is open for ideas."), "success")
        return redirect(url_for("budget.show", cycle_id=cycle.id), 303)
    return render("budget/cycle_form.html", form=form), 422 if form.errors else 200


@bp.get("/<int:cycle_id>")
@login_required
def show(cycle_id):
    """Show a cycle: its phase, dates and candidate project cards."""
    cycle = load_cycle(cycle_id)
    manager = can_manage_cycle(current_user, cycle)
    return render("budget/cycle.html", cycle=cycle, manager=manager, photos=photos_of(cycle),
                  feasible=budget_service.feasible_projects(cycle),
                  proposals=budget_service.proposals_in_scope(cycle) if manager else [],
                  my_ballot=budget_ballots.ballot_of(cycle, current_user) if current_user.household_id else None,
                  can_vote=budget_ballots.is_eligible(cycle, current_user) and budget_ballots.is_open(cycle))


@bp.post("/<int:cycle_id>/phase")
@login_required
def move_phase(cycle_id):
    """Move the cycle on to its next phase."""
    cycle = load_cycle(cycle_id, can_manage_cycle)
    try:
        budget_service.move_phase(cycle, current_user)
        flash(_("The cycle is now in its %(phase)s phase.", phase=PHASE_NAMES[cycle.phase]), "success")
    except BudgetError as error:
        db.session.rollback()
        flash(error_text(error.code), "error")
    return redirect(url_for("budget.show", cycle_id=cycle.id), 303)


@bp.post("/<int:cycle_id>/candidates")
@login_required
def add_candidates(cycle_id):
    """Enter the ticked proposals as candidate projects."""
    cycle = load_cycle(cycle_id, can_manage_cycle)
    try:
        ids = [int(v) for v in request.form.getlist("proposal")]
        budget_service.add_candidates(cycle, current_user, ids)
        flash(_("Candidates added."), "success")
    except (BudgetError, ValueError) as error:
        db.session.rollback()
        flash(error_text(getattr(error, "code", "proposal_out_of_scope")), "error")
    return redirect(url_for("budget.show", cycle_id=cycle.id), 303)


@bp.route("/<int:cycle_id>/projects/<int:project_id>/review", methods=["GET", "POST"])
@login_required
def review(cycle_id, project_id):
    """Set a candidate's cost and feasibility, with a public reason when it is rejected."""
    cycle = load_cycle(cycle_id, can_manage_cycle)
    project = db.session.get(BudgetProject, project_id)
    if project is None or project.cycle_id != cycle.id:
        abort(404)
    form = ReviewForm(obj=None if request.method == "POST" else project)
    if request.method == "GET":
        form.cost.data = f"{project.cost / 100:.2f}" if project.cost else ""
        form.feasibility.data = "rejected" if project.feasibility == "rejected" else "feasible"
    if form.validate_on_submit():
        try:
            budget_service.review_project(project, current_user, parse_yuan(form.cost.data),
                                          form.feasibility.data == "feasible", form.reason.data or "")
            flash(_("Review saved."), "success")
            return redirect(url_for("budget.show", cycle_id=cycle.id), 303)
        except BudgetError as error:
            db.session.rollback()
            form.form_errors.append(error_text(error.code))
    status = 422 if form.errors or form.form_errors else 200
    return render("budget/review.html", form=form, cycle=cycle, project=project), status


@bp.get("/<int:cycle_id>/export.pb")
@login_required
def export_pb(cycle_id):
    """Download the cycle as a Pabulib file, for replays and checks."""
    cycle = load_cycle(cycle_id, can_manage_cycle | is_auditor)
    text = budget_pabulib.export_pb(cycle)
    return Response(text, mimetype="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename=budget-{cycle.id}.pb"})


@bp.get("/<int:cycle_id>/export.csv")
@login_required
def export_csv(cycle_id):
    """Download the office sheet: projects, costs, votes and outcome."""
    cycle = load_cycle(cycle_id, can_manage_cycle | is_auditor)
    return Response("\ufeff" + budget_pabulib.export_csv(cycle), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename=budget-{cycle.id}.csv"})


@bp.route("/import", methods=["GET", "POST"])
@require(can_run_budgets)
def import_file():
    """Replay an election from a Pabulib .pb file as a cycle in its result phase."""
    form = ImportForm()
    if form.validate_on_submit():
        try:
            text = form.file.data.read().decode("utf-8")
            cycle = budget_pabulib.import_pb(current_user.community_id, current_user, text, form.rule.data)
            flash(_("The file is imported; start the tally on the result page."), "success")
            return redirect(url_for("budget_ballots.result", cycle_id=cycle.id), 303)
        except (BudgetError, UnicodeDecodeError):
            db.session.rollback()
            form.file.errors = [error_text("bad_file")]
    return render("budget/import.html", form=form), 422 if form.errors else 200
