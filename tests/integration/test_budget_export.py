"""Exports of every ballot type (amounts with fen, before and after a tally by either rule) pass pabulib-checker."""
import pytest

from deliberation.extensions import db
from deliberation.models import BudgetBallot, BudgetCycle
from deliberation.services.budget_pabulib import export_pb
from deliberation.services.budget_tally import start_tally

from ..web.budget_helpers import make_cycle
from .test_budget_demo import checker_errors

BALLOTS = {
    "approval": [(["a", "b"], None), (["c"], None)],
    # No exact tie in MES prices: pabulib-checker breaks ties its own way, unlike pabutools.
    "knapsack": [(["a"], None), (["a", "c"], None), (["b"], None)],
    "cumulative": [(["a", "b"], [6, 4]), (["c"], [10])],
    "ranking": [(["b", "a"], None), (["c", "a", "b"], None)],
}


@pytest.mark.parametrize("ballot_type", sorted(BALLOTS))
@pytest.mark.parametrize("cost_b, rule", [(50000, None), (50050, None), (50000, "mes"), (50000, "greedy")])
def test_export_passes_pabulib_checker(app, community, ballot_type, cost_b, rule):
    with app.app_context():
        c = make_cycle(community.id, [("a", "长椅", 40000), ("b", "路灯", cost_b), ("c", "花园", 30000)],
                       fund=100000, ballot_type=ballot_type, points_total=10, rule=rule or "mes",
                       phase="result" if rule else "voting")
        for n, (projects, points) in enumerate(BALLOTS[ballot_type]):
            db.session.add(BudgetBallot(cycle_id=c.id, voter_key=f"u{n}", projects=projects, points=points))
        db.session.commit()
        if rule:
            start_tally(db.session.get(BudgetCycle, c.id), None, background=False)
        assert checker_errors(export_pb(db.session.get(BudgetCycle, c.id))) == {}
        db.session.remove()
