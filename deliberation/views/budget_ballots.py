"""Budget ballots and results: the ballot page per type, the live budget bar, the tally and its explanation."""
from fractions import Fraction

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..domain.budget_cycle import ranking_from_positions, scores_for_bars, voter_story
from ..extensions import db
from ..permissions import can_manage_cycle, ensure
from ..services import budget_ballots, budget_tally
from ..services.budget import BudgetError, feasible_projects
from ..web import render
from .budget import load_cycle, photos_of
from .budget_forms import error_text

bp = Blueprint("budget_ballots", __name__, url_prefix="/budget")


def read_ballot(cycle, form):
    """Return (codes, points, error code) from the submitted ballot form."""
    codes = [p.code for p in feasible_projects(cycle)]
    if cycle.ballot_type in ("approval", "knapsack"):
        return form.getlist("project"), None, None
    numbers = {}
    prefix = "points-" if cycle.ballot_type == "cumulative" else "rank-"
    for code in codes:
        raw = (form.get(prefix + code) or "").strip()
        if not raw:
            numbers[code] = None
            continue
        try:
            numbers[code] = int(raw)
        except ValueError:
            return [], None, "not_a_number"
    if cycle.ballot_type == "ranking":
        ranked, error = ranking_from_positions(numbers)
        return ranked or [], None, error
    given = [(c, n) for c, n in numbers.items() if n not in (None, 0)]
    return [c for c, _ in given], [n for _, n in given], None


def bar_context(cycle, codes, points):
    """Return what the live bar shows: money ticked against the fund, or points given against N."""
    costs = {p.code: p.cost for p in feasible_projects(cycle)}
    if cycle.ballot_type == "cumulative":
        used, limit = sum(n for n in (points or []) if n > 0), cycle.points_total or 0
    elif cycle.ballot_type == "knapsack":
        used, limit = sum(costs.get(c, 0) for c in set(codes)), cycle.fund
    else:
        used, limit = len(set(codes)), cycle.max_projects or len(costs)
    return {"used": used, "limit": limit, "over": used > limit, "percent": min(100, round(100 * used / limit))
            if limit else 0}


def ballot_page(cycle, codes, points, errors=(), status=200, typed=None):
    chosen_points = dict(zip(codes, points or []))
    ranks = {code: n for n, code in enumerate(codes, 1)}
    if typed is not None:
        # Refused input comes back as the voter typed it, so one slip does not wipe the ballot.
        chosen_points = {k[len("points-"):]: v for k, v in typed.items() if k.startswith("points-")}
        ranks = {k[len("rank-"):]: v for k, v in typed.items() if k.startswith("rank-")}
    return render("budget/ballot.html", cycle=cycle, projects=feasible_projects(cycle), photos=photos_of(cycle),
                  chosen=set(codes), chosen_points=chosen_points, ranks=ranks, errors=errors,
                  bar=bar_context(cycle, codes, points)), status


@bp.route("/<int:cycle_id>/ballot", methods=["GET", "POST"])
@login_required
def ballot(cycle_id):
    """Show the ballot for the cycle's type, or cast (or replace) the person's ballot."""
    cycle = load_cycle(cycle_id)
    if not budget_ballots.is_eligible(cycle, current_user):
        abort(404 if cycle.building_id is not None else 403)
    if request.method == "GET":
        mine = budget_ballots.ballot_of(cycle, current_user)
        return ballot_page(cycle, mine.projects if mine else [], mine.points if mine else None)
    codes, points, error = read_ballot(cycle, request.form)
    if request.form.get("action") == "check" and error is None:
        # Without JavaScript the voter asks for the total by this button instead of the live bar.
        return ballot_page(cycle, codes, points)
    try:
        if error:
            raise BudgetError(error)
        replaced = budget_ballots.cast(cycle.id, current_user, codes, points)[1]
    except BudgetError as failure:
        db.session.rollback()
        return ballot_page(cycle, codes, points, [error_text(failure.code)], 422, typed=request.form)
    flash(_("Your ballot has replaced your earlier one.") if replaced else _("Your ballot is saved."), "success")
    return redirect(url_for("budget.show", cycle_id=cycle.id), 303)


@bp.post("/<int:cycle_id>/ballot/bar")
@login_required
def bar(cycle_id):
    """Return the budget bar for the projects ticked so far (htmx, while the voter ticks)."""
    cycle = load_cycle(cycle_id)
    codes, points, _error = read_ballot(cycle, request.form)
    return render("budget/_bar.html", cycle=cycle, bar=bar_context(cycle, codes, points))


def result_context(cycle):
    """Return what the result page shows: projects by code, bars and the signed-in voter's story."""
    result = cycle.result
    projects = {p.code: p for p in cycle.projects}
    context = {"cycle": cycle, "result": result, "projects": projects,
               "manager": can_manage_cycle(current_user, cycle), "story": None, "scores": {}}
    if result is None or result.status != "done":
        return context
    ballots = budget_ballots.ballots(cycle)
    context["scores"] = scores_for_bars(cycle.ballot_type, [(b.projects, b.points) for b in ballots])
    context["ballot_count"] = len(ballots)
    mine = budget_ballots.ballot_of(cycle, current_user) if current_user.household_id else None
    if mine is not None:
        payments, unspent, reasons = voter_story(result.explanation, mine.voter_key, mine.projects)
        context["story"] = {"payments": payments, "unspent": unspent, "reasons": reasons}
    return context


def fen(amount):
    """Round an exact amount of fen (a Fraction or its text) to whole fen for display."""
    return round(Fraction(amount))


@bp.get("/<int:cycle_id>/result")
@login_required
def result(cycle_id):
    """Show the outcome and why; while the tally runs, htmx polls the progress partial."""
    cycle = load_cycle(cycle_id)
    if cycle.phase not in ("result", "implementation"):
        abort(404)
    return render("budget/result.html", "budget/_result.html", fen=fen, **result_context(cycle))


@bp.post("/<int:cycle_id>/tally")
@login_required
def tally(cycle_id):
    """Start the tally of the cycle (in the background for large cycles)."""
    cycle = ensure(can_manage_cycle, load_cycle(cycle_id))
    try:
        budget_tally.start_tally(cycle, current_user)
    except BudgetError as error:
        db.session.rollback()
        flash(error_text(error.code), "error")
    return redirect(url_for("budget_ballots.result", cycle_id=cycle.id), 303)
