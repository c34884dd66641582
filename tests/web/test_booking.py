"""Booking shared resources through the web: slots, quotas, cut-off, approval, building limits."""
from datetime import datetime, timedelta, timezone

import pytest

from deliberation.extensions import db
from deliberation.models import AuditEntry, Booking, Notification

from ..factories import make_booking, make_resource, make_user
from .sharing_helpers import TZ, count, tomorrow_at


@pytest.fixture(autouse=True)
def english(client):
    """Read the pages in English, whatever the default language: the assertions quote English text."""
    client.set_cookie("lang", "en")


def book(client, resource_id, start, **headers):
    return client.post(f"/bookings/resources/{resource_id}", data={"start": start.isoformat()}, headers=headers)


def resource(app, community, **kw):
    with app.app_context():
        return make_resource(community.id, **kw)


def test_resident_books_a_free_slot_and_gets_a_confirmation(app, client, auth, community):
    rid = resource(app, community)
    auth.login(community.resident_a)
    response = book(client, rid, tomorrow_at(10))
    assert response.status_code == 303
    with app.app_context():
        booking = db.session.scalars(db.select(Booking)).one()
        assert booking.status == "confirmed" and booking.household_id == community.households[0].id
        assert booking.ends_at - booking.starts_at == timedelta(hours=1)
        assert db.session.scalars(db.select(Notification.kind)).all() == ["booking.confirmed"]
        assert db.session.scalar(db.select(AuditEntry.action).order_by(AuditEntry.seq.desc())) == "booking.create"


def test_calendar_shows_the_taken_slot_to_others(app, client, auth, community):
    rid = resource(app, community)
    start = tomorrow_at(10)
    with app.app_context():
        make_booking(rid, community.households[4].id, community.resident_b.id, start)
    auth.login(community.resident_a)
    page = client.get(f"/resources/{rid}?week={start.date().isoformat()}").get_data(as_text=True)
    assert 'value="' + start.isoformat() + '"' not in page
    assert 'value="' + tomorrow_at(11).isoformat() + '"' in page


