"""Build budget cycles for tests directly in the database; hand back plain ids and codes."""
from types import SimpleNamespace

from deliberation.extensions import db
from deliberation.models import BudgetBallot, BudgetCycle, BudgetProject


def make_cycle(community_id, projects, fund=100000, ballot_type="approval", phase="voting", building_id=None,
               rule="mes", **settings):
    """Create a cycle with feasible projects given as (code, title, cost in fen); return its id and codes."""
    cycle = BudgetCycle(community_id=community_id, title="微基金", fund=fund, ballot_type=ballot_type, rule=rule,
                        phase=phase, building_id=building_id, source_meta={}, **settings)
    cycle.projects = [BudgetProject(code=code, title=title, cost=cost, feasibility="feasible")
                      for code, title, cost in projects]
    db.session.add(cycle)
    db.session.commit()
    return SimpleNamespace(id=cycle.id, codes=[p.code for p in cycle.projects])


def ballots_of(app, cycle_id):
    """Return the stored ballots of a cycle as (voter_key, projects, points) tuples."""
    with app.app_context():
        rows = db.session.query(BudgetBallot).filter_by(cycle_id=cycle_id).order_by(BudgetBallot.id).all()
        found = [(b.voter_key, b.projects, b.points) for b in rows]
        db.session.remove()
        return found
