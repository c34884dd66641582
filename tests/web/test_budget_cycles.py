"""Workers run a cycle: open it, take proposals in scope as candidates, review them, move the phases."""
from deliberation.extensions import db
from deliberation.models import AuditEntry, BudgetCycle, BudgetProject

from ..factories import make_proposal

FORM = {"title": "2026 社区微基金", "fund": "50000", "building_id": "0", "ballot_type": "knapsack", "rule": "mes",
        "points_total": "10"}


def test_worker_opens_a_cycle_with_the_fund_in_fen(app, client, auth, community):
    auth.login(community.worker)
    assert client.get("/budget/new").status_code == 200
    assert client.post("/budget/new", data=FORM).status_code == 303
    with app.app_context():
        cycle = db.session.query(BudgetCycle).one()
        assert (cycle.fund, cycle.phase, cycle.ballot_type) == (5_000_000, "ideas", "knapsack")
        assert cycle.points_total is None
        assert db.session.query(AuditEntry).filter_by(action="budget.open").count() == 1


def test_bad_fund_is_refused_and_nothing_is_created(app, client, auth, community):
    auth.login(community.worker)
    client.set_cookie("lang", "en")
    response = client.post("/budget/new", data={**FORM, "fund": "5万"})
    assert response.status_code == 422 and "Enter an amount in yuan" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(BudgetCycle).count() == 0


def test_resident_cannot_open_a_cycle(app, client, auth, community):
    auth.login(community.resident_a)
    assert client.post("/budget/new", data=FORM).status_code == 403


def test_candidates_come_from_proposals_in_scope_and_need_a_review(app, client, auth, community):
    with app.app_context():
        mine = make_proposal(community.resident_a.id, "楼道灯", building_id=community.building_a.id)
        other = make_proposal(community.resident_b.id, "2号楼花园", building_id=community.building_b.id)
        db.session.remove()
    auth.login(community.worker)
    client.set_cookie("lang", "en")
    client.post("/budget/new", data={**FORM, "building_id": str(community.building_a.id)})
    with app.app_context():
        cycle_id = db.session.query(BudgetCycle.id).scalar()
    # A proposal of building B is not in building A's scope.
    client.post(f"/budget/{cycle_id}/candidates", data={"proposal": str(other)})
    client.post(f"/budget/{cycle_id}/candidates", data={"proposal": str(mine)})
    with app.app_context():
        assert [p.proposal_id for p in db.session.query(BudgetProject)] == [mine]
        project_id = db.session.query(BudgetProject.id).scalar()
    client.post(f"/budget/{cycle_id}/phase")  # review
    response = client.post(f"/budget/{cycle_id}/projects/{project_id}/review",
                           data={"cost": "", "feasibility": "rejected", "reason": ""})
    assert response.status_code == 422 and "Say publicly why" in response.get_data(as_text=True)
    client.post(f"/budget/{cycle_id}/phase")  # refused: the review is unfinished
    with app.app_context():
        assert db.session.get(BudgetCycle, cycle_id).phase == "review"
    assert client.post(f"/budget/{cycle_id}/projects/{project_id}/review",
                       data={"cost": "8600.50", "feasibility": "feasible", "reason": ""}).status_code == 303
    client.post(f"/budget/{cycle_id}/phase")
    with app.app_context():
        assert db.session.get(BudgetCycle, cycle_id).phase == "voting"
        assert db.session.get(BudgetProject, project_id).cost == 860050
    page = client.get(f"/budget/{cycle_id}").get_data(as_text=True)
    assert "楼道灯" in page and "¥8,600.50" in page


def test_rejected_project_shows_its_public_reason(app, client, auth, community):
    with app.app_context():
        mine = make_proposal(community.resident_a.id, "屋顶花园")
        db.session.remove()
    auth.login(community.worker)
    client.post("/budget/new", data=FORM)
    client.post("/budget/1/candidates", data={"proposal": str(mine)})
    client.post("/budget/1/projects/1/review", data={"feasibility": "rejected", "reason": "屋顶承重不够"})
    auth.logout()
    auth.login(community.resident_b)
    assert "屋顶承重不够" in client.get("/budget/1").get_data(as_text=True)


def test_residents_in_scope_are_told_when_voting_opens(app, client, auth, community):
    from deliberation.models import Notification

    with app.app_context():
        from .budget_helpers import make_cycle

        c = make_cycle(community.id, [("a", "长椅", 40000)], phase="review", building_id=community.building_a.id)
        db.session.remove()
    auth.login(community.worker)
    assert client.post(f"/budget/{c.id}/phase").status_code == 303
    with app.app_context():
        told = {n.user_id for n in db.session.query(Notification).filter_by(kind="budget.voting")}
        assert community.resident_a.id in told and community.resident_b.id not in told
