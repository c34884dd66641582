"""The cast gateway answers a resident's cast before the app, with the app's checks; the rest reaches the app."""
import json
import re

import pytest
from flask import request_started
from itsdangerous import URLSafeTimedSerializer

from deliberation.crypto import ballot as ballots_mod
from deliberation.crypto.election import Election
from deliberation.extensions import db
from deliberation.models import CastSubmission, User

from .. import vote_world


@pytest.fixture
def gateway_app(make_app):
    """CSRF on, as in production, and the proofs checked after the answer (the gateway's case)."""
    return make_app(WTF_CSRF_ENABLED=True, VOTE_CAST_CHECK="external")


@pytest.fixture
def world(gateway_app, community):
    with gateway_app.app_context():
        return vote_world.open_vote(community)


def _signed_in(app, user_id, base_url="http://localhost"):
    """A client signed in as the user, and the CSRF token its pages carry."""
    client = app.test_client()
    with app.app_context():
        version = db.session.get(User, user_id).session_version
    with client.session_transaction(base_url=base_url) as session:
        session["_user_id"] = f"{user_id}:{version}"
        session["_fresh"] = True
    page = client.get("/account", base_url=base_url).get_data(as_text=True)
    return client, re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)


def _ballots(client, world, secret, count):
    election = Election(json.loads(client.get(f"/votes/{world.id}/election.json").data))
    return [ballots_mod.build_ballot(election, secret, [[1, 0, 0]])[0] for _ in range(count)]


def _app_requests(app):
    """Count the requests that reach the Flask app (the gateway's answers never do)."""
    seen = []
    request_started.connect(lambda sender, **extra: seen.append(1), app, weak=False)
    return seen


def _queued(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(CastSubmission))


def _cast(client, world, ballot, token=None, **headers):
    if token:
        headers["X-CSRFToken"] = token
    return client.post(f"/votes/{world.id}/cast", json={"ballot": ballot}, headers=headers)


def test_a_residents_cast_is_queued_by_the_gateway_with_the_apps_headers(gateway_app, world, community):
    client, token = _signed_in(gateway_app, community.resident_a.id)
    first, second = _ballots(client, world, world.slips[world.rolls[community.resident_a.id]], 2)
    assert _cast(client, world, first, token).status_code == 200  # the app learns the open vote
    reached = _app_requests(gateway_app)
    answer = _cast(client, world, second, token)
    assert reached == []
    assert answer.status_code == 200 and answer.get_json()["tracker"] == ballots_mod.tracker(second)
    assert answer.get_json()["state"] == "pending"
    assert client.get(answer.get_json()["poll"]).get_json()["state"] == "pending"
    assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    with gateway_app.app_context():
        row = db.session.scalar(db.select(CastSubmission).where(CastSubmission.tracker == ballots_mod.tracker(second)))
        assert row.user_id == community.resident_a.id


def test_a_cast_without_a_valid_csrf_token_is_refused_and_queues_nothing(gateway_app, world, community):
    client, token = _signed_in(gateway_app, community.resident_a.id)
    warm, ballot = _ballots(client, world, world.slips[world.rolls[community.resident_a.id]], 2)
    _cast(client, world, warm, token)
    queued = _queued(gateway_app)
    other, other_token = _signed_in(gateway_app, community.resident_b.id)
    forged = URLSafeTimedSerializer("not-the-secret", salt="wtf-csrf-token").dumps("x" * 40)
    for sent in (None, "garbage", forged, other_token):
        assert _cast(client, world, ballot, sent).status_code == 400, sent
    assert _queued(gateway_app) == queued
    assert _cast(client, world, ballot, token).status_code == 200
    assert _queued(gateway_app) == queued + 1


def test_over_https_the_referrer_must_be_this_site(gateway_app, world, community):
    site = "https://localhost"
    client, token = _signed_in(gateway_app, community.resident_a.id, base_url=site)
    warm, ballot = _ballots(client, world, world.slips[world.rolls[community.resident_a.id]], 2)
    client.post(f"/votes/{world.id}/cast", json={"ballot": warm}, base_url=site,
                headers={"X-CSRFToken": token, "Referer": f"{site}/votes/{world.id}/ballot"})
    queued = _queued(gateway_app)
    for referrer in ({}, {"Referer": "https://evil.example/votes"}):
        response = client.post(f"/votes/{world.id}/cast", json={"ballot": ballot}, base_url=site,
                               headers={"X-CSRFToken": token, **referrer})
        assert response.status_code == 400
    assert _queued(gateway_app) == queued
    reached = _app_requests(gateway_app)
    response = client.post(f"/votes/{world.id}/cast", json={"ballot": ballot}, base_url=site,
                           headers={"X-CSRFToken": token, "Referer": f"{site}/votes/{world.id}/ballot"})
    assert response.status_code == 200 and reached == []
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_session_ended_elsewhere_is_not_taken(gateway_app, world, community):
    client, token = _signed_in(gateway_app, community.resident_a.id)
    warm, ballot = _ballots(client, world, world.slips[world.rolls[community.resident_a.id]], 2)
    _cast(client, world, warm, token)
    queued = _queued(gateway_app)
    with gateway_app.app_context():
        db.session.get(User, community.resident_a.id).session_version += 1  # "sign out everywhere"
        db.session.commit()
    response = _cast(client, world, ballot, token)
    assert response.status_code in (302, 401)
    assert _queued(gateway_app) == queued


