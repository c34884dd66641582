"""Ballots through the web: each type's rules, translated errors, nothing changed on bad input."""
from .budget_helpers import ballots_of, make_cycle

PROJECTS = [("a", "长椅", 40000), ("b", "路灯", 50000), ("c", "花园", 30000)]


def cycle(app, community, **kw):
    with app.app_context():
        return make_cycle(community.id, PROJECTS, **kw)


def test_approval_ballot_is_saved_and_replaced(app, client, auth, community):
    c = cycle(app, community)
    auth.login(community.resident_a)
    assert client.post(f"/budget/{c.id}/ballot", data={"project": ["a", "b"]}).status_code == 303
    assert client.post(f"/budget/{c.id}/ballot", data={"project": ["c"]}).status_code == 303
    assert ballots_of(app, c.id) == [(f"u{community.resident_a.id}", ["c"], None)]


def test_approval_over_maximum_is_refused_and_changes_nothing(app, client, auth, community):
    c = cycle(app, community, max_projects=1)
    auth.login(community.resident_a)
    client.set_cookie("lang", "en")
    response = client.post(f"/budget/{c.id}/ballot", data={"project": ["a", "b"]})
    assert response.status_code == 422
    assert "You chose too many projects" in response.get_data(as_text=True)
    assert ballots_of(app, c.id) == []


def test_knapsack_over_the_fund_is_refused_with_the_bar_marked(app, client, auth, community):
    c = cycle(app, community, ballot_type="knapsack", fund=80000)
    auth.login(community.resident_a)
    client.set_cookie("lang", "en")
    response = client.post(f"/budget/{c.id}/ballot", data={"project": ["a", "b"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "cost more than the fund together" in page and "budget-bar over" in page
    assert ballots_of(app, c.id) == []


def test_live_bar_adds_up_the_ticked_projects(app, client, auth, community):
    c = cycle(app, community, ballot_type="knapsack", fund=80000)
    auth.login(community.resident_a)
    response = client.post(f"/budget/{c.id}/ballot/bar", data={"project": ["a", "c"]},
                           headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert page.startswith('<div id="budget-bar"') and "¥700.00" in page and "¥800.00" in page


def test_cumulative_ballot_over_the_points_is_refused(app, client, auth, community):
    c = cycle(app, community, ballot_type="cumulative", points_total=10)
    auth.login(community.resident_a)
    client.set_cookie("lang", "en")
    response = client.post(f"/budget/{c.id}/ballot", data={"points-a": "8", "points-b": "5"})
    assert response.status_code == 422
    assert "more points than you have" in response.get_data(as_text=True)
    assert ballots_of(app, c.id) == []
    assert client.post(f"/budget/{c.id}/ballot", data={"points-a": "6", "points-b": "4"}).status_code == 303
    assert ballots_of(app, c.id)[0][1:] == (["a", "b"], [6, 4])


def test_ranking_with_a_repeated_rank_is_refused_and_a_good_one_keeps_its_order(app, client, auth, community):
    c = cycle(app, community, ballot_type="ranking")
    auth.login(community.resident_a)
    client.set_cookie("lang", "en")
    response = client.post(f"/budget/{c.id}/ballot", data={"rank-a": "1", "rank-b": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "same rank" in page
    # What the voter typed comes back, so they fix one number instead of starting again.
    assert 'name="rank-a" value="1"' in page and 'name="rank-b" value="1"' in page
    assert ballots_of(app, c.id) == []
    client.post(f"/budget/{c.id}/ballot", data={"rank-c": "1", "rank-a": "2"})
    assert ballots_of(app, c.id)[0][1] == ["c", "a"]


def test_unknown_project_is_refused(app, client, auth, community):
    c = cycle(app, community)
    auth.login(community.resident_a)
    assert client.post(f"/budget/{c.id}/ballot", data={"project": ["zzz"]}).status_code == 422
    assert ballots_of(app, c.id) == []


def test_no_ballot_once_voting_has_closed(app, client, auth, community):
    c = cycle(app, community, phase="result")
    auth.login(community.resident_a)
    assert client.post(f"/budget/{c.id}/ballot", data={"project": ["a"]}).status_code == 422
    assert ballots_of(app, c.id) == []


def test_household_cycle_keeps_one_ballot_per_household(app, client, auth, community):
    from deliberation.extensions import db
    from tests.factories import make_user

    c = cycle(app, community, per_household=True)
    with app.app_context():
        partner = make_user(community.id, "张太太", "13800000099", community.resident_a.household_id)
        db.session.remove()
    auth.login(community.resident_a)
    client.post(f"/budget/{c.id}/ballot", data={"project": ["a"]})
    auth.logout()
    auth.login(partner)
    client.post(f"/budget/{c.id}/ballot", data={"project": ["b"]})
    assert ballots_of(app, c.id) == [(f"h{community.resident_a.household_id}", ["b"], None)]


def test_ranking_longer_than_its_maximum_is_refused(app, client, auth, community):
    c = cycle(app, community, ballot_type="ranking", max_projects=2)
    auth.login(community.resident_a)
    response = client.post(f"/budget/{c.id}/ballot", data={"rank-a": "1", "rank-b": "2", "rank-c": "3"})
    assert response.status_code == 422
    assert ballots_of(app, c.id) == []
