"""`deliberation budget tally CYCLE` counts a cycle in the foreground."""
from deliberation.budget_cli import budget_cli
from deliberation.extensions import db
from deliberation.models import BudgetBallot

from ..web.budget_helpers import make_cycle


def test_tally_command_stores_and_prints_the_result(app, community):
    with app.app_context():
        c = make_cycle(community.id, [("a", "长椅", 60000), ("b", "路灯", 50000)], phase="result", rule="greedy")
        db.session.add(BudgetBallot(cycle_id=c.id, voter_key="u1", projects=["b"]))
        db.session.commit()
        db.session.remove()
    result = app.test_cli_runner().invoke(budget_cli, ["tally", str(c.id)])
    assert result.exit_code == 0 and "done, 1 project(s) funded, 500.00 yuan spent: b" in result.output


def test_tally_command_refuses_a_cycle_still_voting(app, community):
    with app.app_context():
        c = make_cycle(community.id, [("a", "长椅", 60000)], phase="voting")
        db.session.remove()
    result = app.test_cli_runner().invoke(budget_cli, ["tally", str(c.id)])
    assert result.exit_code != 0 and "bad_phase" in result.output