def test_what_the_gateway_passes_on_reaches_the_app_whole(gateway_app, world, community):
    client, token = _signed_in(gateway_app, community.resident_a.id)
    ballot, = _ballots(client, world, world.slips[world.rolls[community.resident_a.id]], 1)
    assert _cast(client, world, ballot, token).status_code == 200
    reached = _app_requests(gateway_app)
    # The same ballot again: the gateway's INSERT takes nothing, and the app reads the body it read.
    again = _cast(client, world, ballot, token)
    assert again.status_code == 422 and again.get_json()["code"] == "duplicate_ballot"
    broken = client.post(f"/votes/{world.id}/cast", data="{not json", content_type="application/json",
                         headers={"X-CSRFToken": token})
    assert broken.status_code == 400 and broken.get_json()["code"] == "bad_json"
    assert len(reached) == 2


def test_when_the_gateways_insert_fails_the_app_takes_the_cast(gateway_app, world, community, monkeypatch):
    from deliberation.services import quick_cast

    client, token = _signed_in(gateway_app, community.resident_a.id)
    warm, ballot = _ballots(client, world, world.slips[world.rolls[community.resident_a.id]], 2)
    _cast(client, world, warm, token)
    with gateway_app.app_context():
        driver = db.engine.dialect.loaded_dbapi

    def fail(self, engine, params):
        raise driver.OperationalError("the connection dropped")

    monkeypatch.setattr(quick_cast.Compiled, "first", fail)
    reached = _app_requests(gateway_app)
    answer = _cast(client, world, ballot, token)
    assert answer.status_code == 200 and answer.get_json()["tracker"] == ballots_mod.tracker(ballot)
    assert len(reached) == 1
    with gateway_app.app_context():
        assert db.session.scalar(db.select(CastSubmission.user_id).where(
            CastSubmission.tracker == ballots_mod.tracker(ballot))) == community.resident_a.id


def test_while_checking_the_gateway_answers_the_page_and_the_verdict_comes_from_the_app(gateway_app, world,
                                                                                         community):
    client, token = _signed_in(gateway_app, community.resident_a.id)
    warm, ballot = _ballots(client, world, world.slips[world.rolls[community.resident_a.id]], 2)
    _cast(client, world, warm, token)
    poll = _cast(client, world, ballot, token).get_json()["poll"]
    reached = _app_requests(gateway_app)
    assert client.get(poll).get_json()["state"] == "pending" and reached == []
    # Someone else asking about this ballot learns nothing from the gateway: the app says 404.
    other, _ = _signed_in(gateway_app, community.resident_b.id)
    assert other.get(poll).status_code == 404 and len(reached) == 2  # (its sign-in page view, the 404)
    assert "2 ballot(s) checked" in gateway_app.test_cli_runner().invoke(args=["check-casts"]).output
    settled = client.get(poll)
    assert settled.get_json()["state"] == "accepted" and len(reached) == 3
    assert "已投入票箱" in settled.get_json()["message"]


def test_the_gateway_follows_a_secret_key_rotation_as_the_app_does(gateway_app, world, community):
    """A new SECRET_KEY with the old one among SECRET_KEY_FALLBACKS: sessions and CSRF tokens signed with the
    old key still cast (Flask's and Flask-WTF's rule); once the old key is dropped, neither is taken."""
    client, token = _signed_in(gateway_app, community.resident_a.id)
    warm, before, kept, dropped = _ballots(client, world, world.slips[world.rolls[community.resident_a.id]], 4)
    assert _cast(client, world, warm, token).status_code == 200  # the app learns the open vote
    reached = _app_requests(gateway_app)
    assert _cast(client, world, before, token).status_code == 200 and reached == []
    old = gateway_app.secret_key
    gateway_app.config.update(SECRET_KEY="the-new-secret", SECRET_KEY_FALLBACKS=[old])
    gateway_app.secret_key = "the-new-secret"
    # Flask-WTF signs its tokens with the current key only: a page fetched now carries a new one.
    page = client.get("/account").get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    reached = _app_requests(gateway_app)
    assert _cast(client, world, kept, token).status_code == 200 and reached == []
    queued = _queued(gateway_app)
    gateway_app.config["SECRET_KEY_FALLBACKS"] = []
    client.set_cookie("session", _old_session_cookie(gateway_app, old, community.resident_a.id))
    assert _cast(client, world, dropped, token).status_code in (302, 400, 401)
    assert len(reached) == 1 and _queued(gateway_app) == queued


def _old_session_cookie(app, key, user_id):
    """A session cookie signed with `key`, as the app signed them before the rotation."""
    with app.app_context():
        version = db.session.get(User, user_id).session_version
    serializer = URLSafeTimedSerializer(key, salt="cookie-session", serializer=app.session_interface.serializer,
                                        signer_kwargs={"key_derivation": "hmac", "digest_method": "sha1"})
    return serializer.dumps({"_user_id": f"{user_id}:{version}", "_fresh": True})
