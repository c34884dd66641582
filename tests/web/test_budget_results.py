"""Result pages explain themselves: greedy's order and skips, MES's payers, a voter's own story."""
from deliberation.extensions import db
from deliberation.models import BudgetBallot

from ..factories import make_neighbours
from .budget_helpers import make_cycle

# Fund ¥1,000: a ¥600 project with 3 supporters, a ¥500 one with 2, a ¥400 one with 1.
PROJECTS = [("a", "长椅", 60000), ("b", "路灯", 50000), ("c", "花园", 40000)]
VOTES = [["a"], ["a"], ["a", "c"], ["b"], ["b"]]


def tallied(app, client, auth, community, rule):
    with app.app_context():
        c = make_cycle(community.id, PROJECTS, fund=100000, rule=rule, phase="result")
        people = make_neighbours(community.id, community.building_a.id, len(VOTES))
        for person, vote in zip(people, VOTES):
            db.session.add(BudgetBallot(cycle_id=c.id, voter_key=f"u{person.id}", user_id=person.id, projects=vote))
        db.session.commit()
        db.session.remove()
    auth.login(community.worker)
    client.set_cookie("lang", "en")
    assert client.post(f"/budget/{c.id}/tally").status_code == 303
    auth.logout()
    return c, people


def test_greedy_result_shows_the_order_and_why_a_project_was_skipped(app, client, auth, community):
    c, people = tallied(app, client, auth, community, "greedy")
    auth.login(people[3])
    page = client.get(f"/budget/{c.id}/result").get_data(as_text=True)
    # 长椅 (3 votes) is funded first; 路灯 (¥500) no longer fits in the ¥400 left; 花园 does.
    steps = page[page.index("In order of support"):]
    assert steps.index("长椅") < steps.index("路灯") < steps.index("花园")
    assert "Only ¥400.00 was left when its turn came; it costs ¥500.00." in page
    assert "not funded: when its turn came only ¥400.00 was left" in page


def test_mes_result_shows_who_paid_and_where_my_share_went(app, client, auth, community):
    c, people = tallied(app, client, auth, community, "mes")
    auth.login(people[3])
    page = client.get(f"/budget/{c.id}/result").get_data(as_text=True)
    # Five voters hold ¥200 each: the two 路灯 supporters cannot pay ¥500, the three 长椅 ones pay ¥600.
    assert "3 voters paid ¥200.00 each" in page
    assert "Funded projects and who paid" in page
    assert "Your ballot" in page and "路灯" in page
    assert "Greedy fill of the money left" in page or "Completion (shares raised)" in page


def test_result_progress_partial_is_polled_until_done(app, client, auth, community):
    c, people = tallied(app, client, auth, community, "mes")
    auth.login(people[0])
    partial = client.get(f"/budget/{c.id}/result", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert partial.startswith('<div id="budget-result"') and "every 2s" not in partial


def test_a_running_tally_shows_its_progress_and_polls(app, client, auth, community):
    c, people = tallied(app, client, auth, community, "greedy")
    with app.app_context():
        from deliberation.models import BudgetResult

        result = db.session.query(BudgetResult).filter_by(cycle_id=c.id).one()
        result.status, result.progress = "running", 30
        db.session.commit()
        db.session.remove()
    auth.login(people[0])
    client.set_cookie("lang", "en")
    partial = client.get(f"/budget/{c.id}/result", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'hx-trigger="every 2s"' in partial and "30%" in partial
