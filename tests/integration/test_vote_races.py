"""Concurrent casts with one credential against a real server: one counted ballot, a linear chain."""
import json
import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest

from deliberation.crypto import ballot as ballots_mod
from deliberation.crypto.record import chain_head
from deliberation.extensions import db
from deliberation.models import Ballot, CastSubmission, Vote
from deliberation.services import vote_casting, vote_chain, vote_checker

from .. import vote_world

ROUNDS, CASTS = 50, 20


def _session(base, phone):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    opener.open(base + "/login", urlencode({"identifier": phone, "password": "password1"}).encode())
    return opener


def _cast(opener, url, ballot, token=None):
    headers = {"Content-Type": "application/json", **({"X-CSRFToken": token} if token else {})}
    request = urllib.request.Request(url, json.dumps({"ballot": ballot}).encode(), headers)
    try:
        with opener.open(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()) if error.code in (400, 422) else {}


@pytest.mark.postgres
@pytest.mark.slow
def test_fifty_rounds_of_twenty_concurrent_casts_with_one_credential(app, community, live_server):
    with app.app_context():
        world = vote_world.open_vote(community)
        secret = world.slips[world.rolls[community.resident_a.id]]
        election, _ = vote_casting.election_of(db.session.get(Vote, world.id))
        prepared = [ballots_mod.build_ballot(election, secret, [[i % 2, 1 - i % 2, 0]])[0]
                    for i in range(ROUNDS * CASTS)]
    openers = [_session(live_server, community.resident_a.phone) for _ in range(CASTS)]
    url = f"{live_server}/votes/{world.id}/cast"
    with ThreadPoolExecutor(CASTS) as pool:
        for r in range(ROUNDS):
            batch = prepared[r * CASTS:(r + 1) * CASTS]
            answers = list(pool.map(_cast, openers, [url] * CASTS, batch))
            # Each is taken (200) or, when a checker has already put a later-submitted one of these on the
            # board, refused as superseded (422): never a server error, never a second counted ballot.
            assert all(status == 200 or (status == 422 and body["code"] == "superseded")
                       for status, body in answers), f"round {r + 1}: {answers}"
            with app.app_context():
                counted = db.session.scalars(db.select(Ballot).where(
                    Ballot.vote_id == world.id, Ballot.replaced.is_(False))).all()
                assert len(counted) == 1, f"round {r + 1}"
                assert not db.session.scalar(db.select(CastSubmission.id).where(CastSubmission.status == "pending"))
    with app.app_context():
        vote = db.session.get(Vote, world.id)
        events = vote_chain.events(vote)
        outcomes = db.session.execute(db.select(CastSubmission.status, CastSubmission.code)).all()
        assert len(outcomes) == ROUNDS * CASTS
        assert {tuple(o) for o in outcomes} <= {("accepted", None), ("refused", "superseded")}
        accepted = sum(o.status == "accepted" for o in outcomes)
        assert len(events) == 1 + accepted >= 1 + ROUNDS
        assert chain_head(events) == vote.chain_head
        last = db.session.scalars(db.select(Ballot).where(Ballot.vote_id == world.id).order_by(Ballot.seq.desc())).first()
        assert not last.replaced


def _token(opener, base):
    page = opener.open(base + "/account").read().decode()
    return re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)


@pytest.mark.postgres
def test_concurrent_casts_through_the_cast_gateway_queue_each_ballot_once(app, community, live_server):
    """As deployed (CSRF on, proofs checked after the answer): 20 clients post one ballot at once,
    then 20 different ballots of one credential at once, ten rounds of each. The same ballot is
    queued once and the others refused as duplicates; of different ballots every one is queued
    and exactly one counts. Never a server error."""
    app.config["VOTE_CAST_CHECK"] = "external"
    with app.app_context():
        world = vote_world.open_vote(community)
        secret = world.slips[world.rolls[community.resident_a.id]]
        election, _ = vote_casting.election_of(db.session.get(Vote, world.id))
        prepared = [ballots_mod.build_ballot(election, secret, [[i % 2, 1 - i % 2, 0]])[0]
                    for i in range(1 + 10 + 10 * CASTS)]
    openers = [_session(live_server, community.resident_a.phone) for _ in range(CASTS)]
    app.config["WTF_CSRF_ENABLED"] = True
    tokens = [_token(opener, live_server) for opener in openers]
    url = f"{live_server}/votes/{world.id}/cast"
    assert _cast(openers[0], url, prepared.pop(), tokens[0])[0] == 200  # the server learns the open vote
    with ThreadPoolExecutor(CASTS) as pool:
        for r in range(10):
            same = prepared.pop()
            answers = list(pool.map(_cast, openers, [url] * CASTS, [same] * CASTS, tokens))
            assert sorted(status for status, _ in answers) == [200] + [422] * (CASTS - 1), f"round {r + 1}"
            assert {body["code"] for status, body in answers if status == 422} == {"duplicate_ballot"}
            batch = [prepared.pop() for _ in range(CASTS)]
            answers = list(pool.map(_cast, openers, [url] * CASTS, batch, tokens))
            assert [status for status, _ in answers] == [200] * CASTS, f"round {r + 1}: {answers}"
            with app.app_context():
                vote_checker.drain(world.id)
                counted = db.session.scalars(db.select(Ballot).where(
                    Ballot.vote_id == world.id, Ballot.replaced.is_(False))).all()
                assert len(counted) == 1, f"round {r + 1}"
    with app.app_context():
        queued = db.session.scalar(db.select(db.func.count()).select_from(CastSubmission))
        assert queued == 1 + 10 * (1 + CASTS)
        vote = db.session.get(Vote, world.id)
        assert chain_head(vote_chain.events(vote)) == vote.chain_head
