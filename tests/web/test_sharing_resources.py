"""Workers list shared resources; bad input is refused; photos are checked; reminders go out once."""
import io
from datetime import timedelta

import pytest
from PIL import Image

from deliberation.extensions import db
from deliberation.models import AuditEntry, Booking, Notification, Resource
from deliberation.sharing_cli import remind_bookings

from ..factories import make_booking, make_resource
from .sharing_helpers import count, tomorrow_at

GOOD = {"name": "活动室", "kind": "room", "description": "可容纳 30 人", "location": "1号楼一层",
        "building_id": "0", "slot_minutes": "60", "opens": "08:00", "closes": "21:00", "weekly_quota": "2",
        "lead_minutes": "60", "horizon_days": "14", "cancel_cutoff_minutes": "120", "needs_approval": "y",
        "deposit_note": ""}


@pytest.fixture(autouse=True)
def english(client):
    """Read the pages in English, whatever the default language: the assertions quote English text."""
    client.set_cookie("lang", "en")


def png():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, "PNG")
    out.seek(0)
    return out


def test_worker_lists_a_resource_with_a_photo(app, client, auth, community):
    auth.login(community.worker)
    response = client.post("/resources/new", data={**GOOD, "photo": (png(), "room.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    with app.app_context():
        resource = db.session.scalars(db.select(Resource)).one()
        assert resource.needs_approval and resource.opens_minute == 480 and resource.closes_minute == 1260
        assert resource.photo.endswith(".png")
        assert db.session.scalar(db.select(AuditEntry.action).order_by(AuditEntry.seq.desc())) == "resource.create"
    photo = client.get(f"/resources/{resource.id}/photo")
    assert photo.status_code == 200 and photo.mimetype == "image/png"
    photo.close()


def test_closing_before_opening_is_refused_and_nothing_is_listed(app, client, auth, community):
    auth.login(community.worker)
    response = client.post("/resources/new", data={**GOOD, "opens": "21:00", "closes": "08:00"})
    assert response.status_code == 422
    assert "Closing time must be after opening time" in response.get_data(as_text=True)
    assert count(app, Resource) == 0


def test_a_file_that_is_not_an_image_is_refused(app, client, auth, community):
    auth.login(community.worker)
    response = client.post("/resources/new", data={**GOOD, "photo": (io.BytesIO(b"<script>"), "x.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and count(app, Resource) == 0


def test_resident_cannot_list_or_edit_resources(app, client, auth, community):
    with app.app_context():
        rid = make_resource(community.id)
    auth.login(community.resident_a)
    assert client.post("/resources/new", data=GOOD).status_code == 403
    assert client.post(f"/resources/{rid}/edit", data={**GOOD, "name": "改名"}).status_code == 403
    assert count(app, Resource, Resource.name == "活动室") == 1


def test_withdrawn_resource_cannot_be_booked(app, client, auth, community):
    with app.app_context():
        rid = make_resource(community.id)
    auth.login(community.worker)
    assert client.post(f"/resources/{rid}/active", data={"active": "0"}).status_code == 303
    auth.logout()
    auth.login(community.resident_a)
    response = client.post(f"/bookings/resources/{rid}", data={"start": tomorrow_at(10).isoformat()})
    assert response.status_code == 404 and count(app, Booking) == 0


def test_check_out_and_late_return_with_photo_are_recorded_and_repeat_offenders_shown(app, client, auth, community):
    with app.app_context():
        rid = make_resource(community.id, name="电钻")
        earlier = tomorrow_at(10, days=-3)
        first = make_booking(rid, community.households[0].id, community.resident_a.id, earlier,
                             status="checked_out")
        second = make_booking(rid, community.households[0].id, community.resident_a.id, earlier + timedelta(days=1))
    auth.login(community.worker)
    assert client.post(f"/bookings/{second}/check-out").status_code == 303
    for booking_id in (first, second):
        response = client.post(f"/bookings/{booking_id}/return",
                               data={"condition": "钻头少了一个", "photo": (png(), "drill.png")},
                               content_type="multipart/form-data")
        assert response.status_code == 303
    with app.app_context():
        returned = db.session.scalars(db.select(Booking).order_by(Booking.id)).all()
        assert [b.status for b in returned] == ["returned", "returned"]
        assert all(b.minutes_late > 24 * 60 and b.return_photo for b in returned)
    desk = client.get("/bookings/manage").get_data(as_text=True)
    assert "Repeated late returns" in desk and "1号楼 1-101" in desk
    photo = client.get(f"/bookings/{first}/return-photo")
    assert photo.status_code == 200
    photo.close()


def test_return_without_condition_notes_is_refused(app, client, auth, community):
    with app.app_context():
        rid = make_resource(community.id)
        booking_id = make_booking(rid, community.households[0].id, community.resident_a.id, tomorrow_at(10))
    auth.login(community.worker)
    assert client.post(f"/bookings/{booking_id}/return", data={"condition": ""}).status_code == 422
    assert count(app, Booking, Booking.status == "confirmed") == 1


def test_reminders_go_to_tomorrows_bookings_once(app, runner, community):
    with app.app_context():
        rid = make_resource(community.id, location="1号楼一层")
        make_booking(rid, community.households[0].id, community.resident_a.id, tomorrow_at(10))
        make_booking(rid, community.households[4].id, community.resident_b.id, tomorrow_at(10, days=2))
        make_booking(rid, community.households[4].id, community.resident_b.id, tomorrow_at(12), status="cancelled")
        db.session.remove()
    assert "1 booking reminder(s) sent" in runner.invoke(remind_bookings).output
    assert "0 booking reminder(s) sent" in runner.invoke(remind_bookings).output
    assert count(app, Notification, Notification.kind == "booking.reminder",
                 Notification.user_id == community.resident_a.id) == 1
    assert count(app, Notification) == 1


def test_worker_changes_the_rules_and_the_change_is_audited(app, client, auth, community):
    with app.app_context():
        rid = make_resource(community.id, weekly_quota=2)
    auth.login(community.worker)
    form = client.get(f"/resources/{rid}/edit").get_data(as_text=True)
    assert 'value="08:00"' in form and 'value="21:00"' in form
    changed = {**GOOD, "weekly_quota": "1", "building_id": str(community.building_b.id)}
    assert client.post(f"/resources/{rid}/edit", data=changed).status_code == 303
    with app.app_context():
        resource = db.session.get(Resource, rid)
        assert resource.weekly_quota == 1 and resource.building_id == community.building_b.id
        entry = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry.action == "resource.update" and '"weekly_quota": 1' in entry.details
