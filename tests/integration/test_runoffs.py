"""Council elections with a tie for the last seats: the seats stay empty and a runoff among the tied fills them."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from deliberation.domain.vote_rules import election_question
from deliberation.extensions import db
from deliberation.models import AuditEntry, User, Vote
from deliberation.models.base import utcnow
from deliberation.services import vote_results, vote_runoffs
from deliberation.services.votes import VoteError

from .. import vote_world
from .test_votes_flow import _cast, _finish

CANDIDATES = ["张三", "李四", "王五", "赵六", "钱七"]


def published_election(community, picks, seats, candidates=CANDIDATES, **overrides):
    """Run a council election to its published result with these ballots; return its id."""
    question = election_question("第二届居民议事会委员选举", candidates, seats)
    fields = dict(kind="election", questions=question, rule="simple_majority", weighting="headcount",
                  title="第二届居民议事会选举")
    fields.update(overrides)
    world = vote_world.open_vote(community, **fields)
    for secret, pick in zip(world.slips.values(), picks):
        _cast(world.id, secret, [pick])
    return _finish(community, world).id


def _open(vote_id, worker_id, **times):
    start = utcnow() + timedelta(days=7)
    return vote_runoffs.open_runoff(db.session.get(Vote, vote_id), db.session.get(User, worker_id),
                                    title="议事会选举再次投票", opens_at=times.get("opens_at", start),
                                    closes_at=times.get("closes_at", start + timedelta(days=3)))


def test_three_candidates_tied_for_two_seats_leave_them_empty(app, community):
    with app.app_context():
        vote_id = published_election(community, [[1, 1, 0, 0, 0], [1, 0, 1, 0, 0], [1, 0, 0, 1, 0]], 3)
        result = vote_results.vote_result(db.session.get(Vote, vote_id)).questions[0]
        assert result.headcount == [3, 1, 1, 1, 0]
        assert result.elected == [0]
        assert (result.seats.tied, result.seats.open_seats, result.seats.first_open_seat) == ([1, 2, 3], 2, 2)


def test_runoff_is_a_draft_among_exactly_the_tied_for_the_open_seats_with_the_same_settings(app, community):
    with app.app_context():
        vote_id = published_election(community, [[1, 1, 0, 0, 0], [1, 0, 1, 0, 0], [1, 0, 0, 1, 0]], 3,
                                     eligibility="owners", threshold=2)
        runoff = _open(vote_id, community.worker.id)
        first = db.session.get(Vote, vote_id)
        assert runoff.status == "draft" and runoff.kind == "election" and runoff.runoff_of_id == vote_id
        assert runoff.questions == [{"question": "第二届居民议事会委员选举", "choices": ["李四", "王五", "赵六"],
                                     "min": 1, "max": 2}]
        same = ("council_id", "building_id", "eligibility", "weighting", "rule", "custom_thresholds", "threshold",
                "group_name")
        assert all(getattr(runoff, name) == getattr(first, name) for name in same)
        assert vote_runoffs.runoffs_of(first) == [runoff]
        actions = {e.action: json.loads(e.details) for e in db.session.scalars(select(AuditEntry))}
        assert actions["vote.runoff"]["candidates"] == [["李四", "王五", "赵六"]]
        assert actions["vote.runoff"]["seats"] == [2]
        assert actions["vote.create"]["runoff_of"] == vote_id


def test_an_election_without_a_tie_has_no_runoff(app, community):
    with app.app_context():
        vote_id = published_election(community, [[0, 1, 0, 0, 0], [0, 1, 0, 0, 0], [1, 0, 0, 0, 0]], 1)
        with pytest.raises(VoteError) as error:
            _open(vote_id, community.worker.id)
        assert error.value.code == "no_tie"
        db.session.rollback()
        assert db.session.scalars(select(Vote).where(Vote.runoff_of_id == vote_id)).all() == []


def test_second_runoff_is_refused_and_bad_times_change_nothing(app, community):
    with app.app_context():
        vote_id = published_election(community, [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0]], 1)  # 张三 and 李四 tie
        start = utcnow() + timedelta(days=7)
        with pytest.raises(VoteError) as error:
            _open(vote_id, community.worker.id, opens_at=start, closes_at=start)
        assert error.value.code == "bad_times"
        assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "vote.runoff")).all() == []
        assert _open(vote_id, community.worker.id).questions[0]["choices"] == ["张三", "李四"]
        with pytest.raises(VoteError) as error:
            _open(vote_id, community.worker.id)
        assert error.value.code == "runoff_exists"
        db.session.rollback()
        assert len(db.session.scalars(select(Vote).where(Vote.runoff_of_id == vote_id)).all()) == 1


def test_concurrent_clicks_open_one_runoff(app, community, live_server):
    import urllib.error
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor
    from http.cookiejar import CookieJar
    from urllib.parse import urlencode

    with app.app_context():
        vote_id = published_election(community, [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0]], 1)
    start = (utcnow() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    end = (utcnow() + timedelta(days=9)).strftime("%Y-%m-%dT%H:%M")

    def click(_):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        opener.open(live_server + "/login", urlencode({"identifier": community.worker.phone,
                                                       "password": "password1"}).encode())
        data = urlencode({"title": "再次投票", "opens_at": start, "closes_at": end}).encode()
        try:
            with opener.open(f"{live_server}/votes/{vote_id}/runoff", data) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(click, range(6)))
    assert statuses.count(200) == 1 and statuses.count(422) == 5   # 200: the redirect to the new draft
    with app.app_context():
        assert len(db.session.scalars(select(Vote).where(Vote.runoff_of_id == vote_id)).all()) == 1
        assert len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "vote.runoff")).all()) == 1
