"""Tally a cycle: map its ballots to the budgeting library, run its rule, store the explained outcome.

Large cycles tally in a background thread; the result row carries the progress the page polls.
"""
import threading

from flask import current_app

from ..budgeting import Profile, equal_shares, greedy
from ..domain.budget_cycle import build_ballot, explain_greedy, explain_mes
from ..extensions import db
from ..models import BudgetCycle, BudgetResult
from ..models.base import utcnow
from . import audit
from .notifications import notify
from .budget import BudgetError
from .budget_ballots import ballots, instance_of


def profile_of(cycle):
    """Return the cycle's ballots as a library profile."""
    return Profile(tuple(build_ballot(b.voter_key, b.projects, b.points) for b in ballots(cycle)))


def run_rule(cycle, instance, profile):
    """Run the cycle's rule: MES with add1 completion and greedy fill, or greedy."""
    if cycle.rule == "greedy":
        return greedy(instance, profile)
    return equal_shares(instance, profile, completion="add1", fill="greedy")


def start_tally(cycle, actor, background=None):
    """Queue the tally of a cycle in its result phase; run it now or in a background thread."""
    if cycle.phase not in ("result", "implementation"):
        raise BudgetError("bad_phase")
    result = cycle.result or BudgetResult(cycle=cycle)
    if result.status in ("queued", "running") and result.id is not None:
        raise BudgetError("tally_running")
    result.status, result.progress, result.error, result.started_at = "queued", 0, "", utcnow()
    db.session.add(result)
    audit.record(actor, "budget.tally", cycle, rule=cycle.rule)
    db.session.commit()
    app = current_app._get_current_object()
    if background is None:
        background = app.config.get("BUDGET_TALLY_IN_BACKGROUND", not app.testing)
    if background:
        threading.Thread(target=_tally_in_thread, args=(app, cycle.id), daemon=True).start()
    else:
        tally(cycle.id)
    return result


def _tally_in_thread(app, cycle_id):
    with app.app_context():
        try:
            tally(cycle_id)
        finally:
            db.session.remove()


def _progress(result, percent, status="running"):
    result.progress, result.status = percent, status
    db.session.commit()


def tally(cycle_id):
    """Compute and store the outcome of a cycle, committing progress as it goes."""
    cycle = db.session.get(BudgetCycle, cycle_id)
    result = cycle.result
    try:
        _progress(result, 10)
        instance, unit = instance_of(cycle)
        profile = profile_of(cycle)
        _progress(result, 30)
        outcome = run_rule(cycle, instance, profile)
        _progress(result, 90)
        if cycle.rule == "greedy":
            explanation = explain_greedy(outcome, unit)
        else:
            explanation = explain_mes(outcome, unit, len(profile))
        result.rule, result.unit, result.selected = outcome.rule, unit, list(outcome.selected)
        result.spent, result.explanation = outcome.spent * unit, explanation
        result.finished_at = utcnow()
        voters = {b.user_id for b in ballots(cycle) if b.user_id is not None}
        notify(sorted(voters), "budget.result", link=f"/budget/{cycle.id}/result", title=cycle.title)
        _progress(result, 100, "done")
    except Exception as error:  # the page must say the tally failed rather than spin forever
        db.session.rollback()
        result = db.session.get(BudgetCycle, cycle_id).result
        result.status, result.error = "failed", type(error).__name__
        db.session.commit()
        raise
    return result
