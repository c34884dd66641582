"""Replacing a lost credential while the vote is open: the worker's page, the resident's reveal, the board."""
import json

import pytest

from deliberation.crypto import ballot as ballots_mod
from deliberation.crypto.election import Election
from deliberation.extensions import db
from deliberation.models import Vote, VoteVoter

from .. import vote_world
from ..factories import make_other_community, make_user


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


def _open(app, community):
    with app.app_context():
        return vote_world.open_vote(community)


def _state(app, vote_id, roll):
    """Return (chain length, active credential's public half) of a voter."""
    with app.app_context():
        vote = db.session.get(Vote, vote_id)
        voter = next(v for v in vote.voters if v.roll_number == roll)
        return vote.chain_seq, voter.active_credential and voter.active_credential.public


def _voter_id(app, vote_id, roll):
    with app.app_context():
        return db.session.scalar(db.select(VoteVoter.id).where(VoteVoter.vote_id == vote_id,
                                                               VoteVoter.roll_number == roll))


def _cast(client, vote_id, secret, selections):
    election = Election(json.loads(client.get(f"/votes/{vote_id}/election.json").data))
    ballot, _ = ballots_mod.build_ballot(election, secret, selections)
    return client.post(f"/votes/{vote_id}/cast", json={"ballot": ballot})


def test_worker_is_told_what_follows_and_must_confirm(app, client, auth, community):
    world = _open(app, community)
    roll = world.rolls[community.resident_a.id]
    url = f"/votes/{world.id}/voters/{_voter_id(app, world.id, roll)}/replace"
    auth.login(community.worker.phone)
    assert f"/voters/{_voter_id(app, world.id, roll)}/replace" in client.get(f"/votes/{world.id}/roll").get_data(
        as_text=True)
    page = client.get(url).get_data(as_text=True)
    assert "Every ballot already cast with the old code stops counting" in page
    assert "must vote again with the new code" in page
    before = _state(app, world.id, roll)
    for data in ({"reason": "slip lost", "channel": "slip"},            # not confirmed
                 {"reason": "", "channel": "slip", "confirm": "y"},      # no reason
                 {"reason": "slip lost", "channel": "fax", "confirm": "y"}):
        response = client.post(url, data=data)
        assert response.status_code == 422, data
        assert 'class="error"' in response.get_data(as_text=True)
        assert _state(app, world.id, roll) == before


def test_refusal_is_translated_and_changes_nothing(app, client, auth, community):
    world = _open(app, community)
    roll = world.rolls[community.resident_a.id]
    url = f"/votes/{world.id}/voters/{_voter_id(app, world.id, roll)}/replace"
    auth.login(community.worker.phone)
    assert client.post(url, data={"reason": "丢了", "channel": "account", "confirm": "y"}).status_code == 303
    before = _state(app, world.id, roll)
    client.set_cookie("lang", "zh_CN")
    # Nothing left to revoke: the new code waits in the resident's account.
    response = client.post(url, data={"reason": "又丢了", "channel": "slip", "confirm": "y"})
    assert response.status_code == 422
    assert "该选民没有可补发的凭证" in response.get_data(as_text=True)
    assert _state(app, world.id, roll) == before


