"""A building's cycle is invisible to other buildings: every route by id answers 404 and changes nothing."""
import pytest

from deliberation.extensions import db
from deliberation.models import AuditEntry, BudgetCycle

from .budget_helpers import ballots_of, make_cycle

PROJECTS = [("a", "长椅", 40000), ("b", "路灯", 50000)]


@pytest.fixture
def building_cycle(app, community):
    with app.app_context():
        c = make_cycle(community.id, PROJECTS, building_id=community.building_a.id)
        project_id = db.session.get(BudgetCycle, c.id).projects[0].id
        db.session.remove()
    return c, project_id


def audit_count(app):
    with app.app_context():
        return db.session.query(AuditEntry).count()


def test_resident_of_other_building_gets_404_on_every_route(app, client, auth, community, building_cycle):
    c, project_id = building_cycle
    auth.login(community.resident_b)
    before = audit_count(app)
    for url in (f"/budget/{c.id}", f"/budget/{c.id}/ballot", f"/budget/{c.id}/result",
                f"/budget/{c.id}/export.pb", f"/budget/{c.id}/export.csv",
                f"/budget/{c.id}/projects/{project_id}/review"):
        assert client.get(url).status_code == 404, url
    for url, data in ((f"/budget/{c.id}/ballot", {"project": ["a"]}), (f"/budget/{c.id}/ballot/bar", {}),
                      (f"/budget/{c.id}/phase", {}), (f"/budget/{c.id}/tally", {}),
                      (f"/budget/{c.id}/candidates", {"proposal": "1"}),
                      (f"/budget/{c.id}/projects/{project_id}/review", {"cost": "1", "feasibility": "feasible"})):
        assert client.post(url, data=data).status_code == 404, url
    assert ballots_of(app, c.id) == [] and audit_count(app) == before
    assert "长椅" not in client.get("/budget/").get_data(as_text=True)


def test_resident_of_the_building_votes_and_cannot_run_the_cycle(app, client, auth, community, building_cycle):
    c, project_id = building_cycle
    auth.login(community.resident_a)
    assert client.post(f"/budget/{c.id}/ballot", data={"project": ["a"]}).status_code == 303
    assert client.post(f"/budget/{c.id}/phase").status_code == 404
    with app.app_context():
        assert db.session.get(BudgetCycle, c.id).phase == "voting"


def test_worker_moves_the_phase_with_an_audit_entry(app, client, auth, community, building_cycle):
    c, _ = building_cycle
    auth.login(community.worker)
    before = audit_count(app)
    assert client.post(f"/budget/{c.id}/phase").status_code == 303
    with app.app_context():
        assert db.session.get(BudgetCycle, c.id).phase == "result"
        assert db.session.query(AuditEntry).order_by(AuditEntry.seq.desc()).first().action == "budget.phase"
    assert audit_count(app) == before + 1
