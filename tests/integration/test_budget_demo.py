"""The budget demo: a voting cycle and a past MES cycle; their Pabulib exports pass pabulib-checker."""
import contextlib
import io
import random

from deliberation.budgeting import parse_pb
from deliberation.extensions import db
from deliberation.services.budget_ballots import ballots
from deliberation.services.budget_pabulib import export_pb
from deliberation.models import Community as CommunityModel
from deliberation.services.demo_budget import seed_budget

from ..factories import Community, make_neighbours


def checker_errors(text):
    from pabulib.checker import Checker

    with contextlib.redirect_stdout(io.StringIO()):
        results = Checker().process_files([text])
    (report,) = [v for k, v in results.items() if k not in ("metadata", "summary")]
    return report["results"]["errors"]


def test_demo_cycles_are_alive_and_their_exports_pass_pabulib_checker(app):
    with app.app_context():
        built = Community.build()
        make_neighbours(built.id, built.building_a.id, 30)
        current, past = seed_budget(db.session.get(CommunityModel, built.id), random.Random(8))
        assert current.phase == "voting" and current.fund == 5_000_000 and 6 <= len(current.projects) <= 8
        assert len(ballots(current)) == 30
        assert past.result.status == "done" and past.result.explanation["kind"] == "mes"
        assert past.result.spent <= past.fund and past.result.selected
        for cycle in (current, past):
            text = export_pb(cycle)
            assert checker_errors(text) == {}, text[:400]
            instance, profile, meta = parse_pb(text)
            assert instance.budget * 100 == cycle.fund and len(profile) == len(ballots(cycle))
        assert "rule;equalshares/add1" in export_pb(past)
        db.session.remove()
