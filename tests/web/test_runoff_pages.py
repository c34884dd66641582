"""The result page of a council election with tied seats, and the runoff that staff open from it."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from deliberation.extensions import db
from deliberation.models import AuditEntry, Vote
from deliberation.models.base import utcnow

from ..integration.test_runoffs import published_election

TWO_SEATS_TIE = [[1, 1, 0, 0, 0], [1, 0, 1, 0, 0], [1, 0, 0, 1, 0]]  # 张三 3; 李四, 王五, 赵六 1 each


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


def _election(app, community, picks, seats):
    with app.app_context():
        return published_election(community, picks, seats)


def _times(days=7, hours=72):
    opens = (utcnow() + timedelta(days=days)).replace(tzinfo=None)
    return {"opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (opens + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")}


def _runoff_count(app, vote_id):
    with app.app_context():
        return db.session.scalar(select(func.count(Vote.id)).where(Vote.runoff_of_id == vote_id))


def test_result_says_which_candidates_tie_for_which_seats_and_shows_who_is_elected(app, client, auth, community):
    vote_id = _election(app, community, TWO_SEATS_TIE, 3)
    auth.login(community.resident_a)
    page = client.get(f"/votes/{vote_id}/result").get_data(as_text=True)
    assert re.search(r"Elected:\s*<strong>张三</strong>\s*</p>", page)
    assert ("Seats 2 to 3 are not filled: 李四, 王五, 赵六 have the same number of votes (1) for these 2 seats."
            in page)
    assert "Open a runoff" not in page and "The community office will call a runoff" in page


def test_no_seat_filled_outright_when_everyone_ties_for_it(app, client, auth, community):
    vote_id = _election(app, community, [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0]], 1)
    auth.login(community.worker)
    page = client.get(f"/votes/{vote_id}/result").get_data(as_text=True)
    assert "No seat is filled outright." in page and "participation is below" not in page
    assert "Seat 1 is not filled: 张三, 李四 have the same number of votes (1)." in page


def test_staff_open_a_runoff_linked_both_ways(app, client, auth, community):
    vote_id = _election(app, community, TWO_SEATS_TIE, 3)
    auth.login(community.worker)
    page = client.get(f"/votes/{vote_id}/result").get_data(as_text=True)
    assert "Open a runoff" in page and "runoff for the tied seats" in page   # the title is filled in
    response = client.post(f"/votes/{vote_id}/runoff", data={"title": "再次投票", **_times()})
    assert response.status_code == 303
    runoff_id = int(re.search(r"/votes/(\d+)$", response.headers["Location"]).group(1))
    with app.app_context():
        runoff = db.session.get(Vote, runoff_id)
        assert runoff.status == "draft" and runoff.runoff_of_id == vote_id
        assert runoff.questions[0]["choices"] == ["李四", "王五", "赵六"] and runoff.questions[0]["max"] == 2
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "vote.runoff",
                                                          AuditEntry.object_id == str(vote_id)))
    shown = client.get(f"/votes/{runoff_id}").get_data(as_text=True)
    assert "Runoff of" in shown and f'href="/votes/{vote_id}/result"' in shown
    result = client.get(f"/votes/{vote_id}/result").get_data(as_text=True)
    assert f'href="/votes/{runoff_id}"' in result and "Open a runoff" not in result


def test_a_second_runoff_gets_a_message_and_changes_nothing(app, client, auth, community):
    vote_id = _election(app, community, TWO_SEATS_TIE, 3)
    auth.login(community.worker)
    assert client.post(f"/votes/{vote_id}/runoff", data={"title": "再次投票", **_times()}).status_code == 303
    again = client.post(f"/votes/{vote_id}/runoff", data={"title": "又一次", **_times()})
    assert again.status_code == 422 and "A runoff for this election already exists." in again.get_data(as_text=True)
    assert _runoff_count(app, vote_id) == 1


@pytest.mark.parametrize("data, message", [
    ({"title": "再次投票", **_times(hours=-1)}, "The vote must close after it opens."),
    ({"title": "", **_times()}, "This field is required."),
    ({"title": "再次投票", "opens_at": "next week", "closes_at": "soon"}, "Not a valid datetime value."),
])
def test_bad_input_gets_a_message_and_opens_no_runoff(app, client, auth, community, data, message):
    vote_id = _election(app, community, [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0]], 1)
    auth.login(community.worker)
    response = client.post(f"/votes/{vote_id}/runoff", data=data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert _runoff_count(app, vote_id) == 0
    with app.app_context():
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "vote.runoff")) is None


def test_residents_cannot_open_a_runoff(app, client, auth, community):
    vote_id = _election(app, community, [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0]], 1)
    auth.login(community.resident_a)
    assert client.post(f"/votes/{vote_id}/runoff", data={"title": "x", **_times()}).status_code == 404
    assert _runoff_count(app, vote_id) == 0


def test_runoff_needs_the_csrf_token(make_app, community):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    with csrf_app.app_context():
        vote_id = published_election(community, [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0]], 1)
    client = csrf_app.test_client()
    client.set_cookie("lang", "en")
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"identifier": community.worker.phone, "password": "password1", "csrf_token": token})
    assert client.post(f"/votes/{vote_id}/runoff", data={"title": "再次投票", **_times()}).status_code == 400
    assert _runoff_count(csrf_app, vote_id) == 0
    page = client.get(f"/votes/{vote_id}/result").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(f"/votes/{vote_id}/runoff", data={"title": "再次投票", "csrf_token": token, **_times()})
    assert response.status_code == 303 and _runoff_count(csrf_app, vote_id) == 1


def test_tied_seats_are_explained_in_chinese_by_default(app, client, auth, community):
    vote_id = _election(app, community, TWO_SEATS_TIE, 3)
    client.set_cookie("lang", "zh_CN")
    auth.login(community.worker)
    page = client.get(f"/votes/{vote_id}/result").get_data(as_text=True)
    assert "第 2 至第 3 个名额空缺：李四、王五、赵六 得票相等（各 1 票），争这 2 个名额。" in page
    assert "组织再次投票" in page
