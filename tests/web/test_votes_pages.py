"""The votes pages: set-up, isolation between buildings, casting over HTTP, board, result, paper."""
import json
from datetime import timedelta

import pytest

from deliberation.crypto import ballot as ballots_mod
from deliberation.crypto.election import Election
from deliberation.extensions import db
from deliberation.models import AuditEntry, Ballot, User, Vote
from deliberation.models.base import utcnow

from .. import vote_world


@pytest.fixture(autouse=True)
def english(client):
    """Read the pages in English: the assertions quote English text (one test checks Chinese)."""
    client.set_cookie("lang", "en")


def _open(app, community, **overrides):
    with app.app_context():
        return vote_world.open_vote(community, **overrides)


def _election(client, vote_id):
    return Election(json.loads(client.get(f"/votes/{vote_id}/election.json").data))


def test_worker_sets_up_a_vote_through_the_form(app, client, auth, community):
    with app.app_context():
        council, _ = vote_world.seat_trustees(community)
    auth.login(community.worker.phone)
    now = utcnow() + timedelta(hours=8)
    response = client.post("/votes/new", data={
        "title": "加装电梯", "kind": "referendum", "questions": "是否同意加装电梯？\n是否同意使用维修资金？",
        "seats": 1, "scope": community.building_a.id, "eligibility": "owners", "weighting": "both",
        "rule": "art278_major", "council": council.id, "threshold": 2,
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"), "closes_at": (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 303
    with app.app_context():
        vote = db.session.scalars(db.select(Vote)).one()
        assert [q["question"] for q in vote.questions] == ["是否同意加装电梯？", "是否同意使用维修资金？"]
        assert vote.building_id == community.building_a.id and vote.status == "draft"
        assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "vote.create"))


def test_rule_counting_area_needs_area_weights(app, client, auth, community):
    with app.app_context():
        council, _ = vote_world.seat_trustees(community)
    auth.login(community.worker.phone)
    now = utcnow()
    response = client.post("/votes/new", data={
        "title": "x", "kind": "referendum", "questions": "q", "scope": 0, "eligibility": "owners",
        "weighting": "headcount", "rule": "art278_general", "council": council.id, "threshold": 2,
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"), "closes_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 422
    assert "floor area" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Vote.id))) == 0


def test_resident_cannot_set_up_a_vote(client, auth, community):
    auth.login(community.resident_a.phone)
    assert client.get("/votes/new").status_code == 403


def test_resident_of_other_building_gets_404(app, client, auth, community):
    world = _open(app, community, building_id=community.building_a.id)
    auth.login(community.resident_b.phone)
    for path in ("", "/ballot", "/board", "/election.json", "/paper"):
        assert client.get(f"/votes/{world.id}{path}").status_code == 404, path
    response = client.post(f"/votes/{world.id}/cast", json={"ballot": {}})
    assert response.status_code == 404


def test_resident_casts_revotes_and_finds_the_tracker_on_the_board(app, client, auth, community):
    world = _open(app, community)
    auth.login(community.resident_a.phone)
    secret = world.slips[world.rolls[community.resident_a.id]]
    election = _election(client, world.id)
    first, _ = ballots_mod.build_ballot(election, secret, [[0, 1, 0]])
    second, _ = ballots_mod.build_ballot(election, secret, [[1, 0, 0]])
    trackers = [client.post(f"/votes/{world.id}/cast", json={"ballot": b}).get_json()["tracker"] for b in (first, second)]
    page = client.get(f"/votes/{world.id}/board?tracker={trackers[1][:12]}").get_data(as_text=True)
    assert trackers[1] in page and trackers[0] not in page
    full = client.get(f"/votes/{world.id}/board").get_data(as_text=True)
    assert trackers[0] in full and "replaced" in full
    with app.app_context():
        counted = db.session.scalars(db.select(Ballot).where(Ballot.replaced.is_(False))).all()
        assert [b.tracker for b in counted] == [trackers[1]]


def test_ballot_with_unknown_credential_gets_a_clear_message(app, client, auth, community):
    world = _open(app, community)
    auth.login(community.resident_a.phone)
    ballot, _ = ballots_mod.build_ballot(_election(client, world.id), "x" * 22, [[1, 0, 0]])
    response = client.post(f"/votes/{world.id}/cast", json={"ballot": ballot})
    assert response.status_code == 422
    assert response.get_json()["code"] == "unknown_credential"
    assert "not on the list" in response.get_json()["message"]


def test_malformed_cast_is_refused_without_change(app, client, auth, community):
    world = _open(app, community)
    auth.login(community.resident_a.phone)
    assert client.post(f"/votes/{world.id}/cast", data="nope").status_code == 400
    response = client.post(f"/votes/{world.id}/cast", json={"ballot": {"election": "x"}})
    assert response.status_code == 422 and response.get_json()["code"] == "bad_ballot"
    with app.app_context():
        assert db.session.get(Vote, world.id).chain_seq == 1


