"""Dates of birth: workers record them, residents see theirs, and a vote of adults warns about gaps."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from deliberation.extensions import db
from deliberation.models import AuditEntry, User
from deliberation.models.base import utcnow

from .. import vote_world
from ..factories import make_other_community, make_user


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


def _birth(app, user_id):
    with app.app_context():
        user = db.session.get(User, user_id)
        return user.birth_date, user.birth_year_only


def _audits(app, action):
    with app.app_context():
        return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_worker_records_a_date_of_birth_and_the_resident_sees_it(app, client, auth, community):
    auth.login(community.worker)
    response = client.post(f"/residents/{community.resident_a.id}/birth-date?status=verified",
                           data={"birth_date": "1956/3/8"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/residents/?status=verified")
    assert _birth(app, community.resident_a.id) == (date(1956, 3, 8), False)
    assert len(_audits(app, "resident.birth_date")) == 1
    listing = client.get("/residents/").get_data(as_text=True)
    assert 'value="1956-03-08"' in listing
    auth.logout()
    auth.login(community.resident_a)
    assert "Mar 8, 1956" in client.get("/account").get_data(as_text=True)


def test_a_year_alone_is_recorded_as_such(app, client, auth, community):
    auth.login(community.worker)
    client.post(f"/residents/{community.resident_a.id}/birth-date", data={"birth_date": "1956"})
    assert _birth(app, community.resident_a.id) == (date(1956, 1, 1), True)
    auth.logout()
    auth.login(community.resident_a)
    page = client.get("/account").get_data(as_text=True)
    assert "1956 (year only)" in page and "Jan 1, 1956" not in page


def test_account_says_when_no_date_of_birth_is_recorded(client, auth, community):
    auth.login(community.resident_b)
    page = client.get("/account").get_data(as_text=True)
    assert re.search(r'id="my-birth-date"><span class="muted">not recorded</span>', page)


@pytest.mark.parametrize("typed, message", [
    ("1956-02-30", "The date of birth “1956-02-30” is not a date: write it as 1980-05-17, or the year alone (1980)."),
    ("2999-01-01", "The date of birth “2999-01-01” lies in the future."),
    ("", "Type the date of birth, such as 1980-05-17, or the year alone (1980)."),
])
def test_a_bad_date_of_birth_is_explained_beside_the_resident_and_changes_nothing(app, client, auth, community,
                                                                               typed, message):
    auth.login(community.worker)
    response = client.post(f"/residents/{community.resident_a.id}/birth-date", data={"birth_date": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<p class="error" id="birth-error-{community.resident_a.id}">{message}</p>' in page
    assert f'value="{typed}"' in page   # what was typed comes back to be corrected
    # The field points at both the error and the format, which stays in view (no vanishing placeholder).
    assert f'aria-describedby="birth-format birth-error-{community.resident_a.id}"' in page
    assert '<span class="hint" id="birth-format">such as 1980-05-17, or 1980</span>' in page
    assert _birth(app, community.resident_a.id) == (None, False)
    assert _audits(app, "resident.birth_date") == []


def test_bad_date_is_explained_in_chinese_by_default(app, client, auth, community):
    client.set_cookie("lang", "zh_CN")
    auth.login(community.worker)
    page = client.post(f"/residents/{community.resident_a.id}/birth-date",
                       data={"birth_date": "明年"}).get_data(as_text=True)
    assert "出生日期“明年”不是日期" in page and "如 1980-05-17，或只写 1980" in page


def test_verifying_a_resident_records_the_date_of_birth_typed_beside_them(app, client, auth, community):
    with app.app_context():
        pending = make_user(community.id, "新居民", "13800000031", community.households[2].id, status="pending")
    auth.login(community.worker)
    page = client.get("/residents/?status=pending").get_data(as_text=True)
    assert f'form="verify-{pending.id}"' in page and f'id="verify-{pending.id}"' in page
    bad = client.post(f"/residents/{pending.id}/verify", data={"birth_date": "1990-13-01"})
    assert bad.status_code == 422
    with app.app_context():
        assert db.session.get(User, pending.id).status == "pending"
    assert client.post(f"/residents/{pending.id}/verify", data={"birth_date": "1990-12-01"}).status_code == 303
    with app.app_context():
        user = db.session.get(User, pending.id)
        assert user.status == "verified" and user.birth_date == date(1990, 12, 1)
    assert [e.action for e in _audits(app, "resident.birth_date")] == ["resident.birth_date"]


def test_the_list_finds_residents_without_a_date_of_birth(app, client, auth, community):
    with app.app_context():
        db.session.get(User, community.resident_a.id).birth_date = date(1956, 3, 8)
        db.session.commit()
    auth.login(community.worker)
    page = client.get("/residents/?birth=missing&status=verified").get_data(as_text=True)
    assert community.resident_b.name in page and community.resident_a.name not in page


def test_residents_cannot_record_dates_of_birth(app, client, auth, community):
    auth.login(community.resident_a)
    response = client.post(f"/residents/{community.resident_a.id}/birth-date", data={"birth_date": "1990"})
    assert response.status_code == 403
    assert _birth(app, community.resident_a.id) == (None, False)


def test_workers_of_another_community_get_404(app, client, auth, community):
    with app.app_context():
        outsider = make_user(make_other_community(), "别处的居民", "13600000002")
    auth.login(community.worker)
    response = client.post(f"/residents/{outsider.id}/birth-date", data={"birth_date": "1990"})
    assert response.status_code == 404 and _birth(app, outsider.id) == (None, False)


def test_record_needs_the_csrf_token(make_app, community):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    client = csrf_app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"identifier": community.worker.phone, "password": "password1", "csrf_token": token})
    url = f"/residents/{community.resident_a.id}/birth-date"
    assert client.post(url, data={"birth_date": "1956-03-08"}).status_code == 400
    assert _birth(csrf_app, community.resident_a.id) == (None, False)
    listing = client.get("/residents/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', listing).group(1)
    assert client.post(url, data={"birth_date": "1956-03-08", "csrf_token": token}).status_code == 303
    assert _birth(csrf_app, community.resident_a.id) == (date(1956, 3, 8), False)


def _draft_adults_vote(app, community, **overrides):
    with app.app_context():
        council, members = vote_world.seat_trustees(community)
        opens = utcnow() + timedelta(days=3)
        fields = {"eligibility": "adults", "opens_at": opens, "closes_at": opens + timedelta(days=7), **overrides}
        return vote_world.create(community, council.id, **fields), members


def test_set_up_page_warns_who_would_be_left_out_before_freezing(app, client, auth, community):
    vote_id, members = _draft_adults_vote(app, community)
    with app.app_context():
        db.session.get(User, community.resident_a.id).birth_date = date(1956, 3, 8)
        db.session.get(User, community.resident_b.id).birth_date = date.today() - timedelta(days=365 * 10)
        db.session.commit()
    auth.login(community.worker)
    page = client.get(f"/votes/{vote_id}").get_data(as_text=True)
    assert "1 verified residents are, 1 are younger" in page
    assert f"{len(members)} verified residents have no birth date recorded and would be left out." in page
    assert 'href="/residents/?birth=missing&amp;status=verified"' in page
    # A council member may set up votes but not edit residents: they are told whom to ask.
    auth.logout()
    auth.login(members[0])
    page = client.get(f"/votes/{vote_id}").get_data(as_text=True)
    assert "Ask the community office to record their dates of birth" in page and "?birth=missing" not in page


def test_set_up_page_of_a_building_vote_links_to_that_building(app, client, auth, community):
    vote_id, _ = _draft_adults_vote(app, community, building_id=community.building_b.id)
    auth.login(community.worker)
    page = client.get(f"/votes/{vote_id}").get_data(as_text=True)
    assert "1 verified resident has no birth date recorded and would be left out." in page
    assert f'?birth=missing&amp;status=verified&amp;building={community.building_b.id}"' in page


def test_owners_vote_shows_no_age_warning(app, client, auth, community):
    vote_id, _ = _draft_adults_vote(app, community, eligibility="owners")
    auth.login(community.worker)
    assert "no birth date recorded" not in client.get(f"/votes/{vote_id}").get_data(as_text=True)