def test_slip_replaces_a_lost_credential_and_the_board_shows_it(app, client, auth, community):
    world = _open(app, community)
    roll = world.rolls[community.resident_a.id]
    old = world.slips[roll]
    auth.login(community.resident_a.phone)
    first = _cast(client, world.id, old, [[1, 0, 0]]).get_json()["tracker"]
    auth.logout()

    auth.login(community.worker.phone)
    url = f"/votes/{world.id}/voters/{_voter_id(app, world.id, roll)}/replace"
    response = client.post(url, data={"reason": "slip lost in the lift", "channel": "slip", "confirm": "y"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "ballots cast with the old code do not count" in page
    new = page.split('<p class="code">')[1].split("<")[0]
    assert len(new) == 22 and new != old
    auth.logout()

    auth.login(community.resident_a.phone)
    refused = _cast(client, world.id, old, [[0, 1, 0]])
    assert refused.status_code == 422 and refused.get_json()["code"] == "unknown_credential"
    assert _cast(client, world.id, new, [[0, 0, 1]]).status_code == 200
    board = client.get(f"/votes/{world.id}/board").get_data(as_text=True)
    assert first in board and "credential revoked: not counted" in board
    assert "slip lost in the lift" in board and "revoked during the vote (event" in board and "replaced by" in board


def test_resident_shows_the_new_code_in_the_account_then_votes_again(app, client, auth, community):
    world = _open(app, community)
    roll = world.rolls[community.resident_a.id]
    auth.login(community.worker.phone)
    url = f"/votes/{world.id}/voters/{_voter_id(app, world.id, roll)}/replace"
    response = client.post(url, data={"reason": "code seen by a neighbour", "channel": "account", "confirm": "y"})
    assert response.status_code == 303
    roll_page = client.get(f"/votes/{world.id}/roll").get_data(as_text=True)
    assert "the new code waits to be shown in the account" in roll_page
    auth.logout()

    auth.login(community.resident_a.phone)
    page = client.get(f"/votes/{world.id}").get_data(as_text=True)
    assert "Your old voting code was revoked" in page
    revealed = client.post(f"/votes/{world.id}/reveal")
    assert revealed.status_code == 200 and revealed.headers["Cache-Control"] == "no-store"
    code = revealed.get_data(as_text=True).split('id="credential-code">')[1].split("<")[0]
    assert client.post(f"/votes/{world.id}/reveal").status_code == 422  # once only
    assert "Your old voting code was revoked" not in client.get(f"/votes/{world.id}").get_data(as_text=True)
    assert _cast(client, world.id, code, [[1, 0, 0]]).status_code == 200


def test_resident_cannot_replace_a_credential(app, client, auth, community):
    world = _open(app, community)
    roll = world.rolls[community.resident_b.id]
    url = f"/votes/{world.id}/voters/{_voter_id(app, world.id, roll)}/replace"
    before = _state(app, world.id, roll)
    auth.login(community.resident_a.phone)
    assert client.get(url).status_code == 404
    assert client.post(url, data={"reason": "x", "channel": "slip", "confirm": "y"}).status_code == 404
    assert _state(app, world.id, roll) == before


def test_worker_of_another_community_cannot_replace_a_credential(app, client, auth, community):
    world = _open(app, community)
    roll = world.rolls[community.resident_a.id]
    with app.app_context():
        stranger = make_user(make_other_community(), "外区社工", "13900000099", roles=("worker",))
    url = f"/votes/{world.id}/voters/{_voter_id(app, world.id, roll)}/replace"
    before = _state(app, world.id, roll)
    auth.login(stranger.phone)
    assert client.get(url).status_code == 404
    assert client.post(url, data={"reason": "x", "channel": "slip", "confirm": "y"}).status_code == 404
    assert _state(app, world.id, roll) == before


def test_voter_of_another_vote_is_not_found(app, client, auth, community):
    world = _open(app, community)
    auth.login(community.worker.phone)
    assert client.get(f"/votes/{world.id}/voters/999999/replace").status_code == 404


def test_replacement_without_csrf_token_is_refused(make_app, community):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    world = _open(csrf_app, community)
    roll = world.rolls[community.resident_a.id]
    client = csrf_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{community.worker.id}:1"
        session["_fresh"] = True
    url = f"/votes/{world.id}/voters/{_voter_id(csrf_app, world.id, roll)}/replace"
    before = _state(csrf_app, world.id, roll)
    assert client.post(url, data={"reason": "x", "channel": "slip", "confirm": "y"}).status_code == 400
    assert _state(csrf_app, world.id, roll) == before