def test_voter_on_paper_cannot_vote_online_and_batches_need_two_workers(app, client, auth, community):
    world = _open(app, community)
    with app.app_context():
        from ..factories import make_user

        second = make_user(community.id, "刘工", "13900000009", roles=("worker",))
    roll = world.rolls[community.resident_a.id]
    auth.login(community.worker.phone)
    data = {"label": "票箱1-第1捆", "ballots": f"{roll}: 1"}
    assert client.post(f"/votes/{world.id}/paper", data=data).status_code == 303
    assert client.post(f"/votes/{world.id}/paper", data=data).status_code == 422  # the same worker again
    auth.logout()
    auth.login(second.phone)
    assert client.post(f"/votes/{world.id}/paper", data=data).status_code == 303
    auth.logout()
    auth.login(community.resident_a.phone)
    ballot, _ = ballots_mod.build_ballot(_election(client, world.id), world.slips[roll], [[1, 0, 0]])
    response = client.post(f"/votes/{world.id}/cast", json={"ballot": ballot})
    assert response.status_code == 422 and response.get_json()["code"] == "voted_on_paper"


def test_paper_batch_with_a_voter_who_voted_online_is_refused(app, client, auth, community):
    world = _open(app, community)
    roll = world.rolls[community.resident_a.id]
    auth.login(community.resident_a.phone)
    ballot, _ = ballots_mod.build_ballot(_election(client, world.id), world.slips[roll], [[1, 0, 0]])
    assert client.post(f"/votes/{world.id}/cast", json={"ballot": ballot}).status_code == 200
    auth.logout()
    with app.app_context():
        from ..factories import make_user

        second = make_user(community.id, "刘工", "13900000009", roles=("worker",))
    for who in (community.worker, second):
        auth.login(who.phone)
        response = client.post(f"/votes/{world.id}/paper", data={"label": "b1", "ballots": f"{roll}: 2"})
        auth.logout()
    assert response.status_code == 422
    with app.app_context():
        vote = db.session.get(Vote, world.id)
        assert all(v.paper_batch_id is None for v in vote.voters)


def test_paper_lines_that_cannot_be_read_are_reported_by_line(app, client, auth, community):
    world = _open(app, community)
    auth.login(community.worker.phone)
    response = client.post(f"/votes/{world.id}/paper", data={"label": "b1", "ballots": "1: 1\n999: 1\n2: 7"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Line 2" in page and "Line 3" in page


def test_result_page_shows_thresholds_charts_and_the_verify_command(app, client, auth, community):
    world = _open(app, community)
    with app.app_context():
        from ..integration.test_votes_flow import _cast, _finish

        for secret in list(world.slips.values())[:3]:
            _cast(world.id, secret, [[1, 0, 0]])
        vote = _finish(community, world)
        head = vote.chain_head
    auth.login(community.resident_a.phone)
    page = client.get(f"/votes/{world.id}/result").get_data(as_text=True)
    assert f"deliberation verify vote-{world.id}-record.zip --head {head}" in page
    assert "<svg" in page and "Participation by floor area" in page and "not met" in page
    record = client.get(f"/votes/{world.id}/record.zip")
    assert record.status_code == 200 and record.data[:2] == b"PK"


def test_credential_reveal_happens_once(app, client, auth, community):
    with app.app_context():
        council, _ = vote_world.seat_trustees(community)
        vote_id = vote_world.create(community, council.id)
        from deliberation.services import votes

        votes.freeze(db.session.get(Vote, vote_id), db.session.get(User, community.worker.id))
    auth.login(community.resident_a.phone)
    first = client.post(f"/votes/{vote_id}/reveal")
    assert first.status_code == 200 and 'id="credential-code"' in first.get_data(as_text=True)
    assert first.headers["Cache-Control"] == "no-store"
    assert client.post(f"/votes/{vote_id}/reveal").status_code == 422


def test_refusal_is_in_chinese_by_default(app, client, auth, community):
    world = _open(app, community)
    client.set_cookie("lang", "zh_CN")
    auth.login(community.resident_a.phone)
    ballot, _ = ballots_mod.build_ballot(_election(client, world.id), "x" * 22, [[1, 0, 0]])
    response = client.post(f"/votes/{world.id}/cast", json={"ballot": ballot})
    assert "不在本次表决的名单上" in response.get_json()["message"]


def test_closed_vote_says_until_when_voters_may_complain(app, client, auth, community):
    world = _open(app, community)
    with app.app_context():
        from deliberation.services import votes

        vote = db.session.get(Vote, world.id)
        votes.close_vote(vote, db.session.get(User, community.worker.id), now=vote.closes_at)
    auth.login(community.worker.phone)
    page = client.get(f"/votes/{world.id}").get_data(as_text=True)
    assert "Voters may complain until" in page
    assert client.post(f"/votes/{world.id}/tally").status_code == 422