def test_week_partial_is_served_to_htmx(client, auth, community, app):
    rid = resource(app, community)
    auth.login(community.resident_a)
    partial = client.get(f"/resources/{rid}?week=2026-01-05", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert partial.lstrip().startswith('<section id="week"') and "<html" not in partial


def test_slot_already_taken_is_refused_with_422_and_nothing_changes(app, client, auth, community):
    rid = resource(app, community)
    with app.app_context():
        make_booking(rid, community.households[4].id, community.resident_b.id, tomorrow_at(10), minutes=120)
    auth.login(community.resident_a)
    response = book(client, rid, tomorrow_at(11), **{"HX-Request": "true"})
    assert response.status_code == 422
    assert "Someone has just booked that time" in response.get_data(as_text=True)
    assert count(app, Booking) == 1


def test_start_off_the_slot_grid_is_refused(app, client, auth, community):
    rid = resource(app, community)
    auth.login(community.resident_a)
    assert book(client, rid, tomorrow_at(10) + timedelta(minutes=15)).status_code == 422
    assert client.post(f"/bookings/resources/{rid}", data={"start": "tomorrow"}).status_code == 422
    assert count(app, Booking) == 0


def test_quota_per_household_per_week_is_enforced_at_the_edge(app, client, auth, community):
    rid = resource(app, community, weekly_quota=2)
    with app.app_context():
        # A second resident of the same household shares its quota.
        partner = make_user(community.id, "张三妻", "13800000011", community.households[0].id)
    auth.login(community.resident_a)
    assert book(client, rid, tomorrow_at(9)).status_code == 303
    auth.logout()
    auth.login(partner)
    assert book(client, rid, tomorrow_at(10)).status_code == 303
    third = book(client, rid, tomorrow_at(11))
    assert third.status_code == 422 and "2 bookings" in third.get_data(as_text=True)
    assert count(app, Booking) == 2


def test_cancelled_booking_gives_the_quota_back(app, client, auth, community):
    rid = resource(app, community, weekly_quota=1, cancel_cutoff_minutes=60)
    auth.login(community.resident_a)
    assert book(client, rid, tomorrow_at(9)).status_code == 303
    with app.app_context():
        booking_id = db.session.scalar(db.select(Booking.id))
    assert client.post(f"/bookings/{booking_id}/cancel").status_code == 303
    assert book(client, rid, tomorrow_at(10)).status_code == 303
    assert count(app, Booking, Booking.status == "cancelled") == 1


def test_cancellation_after_the_cutoff_is_refused(app, client, auth, community):
    rid = resource(app, community, cancel_cutoff_minutes=120)
    soon = datetime.now(timezone.utc).replace(second=0, microsecond=0) + timedelta(minutes=90)
    with app.app_context():
        booking_id = make_booking(rid, community.households[0].id, community.resident_a.id, soon)
    auth.login(community.resident_a)
    response = client.post(f"/bookings/{booking_id}/cancel")
    assert response.status_code == 422
    assert "Too late to cancel" in response.get_data(as_text=True)
    assert count(app, Booking, Booking.status == "confirmed") == 1


def test_worker_may_cancel_after_the_cutoff_and_the_resident_is_told(app, client, auth, community):
    rid = resource(app, community, cancel_cutoff_minutes=120)
    soon = datetime.now(timezone.utc).replace(second=0, microsecond=0) + timedelta(minutes=30)
    with app.app_context():
        booking_id = make_booking(rid, community.households[0].id, community.resident_a.id, soon)
    auth.login(community.worker)
    assert client.post(f"/bookings/{booking_id}/cancel").status_code == 303
    assert count(app, Notification, Notification.kind == "booking.cancelled",
                 Notification.user_id == community.resident_a.id) == 1


def test_resident_cannot_cancel_another_households_booking(app, client, auth, community):
    rid = resource(app, community)
    with app.app_context():
        booking_id = make_booking(rid, community.households[4].id, community.resident_b.id, tomorrow_at(10))
    auth.login(community.resident_a)
    assert client.post(f"/bookings/{booking_id}/cancel").status_code == 404
    assert count(app, Booking, Booking.status == "confirmed") == 1


def test_resident_of_other_building_cannot_book_a_building_limited_resource(app, client, auth, community):
    rid = resource(app, community, name="访客车位", building_id=community.building_b.id)
    auth.login(community.resident_a)
    assert book(client, rid, tomorrow_at(10)).status_code == 404
    assert count(app, Booking) == 0


def test_resident_of_other_building_cannot_see_its_resource_or_bookings(app, client, auth, community):
    rid = resource(app, community, name="访客车位", building_id=community.building_b.id)
    with app.app_context():
        booking_id = make_booking(rid, community.households[4].id, community.resident_b.id, tomorrow_at(10))
    auth.login(community.resident_a)
    assert "访客车位" not in client.get("/resources/").get_data(as_text=True)
    assert client.get(f"/resources/{rid}").status_code == 404
    assert client.get(f"/resources/{rid}", headers={"HX-Request": "true"}).status_code == 404
    assert client.get(f"/bookings/{booking_id}/return-photo").status_code == 404
    auth.logout()
    auth.login(community.resident_b)
    assert book(client, rid, tomorrow_at(11)).status_code == 303


def test_booking_needing_approval_waits_for_a_worker(app, client, auth, community):
    rid = resource(app, community, needs_approval=True)
    auth.login(community.resident_a)
    assert book(client, rid, tomorrow_at(10)).status_code == 303
    with app.app_context():
        booking_id = db.session.scalar(db.select(Booking.id).where(Booking.status == "pending"))
    assert count(app, Notification, Notification.kind == "booking.to_approve") == 2  # worker and admin
    assert client.post(f"/bookings/{booking_id}/approve").status_code == 403
    auth.logout()
    auth.login(community.worker)
    assert "张三" in client.get("/bookings/manage").get_data(as_text=True)
    assert client.post(f"/bookings/{booking_id}/approve").status_code == 303
    assert count(app, Booking, Booking.status == "confirmed") == 1
    assert count(app, Notification, Notification.kind == "booking.approved") == 1


def test_pending_booking_still_holds_its_slot(app, client, auth, community):
    rid = resource(app, community, needs_approval=True)
    auth.login(community.resident_a)
    book(client, rid, tomorrow_at(10))
    auth.logout()
    auth.login(community.resident_b)
    assert book(client, rid, tomorrow_at(10)).status_code == 422


def test_my_bookings_lists_the_households_bookings_only(app, client, auth, community):
    rid = resource(app, community, name="人字梯")
    other = resource(app, community, name="电钻")
    with app.app_context():
        make_booking(rid, community.households[0].id, community.resident_a.id, tomorrow_at(10))
        make_booking(other, community.households[4].id, community.resident_b.id, tomorrow_at(10))
    auth.login(community.resident_a)
    page = client.get("/bookings/").get_data(as_text=True)
    assert "人字梯" in page and "电钻" not in page


def test_every_booking_time_is_stored_in_utc_and_shown_in_local_time(app, client, auth, community):
    rid = resource(app, community)
    auth.login(community.resident_a)
    book(client, rid, tomorrow_at(10))
    with app.app_context():
        booking = db.session.scalars(db.select(Booking)).one()
        assert booking.starts_at.astimezone(TZ).hour == 10


def test_htmx_booking_returns_the_refreshed_week_with_a_confirmation(app, client, auth, community):
    rid = resource(app, community)
    auth.login(community.resident_a)
    response = book(client, rid, tomorrow_at(10), **{"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.lstrip().startswith('<section id="week"')
    assert "Booked. You will get a reminder the day before." in page and 'class="slot mine"' in page


def test_sharing_pages_carry_no_inline_script(app, client, auth, community):
    import re

    rid = resource(app, community)
    auth.login(community.worker)
    for path in ("/resources/", f"/resources/{rid}", "/resources/new", "/bookings/", "/bookings/manage",
                 "/timebank", "/timebank/me"):
        page = client.get(path).get_data(as_text=True)
        assert re.findall(r"<script(?![^>]*\bsrc=)", page) == [], path
        assert not re.search(r"\son[a-z]+=", page), path


def test_refusals_read_in_chinese_by_default(app, community):
    rid = resource(app, community)
    with app.app_context():
        make_booking(rid, community.households[4].id, community.resident_b.id, tomorrow_at(10))
    client = app.test_client()  # no language chosen: Chinese
    client.post("/login", data={"identifier": community.resident_a.phone, "password": "password1"})
    page = book(client, rid, tomorrow_at(10)).get_data(as_text=True)
    assert "该时段刚刚被别人预约了" in page
